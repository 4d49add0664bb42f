"""The shared shape of every custom action: tracker → Turn → Assistant → messages + slots."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import render
from bot.actions.constants import (
    ENTITY_CATEGORY,
    ENTITY_GUIDE,
    ENTITY_SITUATION,
    SLOT_ASKED_TEXT,
    SLOT_BROWSE_OFFSET,
    SLOT_BROWSE_QUERY,
    SLOT_CANDIDATES,
    SLOT_FIELD,
    SLOT_GUIDE,
    SLOT_PEOPLE,
    SLOT_RECENT,
)
from bot.actions.dialogue import Assistant, Outcome, Turn, remember
from bot.actions.pleasantries import pleasantry_of
from knowledge.normalize import MAX_INPUT_CHARS
from knowledge.pinyin_input import hanzi_of
from knowledge.privacy import mask

logger = logging.getLogger(__name__)


def turn_from_tracker(tracker: Tracker) -> Turn:
    """The user's latest message and the remembered context, as a ``Turn``."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    offset = tracker.get_slot(SLOT_BROWSE_OFFSET)
    return Turn(
        text=hanzi_of(message.get("text") or ""),  # pinyin typed for characters, as the classifier read it
        intent=intent,
        confidence=float((message.get("intent") or {}).get("confidence") or 0.0),
        button_guide=next(tracker.get_latest_entity_values(ENTITY_GUIDE), None),
        button_category=next(tracker.get_latest_entity_values(ENTITY_CATEGORY), None),
        button_situation=next(tracker.get_latest_entity_values(ENTITY_SITUATION), None),
        guide_id=tracker.get_slot(SLOT_GUIDE),
        field=tracker.get_slot(SLOT_FIELD),
        candidate_ids=tuple(tracker.get_slot(SLOT_CANDIDATES) or ()),
        browse_query=tracker.get_slot(SLOT_BROWSE_QUERY),
        browse_offset=int(offset or 0),
        recent_ids=tuple(tracker.get_slot(SLOT_RECENT) or ()),
        asked_text=tracker.get_slot(SLOT_ASKED_TEXT),
        recent_people=dict(tracker.get_slot(SLOT_PEOPLE) or {}),
    )


def send(dispatcher: CollectingDispatcher, outcome: Outcome) -> list[EventType]:
    """Utter the outcome's responses and replies and return its slot events."""
    for response in outcome.responses:
        dispatcher.utter_message(response=response)
    for reply in outcome.replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        dispatcher.utter_message(text=reply.text, buttons=buttons)
    return [SlotSet(name, value) for name, value in outcome.slots.items()]


class AssistantAction(Action, ABC):
    """Base of all custom actions: cheap constructor, assistant injected or shared lazily."""

    def __init__(
        self,
        assistant: Assistant | None = None,
        provider: Callable[[], Assistant] | None = None,
        recorder: Callable[..., None] | None = None,
    ) -> None:
        self._assistant = assistant
        self._provider = provider
        self._recorder = recorder

    @property
    def assistant(self) -> Assistant:
        """The injected assistant, or the process-wide one."""
        if self._assistant is not None:
            return self._assistant
        if self._provider is not None:
            return self._provider()
        from bot.actions.services import shared_assistant

        return shared_assistant()

    reads_context = True  # the turn is first read against the conversation (``Assistant.in_context``)

    def in_context(self, turn: Turn) -> bool:
        """Whether this action's turn is first read against the conversation (``reads_context``)."""
        return self.reads_context

    def _read_in_context(self, turn: Turn) -> Outcome | None:
        """The turn read against the conversation; by actions that do not read it, only as the reply
        to a list that asks which item ("他在乡政府上班" is its answer, whatever the classifier made of it)."""
        if self.in_context(turn):
            return self.assistant.in_context(turn)
        if turn.candidate_ids and turn.guide_id not in turn.candidate_ids:
            return self.assistant.in_context(turn, only_offer=True)
        return None

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    @abstractmethod
    def decide(self, turn: Turn) -> Outcome:
        """What to reply to this turn."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        turn = turn_from_tracker(tracker)
        try:
            pleasantry = None if turn.text.startswith("/") else pleasantry_of(turn.text)
            if pleasantry:
                outcome = Outcome(responses=[f"utter_{pleasantry}"])
            else:
                in_context = self._read_in_context(turn)
                outcome = remember(turn, in_context or self.decide(turn))
        except Exception:  # the knowledge base is down or broken: never leave the citizen without an answer
            logger.exception("action %s failed on %r", self.name(), mask(turn.text[:200]))
            outcome = Outcome([render.service_unavailable()])
        if len(turn.text) > MAX_INPUT_CHARS:
            outcome.replies.insert(0, render.input_truncated(MAX_INPUT_CHARS))
        self._record(turn, outcome, tracker.get_latest_input_channel())
        return send(dispatcher, outcome)

    def _record(self, turn: Turn, outcome: Outcome, channel: str | None) -> None:
        """One analytics event per turn (masked); injected actions record only if given a recorder."""
        recorder = self._recorder
        if recorder is None and self._assistant is None and self._provider is None:
            from bot.actions.services import shared_events

            recorder = shared_events().record
        if recorder is None or not outcome.replies or turn.text.startswith("/"):
            return
        reply = outcome.replies[-1]
        recorder(reply.kind, turn.text, guide_id=reply.guide_id, field=reply.field, channel=channel)
