"""What each NLU pipeline part adds: intent accuracy on the dev set for pipeline variants.

Trains NLU-only models (``rasa train nlu``) for the project's config and variants without
a part, then classifies the dev questions whose intent is known from their field/style.
Takes a few minutes per variant. ``python eval/nlu_ablation.py``
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.actions.constants import FIELD_INTENTS  # noqa: E402

INTENT_OF_FIELD = {field.label: intent for intent, field in FIELD_INTENTS.items()} | {"overview": "ask_overview"}


def expected_intent(q: dict) -> str | None:
    if q["style"] == "out_of_scope":
        return "out_of_scope"
    if q["style"] == "chitchat":
        return {"identity": "bot_identity"}.get(q.get("intent"), q.get("intent"))
    return INTENT_OF_FIELD.get(q.get("field") or "")


def variants(config: dict) -> dict[str, dict]:
    pipeline = config["pipeline"]
    out = {"full": config}
    no_chars = copy.deepcopy(config)
    no_chars["pipeline"] = [c for c in pipeline if c.get("analyzer") != "char_wb"]
    out["-char n-grams"] = no_chars
    plain = copy.deepcopy(config)
    plain["pipeline"][0] = {"name": "JiebaTokenizer"}  # no normaliser, no user dictionary
    out["-normaliser, -user dict"] = plain
    return out


async def accuracy(model: Path, questions: list[dict]) -> float:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    hits = 0
    for q in questions:
        parsed = await agent.parse_message(q["text"])
        hits += parsed["intent"]["name"] == q["expected"]
    return round(100 * hits / len(questions), 1)


def main() -> int:
    logging.disable(logging.WARNING)
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    dev = yaml.safe_load((ROOT / "eval" / "dev_single.yml").read_text(encoding="utf-8"))["questions"]
    questions = [q | {"expected": e} for q in dev if (e := expected_intent(q))]
    rasa = Path(sys.executable).parent / "rasa"
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, variant in variants(config).items():
            cfg = Path(tmp) / f"{len(results)}.yml"
            cfg.write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([str(rasa), "train", "nlu", "--config", str(cfg), "--nlu", "bot/data/nlu.yml",
                            "--out", tmp, "--fixed-model-name", f"m{len(results)}"], cwd=ROOT, check=True,
                           capture_output=True, env=os.environ | {"PYTHONHASHSEED": "0"})  # reproducible
            seconds = round(time.perf_counter() - started, 1)
            acc = asyncio.run(accuracy(Path(tmp) / f"m{len(results)}.tar.gz", questions))
            results[name] = {"intent_accuracy": acc, "train_seconds": seconds}
            print(f"{name:<26} intent accuracy {acc:>5}%  (train {seconds}s, {len(questions)} questions)", flush=True)
    out = ROOT / "reports" / "nlu_ablation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
