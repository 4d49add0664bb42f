"""Stored conversations keep no ID or phone numbers: Rasa's SQL (SQLite, PostgreSQL) and in-memory
tracker stores with masking (bot/tracker_store.py), written and read back through Rasa itself."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.launch import PROJECT_ROOT
from bot.tracker_store import MaskingInMemoryTrackerStore, MaskingSQLTrackerStore, masked_tracker

RAW_ID, RAW_PHONE = "130102199001011234", "13812345678"
MASKED_ID, MASKED_PHONE = "130***********1234", "138****5678"
QUESTION = f"我的身份证号是{RAW_ID} 电话{RAW_PHONE}"
GUIDE = "002014008001"  # 事项编码: must survive masking (looks like a number, is not personal)
CHOOSE = f'/choose{{"guide_id": "{GUIDE}"}}'


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "bot" / "domain.yml"))


def user(text_: str, intent: str, entities: list[dict] | None = None, metadata: dict | None = None) -> UserUttered:
    parse = {"text": text_, "intent": {"name": intent, "confidence": 0.93}, "entities": entities or [],
             "intent_ranking": [{"name": intent, "confidence": 0.93}]}
    return UserUttered(text_, parse["intent"], entities or [], parse, input_channel="rest", metadata=metadata)


async def first_turn(store: TrackerStore, sender: str) -> DialogueStateTracker:
    """A turn where the citizen typed an ID and a phone number, and the bot quoted them back."""
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(user(QUESTION, "ask_materials", metadata={"note": f"回电 {RAW_PHONE}"}))
    tracker.update(ActionExecuted("action_fallback"))
    tracker.update(BotUttered(f"没有找到与“{RAW_ID}”相关的事项。",
                              {"buttons": [{"title": "失业保险金申领", "payload": CHOOSE}]}))
    tracker.update(SlotSet("browse_query", f"电话{RAW_PHONE}"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    return tracker


async def second_turn(store: TrackerStore, sender: str) -> DialogueStateTracker:
    """The next turn on the tracker as Rasa reads it back: a button pick naming a 事项编码."""
    tracker = await store.retrieve(sender)
    assert tracker is not None
    tracker.update(user(CHOOSE, "choose", [{"entity": "guide_id", "value": GUIDE}]))
    tracker.update(ActionExecuted("action_choose"))
    tracker.update(SlotSet("guide_id", GUIDE))
    tracker.update(BotUttered("【失业保险金申领】\n申请材料：\n本人社会保障卡或居民身份证。咨询电话 0312-7318400"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    return tracker


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'trackers.db'}"
        return
    from bench.cluster import fresh_database

    with fresh_database("trackers") as url:
        yield url


def sql_store(url: str, domain: Domain) -> MaskingSQLTrackerStore:
    """The store as Rasa builds it from an endpoints entry ``type: bot.tracker_store.MaskingSQLTrackerStore``."""
    from rasa.utils.endpoints import EndpointConfig

    parts = make_url(url)
    if parts.drivername.startswith("sqlite"):
        config = EndpointConfig(type="bot.tracker_store.MaskingSQLTrackerStore", dialect="sqlite", db=parts.database)
    else:
        config = EndpointConfig(url=parts.host, type="bot.tracker_store.MaskingSQLTrackerStore", dialect="postgresql",
                                port=parts.port or 5432, db=parts.database, username=parts.username or "postgres")
    store = TrackerStore.create(config, domain)
    assert type(store) is MaskingSQLTrackerStore  # Rasa falls back to memory silently if the path is wrong
    return store


def stored_rows(url: str, sender: str) -> list[tuple[str, str]]:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})]
    finally:
        engine.dispose()


async def test_sql_store_keeps_no_personal_numbers(sql_url: str, domain: Domain) -> None:
    store = sql_store(sql_url, domain)
    live = await first_turn(store, "citizen-1")
    live = await second_turn(store, "citizen-1")

    rows = stored_rows(sql_url, "citizen-1")
    everything = "\n".join(data for _, data in rows)
    assert RAW_ID not in everything and RAW_PHONE not in everything
    assert MASKED_ID in everything and MASKED_PHONE in everything
    # every event stored exactly once, in order, with what the dialogue needs unchanged
    assert [t for t, _ in rows] == [e.type_name for e in live.events]
    user_events = [json.loads(d) for t, d in rows if t == "user"]
    assert user_events[0]["text"] == f"我的身份证号是{MASKED_ID} 电话{MASKED_PHONE}"
    assert user_events[0]["parse_data"]["text"] == user_events[0]["text"]
    assert user_events[0]["parse_data"]["intent"]["name"] == "ask_materials"
    assert user_events[0]["metadata"] == {"note": f"回电 {MASKED_PHONE}"}
    assert user_events[1]["text"] == CHOOSE and user_events[1]["parse_data"]["entities"][0]["value"] == GUIDE
    assert "0312-7318400" in everything  # the bureau's published number is not masked

    restored = await store.retrieve("citizen-1")
    assert restored.get_slot("guide_id") == GUIDE
    assert restored.get_slot("browse_query") == f"电话{MASKED_PHONE}"
    assert restored.latest_message.intent_name == "choose"
    store.engine.dispose()


async def test_live_tracker_is_not_changed(tmp_path, domain: Domain) -> None:
    """The bot answers from the live tracker: masking only what is stored must leave it as typed."""
    store = sql_store(f"sqlite:///{tmp_path / 'live.db'}", domain)
    live = await first_turn(store, "citizen-2")
    assert live.events[-5].text == QUESTION and live.latest_message.text == QUESTION
    assert live.latest_message.parse_data["text"] == QUESTION
    assert live.get_slot("browse_query") == f"电话{RAW_PHONE}"
    assert RAW_ID in live.events[-3].text  # the bot's message, as sent
    store.engine.dispose()


async def test_masking_can_be_switched_off_for_local_debugging(tmp_path, domain: Domain, monkeypatch) -> None:
    monkeypatch.setenv("PRIVACY_MASKING", "off")
    url = f"sqlite:///{tmp_path / 'off.db'}"
    store = sql_store(url, domain)
    await first_turn(store, "citizen-3")
    assert RAW_PHONE in "\n".join(d for _, d in stored_rows(url, "citizen-3"))
    store.engine.dispose()


async def test_in_memory_store_of_the_default_endpoints_masks_too(domain: Domain, monkeypatch) -> None:
    from rasa.core.utils import AvailableEndpoints

    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store, domain)
    assert type(store) is MaskingInMemoryTrackerStore and endpoints.lock_store is None
    await first_turn(store, "citizen-4")
    stored = store.store["citizen-4"]
    assert RAW_ID not in stored and RAW_PHONE not in stored and MASKED_PHONE in stored


def test_tracker_without_personal_numbers_is_stored_as_is(domain: Domain) -> None:
    tracker = DialogueStateTracker("citizen-5", domain.slots)
    tracker.update(user("失业金要带什么材料", "ask_materials"))
    tracker.update(SlotSet("guide_id", GUIDE))
    assert masked_tracker(tracker) is tracker  # no copy on the common path
