"""The Redis lock store falls back to in-memory locks while Redis is down (bot/lock_store.py),
against a private redis-server that is killed, paused and restarted."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator

import pytest
import redis
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bench.cluster import PrivateRedis
from bot.lock_store import FallbackRedisLockStore

pytestmark = [pytest.mark.redis]
PREFIX = "bsttestlocks"


@pytest.fixture
def server(tmp_path) -> Iterator[PrivateRedis]:
    private = PrivateRedis(tmp_path / "redis").start()
    yield private
    private.stop()


def make_store(server: PrivateRedis, monkeypatch: pytest.MonkeyPatch, retry: str = "0.5") -> FallbackRedisLockStore:
    """The store as Rasa creates it from an endpoints entry with ``type: bot.lock_store.FallbackRedisLockStore``."""
    monkeypatch.setenv("LOCK_STORE_RETRY_SECONDS", retry)
    config = EndpointConfig(url="127.0.0.1", type="bot.lock_store.FallbackRedisLockStore", port=server.port, db=0,
                            key_prefix=PREFIX, socket_timeout=1)
    store = LockStore.create(config)
    assert type(store) is FallbackRedisLockStore and store.key_prefix == f"{PREFIX}:lock:"
    return store


def key_in_redis(server: PrivateRedis, conversation: str) -> bool:
    client = redis.Redis(host="127.0.0.1", port=server.port, db=0, socket_timeout=2)
    try:
        return client.exists(f"{PREFIX}:lock:{conversation}") == 1
    finally:
        client.close()


async def test_locks_live_in_redis_while_it_is_up(server, monkeypatch) -> None:
    store = make_store(server, monkeypatch)
    async with store.lock("c1"):
        assert key_in_redis(server, "c1")
    assert not key_in_redis(server, "c1") and not store.redis_down and store.failures == 0


async def test_redis_killed_then_back(server, monkeypatch, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="bot.lock_store")
    store = make_store(server, monkeypatch)
    async with store.lock("c1"):
        pass
    server.kill()
    started = time.monotonic()
    async with store.lock("c1") as lock:  # Redis refuses: this replica's memory
        assert lock.conversation_id == "c1" and store.local.get_lock("c1") is not None
    assert time.monotonic() - started < 2
    assert store.redis_down and store.failures == 1
    assert "Redis unreachable" in caplog.text

    async with store.lock("c1"):  # within the retry interval: Redis is not asked again
        pass
    assert store.failures == 1

    server.start()  # same port, empty
    await asyncio.sleep(0.6)  # past the retry interval
    async with store.lock("c2"):
        assert key_in_redis(server, "c2")
    assert not store.redis_down and "Redis reachable again" in caplog.text


async def test_hung_redis_holds_a_message_only_for_the_socket_timeout(server, monkeypatch) -> None:
    store = make_store(server, monkeypatch, retry="30")
    server.pause()
    try:
        started = time.monotonic()
        async with store.lock("c1"):
            pass
        first = time.monotonic() - started
        started = time.monotonic()
        async with store.lock("c1"):  # Redis not tried again for 30 s
            pass
        second = time.monotonic() - started
    finally:
        server.resume()
    assert store.redis_down and first < 3 and second < 0.2, (first, second)


async def test_fallback_locks_still_serialise_one_conversation(server, monkeypatch) -> None:
    store = make_store(server, monkeypatch)
    server.kill()
    order: list[str] = []

    async def turn(name: str) -> None:
        async with store.lock("same", wait_time_in_seconds=0.05):
            order.append(f"{name} start")
            await asyncio.sleep(0.2)
            order.append(f"{name} end")

    await asyncio.gather(turn("a"), turn("b"))
    assert order in (["a start", "a end", "b start", "b end"], ["b start", "b end", "a start", "a end"])


async def test_errors_of_the_conversation_are_not_taken_for_redis(server, monkeypatch) -> None:
    store = make_store(server, monkeypatch)
    with pytest.raises(ValueError, match="the turn failed"):
        async with store.lock("c1"):
            raise ValueError("the turn failed")
    assert not store.redis_down and store.failures == 0 and not key_in_redis(server, "c1")
