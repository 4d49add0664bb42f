"""One sender flooding must not slow the others: a per-sender rate limit before the bot.

Every channel's message reaches Rasa through ``ask_bot_raw``; a sender over its limit gets a polite
Chinese reply there at once, without the classifier, the actions or the stores being asked. The
limits (``SENDER_RATE_LIMIT``, default "15 per 10 seconds; 120 per 10 minutes": more than anyone
types) are counted by the kept library ``limits`` in a moving window, in this process's memory under
``make run`` and in Redis (``CHANNEL_STATE_URL``) when several replicas serve one sender; while
Redis is unreachable each replica counts in its own memory. nginx limits each client address as well
(deploy/nginx/baishitong-http.conf).
"""

from __future__ import annotations

import logging
import threading
import time

from limits import parse_many, storage, strategies

from knowledge.settings import Settings

logger = logging.getLogger(__name__)
RETRY_SECONDS = 30.0  # a Redis found down is asked again after this long

class SenderLimit:
    """Whether a sender may send another message now (each call counts one)."""

    def __init__(self, rates: str, redis_url: str = "", prefix: str = "bst") -> None:
        self.items = parse_many(rates)
        self._prefix = prefix
        self._memory = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
        self._shared = (strategies.MovingWindowRateLimiter(
            storage.storage_from_string(redis_url, socket_timeout=2))  # keys namespaced by the prefix (hit)
            if redis_url else None)
        self._down_since: float | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> SenderLimit:
        settings = settings or Settings.from_env()
        return cls(settings.sender_rate_limit, settings.channel_state_url, settings.channel_state_prefix)

    def allow(self, sender: str) -> bool:
        """Count one message of ``sender``; False when it is over a limit.

        >>> limit = SenderLimit("2 per minute")
        >>> [limit.allow("a"), limit.allow("a"), limit.allow("a"), limit.allow("b")]
        [True, True, False, True]
        """
        if self._shared is not None and (self._down_since is None or time.monotonic() - self._down_since > RETRY_SECONDS):
            try:
                allowed = all(self._shared.hit(item, self._prefix, sender) for item in self.items)
            except Exception as exc:  # noqa: BLE001 - Redis down (or any storage failure): count locally
                if self._down_since is None:
                    logger.warning("rate limit: Redis unreachable (%s); each replica counts on its own", exc)
                self._down_since = time.monotonic()  # asked again after RETRY_SECONDS
            else:
                if self._down_since is not None:
                    logger.warning("rate limit: Redis is back; senders are counted across replicas again")
                self._down_since = None
                return allowed
        return all(self._memory.hit(item, self._prefix, sender) for item in self.items)


_shared: SenderLimit | None = None
_lock = threading.Lock()


def sender_limit() -> SenderLimit:
    """The process-wide limit (read from the settings once)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = SenderLimit.from_settings()
        return _shared
