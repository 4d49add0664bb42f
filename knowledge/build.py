"""Build the knowledge base from the source document, safely and idempotently.

The new version is written into its own table set; only when it is complete does one
short transaction switch ``kb_meta.active_version`` to it. A failed or interrupted
build leaves the previous version answering. The version before the active one is kept
as a fallback; it and any leftovers of an interrupted build are dropped by the next build.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import MetaData, create_engine, inspect, select
from sqlalchemy.engine import Connection, Engine

from knowledge import lexicon
from knowledge.aliases import aliases_for, load_curated
from knowledge.categories import categorise
from knowledge.examples import ExampleQuestion, load_examples
from knowledge.fields import Field
from knowledge.holidays import Calendar
from knowledge.parser import ParsedGuide, ParseResult, parse_file
from knowledge.process import check_reviewed
from knowledge.schema import ACTIVE_VERSION_KEY, META_TABLE, meta_table, table_set
from knowledge.scope import check_against
from knowledge.settings import Settings

Progress = Callable[[str], None]
_VERSIONED = re.compile(r"^kb(\d+)_(guide|alias|note|question)$")
_BATCH = 50


@dataclass(frozen=True)
class BuildReport:
    """What a build produced."""

    version: int
    guides: int
    distinct_codes: int
    aliases: int
    categories: dict[str, int]
    examples: int = 0
    notes: list[tuple[str, int | None, str]] = field(default_factory=list)


def stable_ids(guides: list[ParsedGuide]) -> list[str]:
    """A stable id per guide: its 事项编码, suffixed ``-2``, ``-3``… where a code repeats."""
    seen: Counter[str] = Counter()
    ids = []
    for guide in guides:
        seen[guide.code] += 1
        ids.append(guide.code if seen[guide.code] == 1 else f"{guide.code}-{seen[guide.code]}")
    return ids


def engine_for(url: str) -> Engine:
    """An engine for the knowledge-base URL (SQLite files get their folder created)."""
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True, pool_pre_ping=True)


def active_version(conn: Connection) -> int | None:
    """The version readers use now, or ``None`` before the first successful build."""
    if not inspect(conn).has_table(META_TABLE):
        return None
    meta = meta_table(MetaData())
    value = conn.execute(select(meta.c.value).where(meta.c.key == ACTIVE_VERSION_KEY)).scalar()
    return int(value) if value is not None else None


def _existing_versions(conn: Connection) -> set[int]:
    return {int(m.group(1)) for name in inspect(conn).get_table_names() if (m := _VERSIONED.match(name))}


def _drop_versions(engine: Engine, versions: set[int]) -> None:
    for version in versions:
        tables = table_set(version)
        with engine.begin() as conn:
            for table in reversed(tables.tables):
                table.drop(conn, checkfirst=True)


def build(settings: Settings, progress: Progress = print, parsed: ParseResult | None = None) -> BuildReport:
    """Parse the source, write a new knowledge-base version, then make it the active one."""
    progress(f"读取办事指南原文：{settings.source_path}")
    parsed = parsed or parse_file(settings.source_path)
    guides = parsed.guides
    names = {g.name for g in guides}
    curated = load_curated(settings.aliases_path, names)
    examples = load_examples(settings.examples_path, names)
    progress(f"解析完成：{len(guides)} 个事项；人工别名 {sum(map(len, curated.values()))} 条；示例问题 {len(examples)} 条。")
    checked = lexicon.check_all()  # data/lexicon: every entry has words and an example that has one
    check_against([*names, *(a for aliases in curated.values() for a in aliases)])
    steps = check_reviewed(names)  # data/process_steps.yml names real guides, each step with an example
    Calendar.from_file()  # data/holidays.yml: dates of their year, known holiday names
    progress(f"词表检查通过：{'、'.join(checked)}；人工审核的办事步骤 {steps} 条")

    engine = engine_for(settings.database_url)
    try:
        with engine.begin() as conn:
            meta_table(MetaData()).create(conn, checkfirst=True)
            current = active_version(conn)
            existing = _existing_versions(conn)
        leftovers = existing - {current} if current is not None else existing
        if leftovers:
            progress(f"清理上次未完成或过期的构建：版本 {sorted(leftovers)}")
            _drop_versions(engine, leftovers)
        version = max(existing | {current or 0}) + 1
        tables = table_set(version)
        report = _write_version(engine, tables, guides, curated, examples, parsed, progress)
        progress("切换到新版本…")
        _activate(engine, version)
    finally:
        engine.dispose()
    progress(
        f"完成：知识库版本 {version}，事项 {report.guides} 个，不同事项编码 {report.distinct_codes} 个，"
        f"别名 {report.aliases} 条，示例问题 {report.examples} 条。"
    )
    return report


def _write_version(
    engine: Engine,
    tables,
    guides: list[ParsedGuide],
    curated: dict[str, list[str]],
    examples: list[ExampleQuestion],
    parsed: ParseResult,
    progress: Progress,
) -> BuildReport:
    with engine.begin() as conn:
        for table in tables.tables:
            table.create(conn)
    ids = stable_ids(guides)
    categories: Counter[str] = Counter()
    alias_rows: list[dict[str, object]] = []
    guide_rows = []
    for guide_id, guide in zip(ids, guides):
        path = categorise(guide.code)
        categories[path.category] += 1
        guide_rows.append(
            {
                "id": guide_id,
                "position": guide.position,
                "code": guide.code,
                "name": guide.name,
                "title": guide.title,
                "title_prefix": guide.title_prefix,
                "category": path.category,
                "subcategory": path.subcategory,
                **{f.value: guide.fields[f] for f in Field},
            }
        )
        alias_rows.extend(
            {"guide_id": guide_id, "alias": entry.alias, "kind": entry.kind}
            for entry in aliases_for(guide.name, curated)
        )
    for start in range(0, len(guide_rows), _BATCH):
        batch = guide_rows[start : start + _BATCH]
        with engine.begin() as conn:
            conn.execute(tables.guide.insert(), batch)
        progress(f"写入事项 {start + len(batch)}/{len(guide_rows)}")
    id_of = {guide.name: guide_id for guide_id, guide in zip(ids, guides)}
    question_rows = [{"guide_id": id_of[e.item], "text": e.text, "field": e.field} for e in examples]
    with engine.begin() as conn:
        conn.execute(tables.alias.insert(), alias_rows)
        if question_rows:
            conn.execute(tables.question.insert(), question_rows)
        if parsed.notes:
            conn.execute(
                tables.note.insert(),
                [{"kind": n.kind, "position": n.position, "message": n.message} for n in parsed.notes],
            )
    progress(f"写入别名 {len(alias_rows)} 条、示例问题 {len(question_rows)} 条、数据质量记录 {len(parsed.notes)} 条")
    return BuildReport(
        version=tables.version,
        guides=len(guide_rows),
        distinct_codes=len({g.code for g in guides}),
        aliases=len(alias_rows),
        categories=dict(categories.most_common()),
        examples=len(question_rows),
        notes=[(n.kind, n.position, n.message) for n in parsed.notes],
    )


def _activate(engine: Engine, version: int) -> None:
    meta = meta_table(MetaData())
    with engine.begin() as conn:
        updated = conn.execute(
            meta.update().where(meta.c.key == ACTIVE_VERSION_KEY).values(value=str(version))
        ).rowcount
        if not updated:
            conn.execute(meta.insert().values(key=ACTIVE_VERSION_KEY, value=str(version)))
