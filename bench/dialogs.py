"""Realistic benchmark conversations, built from bot/generate/templates.yml filled with real item
names and aliases from the knowledge base (never from eval/: the dev set stays unseen)."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from knowledge.repository import GuideRepository

TEMPLATES = Path(__file__).resolve().parent.parent / "bot" / "generate" / "templates.yml"

# questions about one field of a guide (the core traffic), then follow-ups without the item
FIELD_INTENTS = (
    "ask_materials", "ask_conditions", "ask_summary", "ask_channels", "ask_time_limit", "ask_delivery",
    "ask_fees", "ask_hours", "ask_location", "ask_consult", "ask_complaint",
)
SMALL_TALK = ("greet", "thanks", "goodbye", "bot_identity", "handoff")

# the stock `rasa init` bot: its own intents (moodbot), same shape of traffic
STOCK_DIALOGS = [
    ["hello", "I am feeling great", "bye"],
    ["hi", "I am sad", "yes"],
    ["hey there", "very sad", "no", "goodbye"],
    ["are you a bot?", "good morning", "I am amazing"],
    ["good evening", "not good", "of course", "see you later"],
    ["am I talking to a human?", "bye"],
]


def surfaces(repo: GuideRepository) -> list[str]:
    """Official names and aliases of every guide: what people call the items."""
    found: list[str] = []
    for entry in repo.catalogue():
        found.append(entry.guide.name)
        found.extend(entry.aliases)
    return found


def build_dialogs(repo: GuideRepository, count: int = 400, seed: int = 2026) -> list[list[str]]:
    """``count`` conversations: mostly a question naming an item and 0–3 follow-ups, some small talk."""
    templates = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    items = surfaces(repo)
    rng = random.Random(seed)

    def with_item(intent: str) -> str:
        return rng.choice(templates[intent]["with_item"]).replace("{item}", rng.choice(items))

    def without_item(intent: str) -> str:
        return rng.choice(templates[intent]["without_item"])

    dialogs: list[list[str]] = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.70:  # a field question, then follow-ups on the same item
            dialog = [with_item(rng.choice(FIELD_INTENTS))]
            dialog += [without_item(i) for i in rng.sample(FIELD_INTENTS, rng.randint(0, 3))]
        elif kind < 0.85:  # overview card, then a follow-up or a switch to another item
            dialog = [with_item("ask_overview"), rng.choice([without_item(rng.choice(FIELD_INTENTS)), with_item("inform_item")])]
        elif kind < 0.95:  # small talk around a question
            dialog = [without_item("greet"), with_item(rng.choice(FIELD_INTENTS)), without_item(rng.choice(SMALL_TALK[1:]))]
        else:  # out of scope, then browsing
            dialog = [without_item("out_of_scope"), without_item("browse")]
        dialogs.append(dialog)
    return dialogs


def sample_messages(dialogs: list[list[str]], count: int, seed: int = 7) -> list[str]:
    """Single messages for latency micro-benchmarks (NLU parse, linking, search)."""
    rng = random.Random(seed)
    flat = [m for d in dialogs for m in d]
    return [rng.choice(flat) for _ in range(count)]
