"""Vocabulary kept as data: every file is checked, and a fault names the file and line."""

import pytest

from knowledge import lexicon


def test_every_lexicon_file_is_valid():
    assert {"departments.yml", "dialogue.yml", "everyday.yml", "field_cues.yml", "general.yml", "schemes.yml"} <= set(
        lexicon.check_all())


@pytest.mark.parametrize(("text", "fault"), [
    ("机关事业:\n  - words: [事业编]\n    example: 他在县医院上班\n", "例句“他在县医院上班”不含本条的任何一个词语"),
    ("机关事业:\n  - words: []\n    example: 他是事业编\n", "没有词语"),
    ("机关事业:\n  - words: [事业编]\n", "没有例句"),
    ("a:\n  - words: [事业编]\n    example: 事业编\nb:\n  - words: [事业编]\n    example: 事业编\n", "重复"),
])
def test_a_faulty_entry_is_refused_with_its_line(text, fault):
    with pytest.raises(lexicon.LexiconError, match=fault) as error:
        lexicon.parse(text, "data/lexicon/x.yml")
    assert "data/lexicon/x.yml:" in str(error.value)


def test_a_word_may_leave_a_gap_between_its_parts():
    assert lexicon.found("户口…迁", "孩子户口要迁回来") and not lexicon.found("户口…迁", "迁户口")
    entry = lexicon.parse("公安部门:\n  - words: [户口…迁]\n    example: 户口要迁走\n")["公安部门"][0]
    assert entry.line == 2
