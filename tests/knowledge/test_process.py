"""Steps of one process: derived from the guides (kept current) and reviewed (naming real guides)."""

import pytest

from knowledge.parser import parse_file
from knowledge.process import DERIVED_PATH, REVIEWED_PATH, StepsError, check_reviewed, derive, render_derived
from knowledge.settings import Settings


def test_the_committed_derived_steps_are_current():
    parsed = parse_file(Settings.from_env().source_path)
    fresh = render_derived(derive([(g.name, g.fields) for g in parsed.guides]))
    assert DERIVED_PATH.read_text(encoding="utf-8") == fresh, "run `make data` (python -m knowledge steps)"
    assert "then: 劳动能力鉴定申请" in fresh  # 工伤认定申请's text names the next step


def test_reviewed_steps_name_real_guides_with_an_example(sqlite_repo, tmp_path):
    names = {e.guide.name for e in sqlite_repo.catalogue()}
    assert check_reviewed(names) >= 20
    bad = tmp_path / "steps.yml"
    bad.write_text("- after: 失业登记\n  then: 不存在的事项\n  example: 接着办什么\n", encoding="utf-8")
    with pytest.raises(StepsError, match="不存在的事项"):
        check_reviewed(names, bad)
    bad.write_text("- after: 失业登记\n  then: 失业保险金申领\n", encoding="utf-8")
    with pytest.raises(StepsError, match="没有例句"):
        check_reviewed(names, bad)
    assert REVIEWED_PATH.exists()
