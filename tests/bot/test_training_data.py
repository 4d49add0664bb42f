"""Generated training data is current, consistent with the domain, and never contains the dev set."""

from pathlib import Path

import yaml

from bot.actions.constants import FIELD_INTENTS
from bot.generate import NLU_PATH, USERDICT_PATH, generate

ROOT = Path(__file__).resolve().parents[2]


def _examples(nlu_text: str) -> dict[str, list[str]]:
    data = yaml.safe_load(nlu_text)
    return {block["intent"]: [line[2:] for line in block["examples"].splitlines()] for block in data["nlu"]}


def test_committed_training_data_is_not_stale():
    generated = generate()
    assert NLU_PATH.read_text(encoding="utf-8") == generated.nlu, "bot/data/nlu.yml is stale: run `make data`"
    assert USERDICT_PATH.read_text(encoding="utf-8") == generated.userdict, "userdict is stale: run `make data`"


def test_every_intent_is_in_the_domain_and_has_a_rule():
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((ROOT / "bot" / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
    ruled = {rule["steps"][0]["intent"] for rule in rules}
    intents = set(_examples(NLU_PATH.read_text(encoding="utf-8")))
    assert intents == set(domain["intents"])
    assert set(FIELD_INTENTS) <= intents
    assert intents <= ruled


def test_dev_set_questions_are_not_training_examples():
    training = {e for examples in _examples(NLU_PATH.read_text(encoding="utf-8")).values() for e in examples}
    sets = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "eval").glob("*.yml"))]
    texts = {q["text"] for data in sets for q in data.get("questions", [])}
    texts |= {t["text"] for data in sets for d in data.get("dialogues", []) for t in d["turns"]}
    assert len(texts) > 1000  # dev and fresh sets, questions and dialogue turns
    leaked = sorted(texts & training)
    # a very short generic turn ("谢谢", "要多久") may coincide; nothing longer may
    assert [t for t in leaked if len(t) > 4] == []


def test_a_surface_added_wins_only_its_share_of_the_slots():
    from bot.generate import _Draws

    surfaces = [f"事项{i}" for i in range(300)]
    before, after = _Draws(surfaces), _Draws([*surfaces, "新别名"])
    slots = [f"ask_materials:{i}" for i in range(3000)]
    changed = [slot for slot in slots if before.best(slot) != after.best(slot)]
    assert 0 < len(changed) < 40  # about 3000 / 301; a shared random sequence would change nearly all
    assert all(after.best(slot) == ["新别名"] for slot in changed)
