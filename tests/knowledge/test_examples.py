"""Example questions: validated against the guides, stored with each version, part of full text."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from knowledge.build import build
from knowledge.examples import FIELD_NAMES, ExampleFileError, load_examples
from knowledge.repository import GuideRepository
from knowledge.search import SearchIndex
from knowledge.settings import DATA_DIR
from tests.conftest import sqlite_settings

EXAMPLES = DATA_DIR / "example_questions.yml"
EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
NEAR = 0.6  # bigram Jaccard similarity at which two questions are the same question reworded


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"questions": rows}, allow_unicode=True), encoding="utf-8")
    return path


def test_every_guide_has_example_questions_of_real_fields(sqlite_repo):
    names = {e.guide.name for e in sqlite_repo.catalogue()}
    examples = load_examples(EXAMPLES, names)
    assert {e.item for e in examples} == names
    assert {e.field for e in examples} == FIELD_NAMES  # every field and the overview are asked


def test_unknown_items_and_fields_are_refused_in_chinese(tmp_path):
    bad = _write(tmp_path / "q.yml", [{"text": "要带什么", "item": "没有这个事项", "field": "申请材料"},
                                      {"text": "几点上班", "item": "失业登记", "field": "上班时间"}])
    with pytest.raises(ExampleFileError, match="没有这个事项.*不存在.*上班时间.*不是办事指南的字段"):
        load_examples(bad, {"失业登记"})
    assert load_examples(tmp_path / "missing.yml", {"失业登记"}) == []


def test_a_build_stores_each_guides_questions(tmp_path, parsed):
    mine = _write(tmp_path / "q.yml", [{"text": "人走了卡里的钱怎么办", "item": "失业登记", "field": "overview",
                                        "style": "colloquial"}])
    settings = replace(sqlite_settings(tmp_path), examples_path=mine)
    report = build(settings, progress=lambda _m: None, parsed=parsed)
    assert report.examples == 1
    entries = {e.guide.name: e for e in GuideRepository.from_settings(settings).catalogue()}
    assert entries["失业登记"].examples == ("人走了卡里的钱怎么办",)
    assert entries["就业登记"].examples == ()


def test_example_questions_put_everyday_words_into_full_text():
    documents = [("失业保险待遇终止", [], "领取失业保险金期间重新就业的，终止待遇。"),
                 ("就业登记", [], "劳动者就业后办理就业登记。"), ("创业补贴申领", [], "创业的给予补贴。"),
                 ("工伤认定申请", [], "职工受伤后申请工伤认定。"), ("档案转递", [], "转递人事档案。")]
    plain = SearchIndex(documents)
    asked = SearchIndex([(*documents[0], ["找到新工作了失业金还领吗"]), *((*d, []) for d in documents[1:])])
    query = "找到新工作了失业金怎么办"
    assert asked.rank(query)[0][0] == 0
    assert asked.rank(query)[0][1] > plain.rank(query)[0][1]


def _grams(text: str) -> set[str]:
    text = re.sub(r"[^\w]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def test_no_example_question_rewords_an_evaluation_question():
    evaluated = []
    for path in EVAL_DIR.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        evaluated += [q["text"] for q in data.get("questions", [])]
        evaluated += [t["text"] for d in data.get("dialogues", []) for t in d["turns"]]
    evaluated_grams = [g for g in map(_grams, evaluated) if g]
    examples = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))["questions"]
    close = [q["text"] for q in examples
             if (g := _grams(q["text"])) and any(len(g & e) / len(g | e) >= NEAR for e in evaluated_grams)]
    assert close == []
