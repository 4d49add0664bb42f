"""The bot without its servers, for fast evaluation while developing: ``run_eval.py --offline``.

The trained model's NLU reads each text once (its parses are cached per model file in
``data/runtime/nlu_cache/``); the rules map the intent to its action, as Rasa's RulePolicy does
(``bot/data/rules.yml``: one action per intent, slots do not influence it); the action runs on a
rasa_sdk ``Tracker`` with the conversation's slots, as the action server would. Domain
responses are read from ``bot/domain.yml``. What a user sees is the same text as over REST;
what differs is only speed (no HTTP, no tracker store, no lock store), so the final figures of a
change are still taken over REST (``make eval``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "baishitong.tar.gz"
CACHE_DIR = ROOT / "data" / "runtime" / "nlu_cache"


def _digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:16]


class NluCache:
    """Intent parses of the trained model, read once per text and kept on disk."""

    def __init__(self, model: Path = MODEL) -> None:
        self.model = model
        self.path = CACHE_DIR / f"{_digest(model)}.json"
        self.parses: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        self._agent: Any = None

    def prefetch(self, texts: Iterable[str]) -> None:
        """Parse every text not cached yet (loading the model only if there is one), then save."""
        missing = sorted({t for t in texts if t not in self.parses})
        if not missing:
            return
        if self._agent is None:
            logging.getLogger("rasa").setLevel(logging.ERROR)
            from rasa.core.agent import Agent

            self._agent = Agent.load(str(self.model))
        print(f"NLU：解析 {len(missing)} 条新文本…", flush=True)

        async def parse_all() -> None:
            for text in missing:
                parsed = await self._agent.parse_message(text)
                intent = parsed.get("intent") or {}
                self.parses[text] = {"name": intent.get("name"), "confidence": float(intent.get("confidence") or 0.0)}

        asyncio.run(parse_all())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.parses, ensure_ascii=False), encoding="utf-8")

    def intent(self, text: str) -> dict:
        if text not in self.parses:
            self.prefetch([text])
        return self.parses[text]


def rule_actions(rules_path: Path = ROOT / "bot" / "data" / "rules.yml") -> dict[str, str]:
    """intent → action, from the rules (each rule is one intent and one action)."""
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))["rules"]
    return {r["steps"][0]["intent"]: r["steps"][1]["action"] for r in rules}


def domain_responses(domain_path: Path = ROOT / "bot" / "domain.yml") -> dict[str, list[dict]]:
    return yaml.safe_load(domain_path.read_text(encoding="utf-8"))["responses"]


class OfflineBot:
    """``send(sender, text)`` like the REST channel, with slots kept per sender."""

    def __init__(self, nlu: NluCache) -> None:
        import bot.actions  # noqa: F401  (defines the action classes)
        from bot.actions.base import AssistantAction
        from bot.actions.services import shared_assistant

        self.nlu = nlu
        self.assistant = shared_assistant()
        self.actions = {cls().name(): cls(assistant=self.assistant) for cls in _subclasses(AssistantAction)}
        self.rules = rule_actions()
        self.responses = domain_responses()
        self.slots: dict[str, dict[str, Any]] = {}

    def send(self, sender: str, text: str) -> list[dict]:
        from rasa_sdk import Tracker
        from rasa_sdk.executor import CollectingDispatcher

        intent = self.nlu.intent(text)
        action = self.rules.get(intent["name"] or "", "action_fallback")
        slots = self.slots.setdefault(sender, {})
        tracker = Tracker(sender, dict(slots), {"text": text, "intent": intent, "entities": []}, [], False, None, {},
                          "action_listen")
        dispatcher = CollectingDispatcher()
        events = asyncio.run(self.actions[action].run(dispatcher, tracker, {}))
        for event in events:
            if event.get("event") == "slot":
                slots[event["name"]] = event["value"]
        out = []
        for message in dispatcher.messages:
            if message.get("response"):
                out.extend({"text": r.get("text", "")} for r in self.responses.get(message["response"], [])[:1])
            else:
                out.append({"text": message.get("text") or ""})
        return out


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return [c for c in found if not getattr(c, "__abstractmethods__", None)]
