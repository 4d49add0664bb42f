"""What the channels remember between requests: memory for one server, Redis for several replicas."""

import os
import uuid

import pytest

from bot.channels.state import ChannelState
from knowledge.settings import Settings

pytestmark = pytest.mark.redis
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def replicas() -> tuple[ChannelState, ChannelState]:
    """Two replicas' channel state over one Redis, with a key prefix of their own."""
    settings = Settings.from_env({"CHANNEL_STATE_URL": REDIS_URL, "CHANNEL_STATE_PREFIX": f"t{uuid.uuid4().hex[:10]}"})
    return ChannelState.from_settings(settings), ChannelState.from_settings(settings)


def test_without_redis_each_process_keeps_its_own():
    one, other = ChannelState(), ChannelState()
    one.set("choices", "u1", [["1. 失业登记", "/choose"]], 60)
    assert one.get("choices", "u1") == [["1. 失业登记", "/choose"]] and other.get("choices", "u1") is None
    assert not one.shared


def test_replicas_share_values_and_a_message_is_claimed_once():
    one, other = replicas()
    assert one.shared and other.shared
    one.set("choices", "u1", [["2. 在哪办", "/ask_location"]], 60)
    assert other.get("choices", "u1") == [["2. 在哪办", "/ask_location"]]
    assert one.claim("msg", "1001", {"passive": None}, 60) is True
    assert other.claim("msg", "1001", {"passive": None}, 60) is False  # WeChat's retry on the other replica
    one.set("msg", "1001", {"passive": "<xml/>"}, 60)
    assert other.get("msg", "1001") == {"passive": "<xml/>"}
    other.delete("choices", "u1")
    assert one.get("choices", "u1") is None


def test_values_expire():
    one, _ = replicas()
    one.set("answered", "u1", {"item": "失业登记"}, 1)
    assert one.get("answered", "u1") == {"item": "失业登记"}
    import time

    time.sleep(2.1)
    assert one.get("answered", "u1") is None


def test_redis_down_the_replica_keeps_its_own_memory(caplog):
    clock = [0.0]
    down = ChannelState.from_settings(Settings.from_env({"CHANNEL_STATE_URL": "redis://127.0.0.1:1/0"}))
    down._clock = lambda: clock[0]  # noqa: SLF001 - a test clock for the retry interval
    down.set("choices", "u1", [["1. x", "/y"]], 60)
    assert down.get("choices", "u1") == [["1. x", "/y"]] and not down.shared
    assert down.claim("msg", "7", {}, 60) and not down.claim("msg", "7", {}, 60)
    assert any("Redis unreachable" in r.message for r in caplog.records)


def test_in_memory_each_value_keeps_its_own_expiry():
    clock = [0.0]
    state = ChannelState(clock=lambda: clock[0])
    state.get("kind", "a")  # looked up before anything is stored
    state.set("kind", "a", 1, 5)
    state.set("kind", "b", 2, 50)
    clock[0] = 10.0
    assert state.get("kind", "a") is None and state.get("kind", "b") == 2
