"""The parser reads all 365 items and notes every anomaly of the source."""

from collections import Counter

import pytest

from knowledge.fields import Field
from knowledge.parser import parse_text


def test_all_items_with_all_fields(parsed):
    assert len(parsed.guides) == 365
    assert [g.position for g in parsed.guides] == list(range(1, 366))
    assert len({g.code for g in parsed.guides}) == 364
    for guide in parsed.guides:
        assert guide.name and guide.code.isdigit() and len(guide.code) == 12
        assert set(guide.fields) == set(Field)
        assert all(guide.fields[f] for f in Field), guide.name


def test_no_noise_left(parsed):
    for guide in parsed.guides:
        for text in (guide.name, *guide.fields.values()):
            assert "[bookmark" not in text
            assert "办事指南" not in guide.fields[Field.COMPLAINT]
            assert not text.startswith("\t")


def test_anomalies_are_reported(parsed):
    kinds = Counter(n.kind for n in parsed.notes)
    assert kinds["no_title"] == 101
    assert kinds["toc"] == 1
    assert kinds["shared_code"] == 1
    assert kinds["title_prefix"] == 21
    assert any(n.kind == "copy_paste" and n.position == 174 for n in parsed.notes)
    shared = next(n for n in parsed.notes if n.kind == "shared_code")
    assert "000114003002" in shared.message and "职业培训学校办学许可" in shared.message


def test_titles(parsed):
    by_pos = {g.position: g for g in parsed.guides}
    assert by_pos[1].title is None  # first item: only the stray table of contents before it
    assert by_pos[10].title == "吸纳就业补贴申领"  # behind [bookmark…] noise
    assert by_pos[253].title_prefix == "省局"
    assert by_pos[302].title_prefix == "市局" and by_pos[302].title == "监理工程师"
    # the title split over two lines in the source
    assert by_pos[299].title == "省部级及以上表彰奖励获得者、记一等功奖励人员荣誉津贴审核"


def test_continuation_lines_without_indentation_are_kept(parsed):
    materials = parsed.guides[0].fields[Field.MATERIALS]
    assert materials.splitlines() == [
        "1.本人社会保障卡或居民身份证。",
        "2.附件材料：",
        "（1）营业执照（无法通过数据共享的提供）。",
        "（2）高校毕业生提供毕业证（在校学生提供学生证）（无法通过数据共享的提供）。",
        "（3）已认定就业困难人员、脱贫劳动力提供相应材料（无法通过数据共享的提供）。",
        "（4）稳定经营6个月的佐证材料（如报税单、工资单）。",
    ]


def test_rejects_a_document_without_items():
    with pytest.raises(ValueError, match="事项编码"):
        parse_text("这不是办事指南")
