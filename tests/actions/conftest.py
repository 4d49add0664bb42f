"""Action tests: real rasa_sdk Trackers and CollectingDispatcher over the real guides."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import bot.actions  # noqa: F401  (defines every action class)
from bot.actions.base import AssistantAction
from bot.actions.constants import ACTION_ANSWER
from bot.actions.dialogue import Assistant


def make_tracker(text: str, intent: str, slots: dict[str, Any], entities: list[dict] | None = None,
                 confidence: float = 0.99) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots=dict(slots),
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@dataclass
class Conversation:
    """Runs actions turn by turn, keeping slots like Rasa would."""

    assistant: Assistant
    slots: dict[str, Any] = field(default_factory=dict)
    last: list[dict] = field(default_factory=list)

    def action_for(self, name: str):
        classes = {cls().name(): cls for cls in AssistantAction.__subclasses__()}
        return classes[name](assistant=self.assistant)

    def say(self, text: str, intent: str, action: str = ACTION_ANSWER, entities: list[dict] | None = None,
            confidence: float = 0.99) -> str:
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(text, intent, self.slots, entities, confidence)
        events = asyncio.run(self.action_for(action).run(dispatcher, tracker, {}))
        for event in events:
            assert event["event"] == "slot"
            self.slots[event["name"]] = event["value"]
        self.last = dispatcher.messages
        return "\n".join(m.get("text") or "" for m in dispatcher.messages)

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.last for b in m.get("buttons", [])]


@pytest.fixture
def convo(assistant: Assistant) -> Conversation:
    return Conversation(assistant)
