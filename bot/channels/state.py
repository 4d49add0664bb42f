"""What the channels remember between requests, shared by every replica in production.

WeChat retries a message on another replica when the first is slow; a citizen answers "2" to a
numbered list on whichever replica nginx picks; a 有用/没用 vote rates the last answer whoever gave
it; an agent's assist session spans requests. Per-process memory is enough for one server
(``make run``); with several replicas these live in Redis (``CHANNEL_STATE_URL``, the lock store's
Redis in ``docker-compose.yml``) under their own key prefix, with the same expiry.

While Redis is unreachable each replica keeps its own memory and goes on answering (as the lock
store does: one warning when Redis goes down, one when it is back, a retry at most every
``RETRY_SECONDS``); what is lost meanwhile is only sharing between replicas.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from bot.channels.base import TTLCache
from knowledge.settings import Settings

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30.0
MAX_ENTRIES = 10_000  # per kind, in memory (users tracked by one process)
MEMORY_DAYS = 1  # no kind keeps anything longer


class ChannelState:
    """JSON values by kind and key, each kind with its own expiry; in memory or in Redis."""

    def __init__(self, client: Any = None, prefix: str = "bst", clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client  # a redis.Redis, or None for memory only
        self._prefix = prefix
        self._clock = clock
        self._memory: dict[str, TTLCache[str, tuple[float, str]]] = {}  # kind → key → (expiry, value)
        self._down_since: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ChannelState:
        """Redis when ``CHANNEL_STATE_URL`` is set (production), else this process's memory."""
        settings = settings or Settings.from_env()
        if not settings.channel_state_url:
            return cls()
        import redis

        client = redis.Redis.from_url(settings.channel_state_url, socket_timeout=2, socket_connect_timeout=2)
        return cls(client, settings.channel_state_prefix)

    @property
    def shared(self) -> bool:
        """Whether the values are shared with other replicas (Redis configured and reachable)."""
        return self._client is not None and self._down_since is None

    def get(self, kind: str, key: str) -> Any:
        """The value stored, or None (unknown or expired)."""
        raw = self._redis(lambda r: r.get(self._key(kind, key)), miss=...)
        if raw is ...:
            entry = self._cache(kind).get(key)
            raw = entry[1] if entry and entry[0] > self._clock() else None
        return None if raw is None else json.loads(raw)

    def set(self, kind: str, key: str, value: Any, ttl: float) -> None:
        """Store a value for ``ttl`` seconds."""
        raw = json.dumps(value, ensure_ascii=False)
        if self._redis(lambda r: r.set(self._key(kind, key), raw, ex=max(int(ttl), 1)), miss=...) is ...:
            self._cache(kind).set(key, (self._clock() + ttl, raw))

    def claim(self, kind: str, key: str, value: Any, ttl: float) -> bool:
        """Store a value only if none is stored: True for the first claimant (a message id seen first)."""
        raw = json.dumps(value, ensure_ascii=False)
        done = self._redis(lambda r: r.set(self._key(kind, key), raw, ex=max(int(ttl), 1), nx=True), miss=...)
        if done is not ...:
            return bool(done)
        cache = self._cache(kind)
        with self._lock:
            entry = cache.get(key)
            if entry is not None and entry[0] > self._clock():
                return False
            cache.set(key, (self._clock() + ttl, raw))
            return True

    def delete(self, kind: str, key: str) -> None:
        if self._redis(lambda r: r.delete(self._key(kind, key)), miss=...) is ...:
            self._cache(kind).pop(key)

    # ------------------------------------------------------------------ helpers
    def _key(self, kind: str, key: str) -> str:
        return f"{self._prefix}:channel:{kind}:{key}"

    def _cache(self, kind: str) -> TTLCache[str, tuple[float, str]]:
        """One kind's entries in memory (bounded; each entry carries its own expiry)."""
        with self._lock:
            if kind not in self._memory:
                self._memory[kind] = TTLCache(MEMORY_DAYS * 86400, MAX_ENTRIES, self._clock)
            return self._memory[kind]

    def _redis(self, call: Callable[[Any], Any], miss: Any) -> Any:
        """The Redis call's result, or ``miss`` when there is no Redis or it is (still) down."""
        if self._client is None:
            return miss
        if self._down_since is not None and self._clock() - self._down_since < RETRY_SECONDS:
            return miss
        from redis.exceptions import RedisError

        try:
            result = call(self._client)
        except RedisError as exc:
            if self._down_since is None:
                logger.warning("channel state: Redis unreachable (%s); each replica keeps its own memory", exc)
            self._down_since = self._clock()
            return miss
        if self._down_since is not None:
            logger.warning("channel state: Redis is back; channel state is shared again")
            self._down_since = None
        return result
