"""Rasa tracker stores that keep citizens' ID and phone numbers out of the stored conversations.

Configured in the endpoints files (Rasa loads a custom tracker store by module path and calls
it with ``host=``, ``domain=``, ``event_broker=`` and the remaining keys)::

    tracker_store:
      type: bot.tracker_store.MaskingSQLTrackerStore        # deploy/endpoints.prod.yml (PostgreSQL)
    tracker_store:
      type: bot.tracker_store.MaskingInMemoryTrackerStore   # endpoints.yml (one process)

Before a tracker is written, a masked copy is made (``masked_tracker``): the text of user events
(also ``parse_data.text`` and string values in their metadata) is masked with
``knowledge.privacy.mask``, and the personal numbers found there are also masked wherever they
were copied into other events (the bot quoting the question, a slot holding it). Nothing else
changes: entities, intents, 事项编码 and the order and number of events stay, so Rasa's SQL store
still appends only the new events.

The bot's answer is not affected: Rasa parses the message and runs the actions on the live,
unmasked tracker; only what is stored (and what an event broker receives) is masked. A later turn
sees the earlier questions masked, which the dialogue never needs (it keeps its state in slots).
``PRIVACY_MASKING=off`` stores the text as typed (local debugging only).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from knowledge.privacy import mask, masking_enabled, personal_numbers


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _rewrite(value: Any, change: Any) -> Any:
    """A copy of a JSON-like value with ``change`` applied to every string (inputs are never mutated)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _rewrite(item, change) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rewrite(item, change) for item in value]
    return value


def _replacer(found: dict[str, str]) -> Any:
    raws = sorted(found, key=len, reverse=True)  # longest first: an ID before a number inside it

    def replace(text: str) -> str:
        for raw in raws:
            if raw in text:
                text = text.replace(raw, found[raw])
        return text

    return replace


def _user_strings(event: UserUttered) -> Iterator[str]:
    """What the citizen typed, as a user event carries it."""
    yield event.text or ""
    text = (event.parse_data or {}).get("text")
    if isinstance(text, str):
        yield text
    yield from _strings(event.metadata)


def _masked_event(event: Event, replace: Any) -> Event:
    original = event.as_dict()
    data = _rewrite(original, replace)
    if isinstance(event, UserUttered):
        if isinstance(data.get("text"), str):
            data["text"] = mask(data["text"])
        if isinstance(data.get("parse_data"), dict) and isinstance(data["parse_data"].get("text"), str):
            data["parse_data"]["text"] = mask(data["parse_data"]["text"])
        if "metadata" in data:
            data["metadata"] = _rewrite(data["metadata"], mask)
    if data == original:
        return event
    return Event.from_parameters(data) or event


def masked_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The tracker as it may be stored: personal numbers masked; the same tracker if there are none.

    The given tracker is never changed (the bot goes on using it).
    """
    if not masking_enabled():
        return tracker
    found: dict[str, str] = {}
    for event in tracker.events:
        if isinstance(event, UserUttered):
            for text in _user_strings(event):
                found.update(personal_numbers(text))
    if not found:
        return tracker
    replace = _replacer(found)
    events = [_masked_event(event, replace) for event in tracker.events]
    stored = copy.copy(tracker)  # shallow: slots and state are only read while saving
    stored.events = tracker._create_events(events)
    latest = next((e for e in reversed(events) if isinstance(e, UserUttered)), None)
    if latest is not None:
        stored.latest_message = latest
    return stored


class MaskingTrackerStoreMixin:
    """Saves the masked copy of each tracker (see the module docstring)."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(masked_tracker(tracker))  # type: ignore[misc]


class MaskingSQLTrackerStore(MaskingTrackerStoreMixin, SQLTrackerStore):
    """Rasa's SQL tracker store (PostgreSQL in production) with personal numbers masked."""


class MaskingInMemoryTrackerStore(MaskingTrackerStoreMixin, InMemoryTrackerStore):
    """Rasa's in-memory tracker store with personal numbers masked."""
