"""The evaluation question sets name real guides and fields, so a wrong label cannot hide a bot error."""

from pathlib import Path

import pytest
import yaml

from knowledge.fields import Field

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
FRESH_SETS = [p for p in sorted(EVAL_DIR.glob("fresh_*.yml")) if "questions" in yaml.safe_load(p.read_text(encoding="utf-8"))]
SINGLE_SETS = [EVAL_DIR / "dev_single.yml", *FRESH_SETS]
DIALOGUE_SETS = [EVAL_DIR / "dev_dialogues.yml", *sorted(EVAL_DIR.glob("fresh_dialogues*.yml"))]
FIELDS = {f.label for f in Field} | {"overview"}
PATTERNS = {"first", "follow_up", "reply_to_offer", "switch", "next_step", "focus_words", "go_back", "situation",
            "correction", "out_of_scope", "chitchat"}  # what a dialogue turn does (eval/run_eval.py)


@pytest.mark.parametrize("path", SINGLE_SETS, ids=lambda p: p.stem)
def test_every_question_names_a_guide_and_a_field(path, sqlite_repo):
    names = {entry.guide.name for entry in sqlite_repo.catalogue()}
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    assert questions
    for q in questions:
        if q.get("item") is not None:
            assert q["item"] in names, q
        if q.get("field") is not None:
            assert q["field"] in FIELDS, q


def test_fresh_sets_are_distinct_questions_over_many_items():
    # written independently for items drawn at random (a later set may draw an item again)
    sets = [yaml.safe_load(p.read_text(encoding="utf-8"))["questions"] for p in FRESH_SETS]
    assert len(sets) >= 3
    sets = [[q for q in questions if q.get("item")] for questions in sets]  # general and out-of-scope sets name none
    sets = [questions for questions in sets if len(questions) >= 50]
    assert all(len({q["item"] for q in questions}) >= 30 for questions in sets)
    texts = [{q["text"] for q in questions} for questions in sets]
    assert all(not (a & b) for i, a in enumerate(texts) for b in texts[i + 1:])


@pytest.mark.parametrize("path", DIALOGUE_SETS, ids=lambda p: p.stem)
def test_every_dialogue_turn_names_a_guide_and_a_field(path, sqlite_repo):
    names = {entry.guide.name for entry in sqlite_repo.catalogue()}
    dialogues = yaml.safe_load(path.read_text(encoding="utf-8"))["dialogues"]
    assert len(dialogues) >= 30
    for turn in (t for d in dialogues for t in d["turns"]):
        assert turn.get("item") is None or turn["item"] in names, turn
        assert all(c in names for c in turn.get("candidates") or []), turn
        assert turn.get("field") is None or turn["field"] in FIELDS, turn
        assert turn.get("pattern") is None or turn["pattern"] in PATTERNS, turn
