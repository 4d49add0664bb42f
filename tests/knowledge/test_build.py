"""Building is idempotent, and an interrupted rebuild leaves the old knowledge base answering."""

import subprocess
import sys
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, inspect

from knowledge.build import build
from knowledge.repository import GuideRepository, KnowledgeBaseMissing
from knowledge.settings import PROJECT_ROOT, Settings
from tests.conftest import postgres_schema_url, sqlite_settings


class Interrupted(KeyboardInterrupt):
    pass


def interrupt_after(marker: str):
    def progress(message: str) -> None:
        if marker in message:
            raise Interrupted(message)

    return progress


def _table_names(settings: Settings) -> set[str]:
    engine = create_engine(settings.database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_missing_knowledge_base_says_so(tmp_path):
    repo = GuideRepository.from_settings(sqlite_settings(tmp_path))
    with pytest.raises(KnowledgeBaseMissing, match="python -m knowledge build"):
        repo.get("002014105001")


@pytest.mark.parametrize("db", ["sqlite", "postgres"])
def test_interrupted_rebuild_keeps_old_version(db, tmp_path, parsed):
    if db == "sqlite":
        _check_interrupted_rebuild(sqlite_settings(tmp_path), parsed)
    else:
        with postgres_schema_url() as url:
            _check_interrupted_rebuild(replace(sqlite_settings(tmp_path), database_url=url), parsed)


def _check_interrupted_rebuild(settings: Settings, parsed) -> None:
    first = build(settings, progress=lambda _m: None, parsed=parsed)
    repo = GuideRepository.from_settings(settings, version_ttl=0)  # see each swap at once
    assert repo.version() == first.version

    with pytest.raises(Interrupted):
        build(settings, progress=interrupt_after("写入事项 100/"), parsed=parsed)
    # the half-written version exists, but readers still see the complete old one
    assert f"kb{first.version + 1}_guide" in _table_names(settings)
    assert repo.version() == first.version
    assert repo.by_name("失业登记").code == "002014104001"
    assert repo.stats().guides == 365

    second = build(settings, progress=lambda _m: None, parsed=parsed)
    assert second.version == first.version + 2
    assert repo.version() == second.version and repo.stats().guides == 365
    assert f"kb{first.version + 1}_guide" not in _table_names(settings)  # leftovers dropped


def test_bad_alias_file_fails_before_touching_the_database(tmp_path, parsed):
    settings = sqlite_settings(tmp_path)
    bad = tmp_path / "aliases.yml"
    bad.write_text("不存在的事项: [某别名]\n", encoding="utf-8")
    settings = Settings(settings.database_url, settings.source_path, bad)
    with pytest.raises(ValueError, match="不存在的事项"):
        build(settings, progress=lambda _m: None, parsed=parsed)
    assert not (tmp_path / "kb.sqlite3").exists()


def test_cli_stats_and_show(sqlite_kb):
    env = {"KB_DATABASE_URL": sqlite_kb.database_url, "PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "knowledge", "stats"], capture_output=True, text=True, env=env, cwd="/", check=True
    ).stdout
    assert "事项总数：365" in out and "不同事项编码：364" in out and "每个事项字段数：12" in out
    assert "社会保险：" in out
    out = subprocess.run(
        [sys.executable, "-m", "knowledge", "show", "失业金"], capture_output=True, text=True, env=env, cwd="/", check=True
    ).stdout
    assert "【失业保险金申领】" in out and "■ 申请材料" in out
    out = subprocess.run(
        [sys.executable, "-m", "knowledge", "search", "创业", "贷款"], capture_output=True, text=True, env=env, cwd="/"
    ).stdout
    assert "创业担保贷款" in out
