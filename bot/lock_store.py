"""A Redis lock store that keeps the bot answering while Redis is down.

Configured in deploy/endpoints.prod.yml as ``lock_store: type: bot.lock_store.FallbackRedisLockStore``
with the same keys as Rasa's ``redis`` lock store.

Why: the replicas use Redis only for ticket locks, which stop two replicas from processing one
conversation at the same moment. With Rasa's own Redis lock store every message fails while Redis
is unreachable, although conversations (PostgreSQL) and answers (action server) still work; the
channels would then answer every citizen only with the consult phone.

Decision: while Redis is unreachable, each replica locks conversations in its own memory
(``InMemoryLockStore``), logs one warning when Redis goes down and one when it is back, and tries
Redis again at most every ``LOCK_STORE_RETRY_SECONDS`` (default 30 s). A single citizen's messages
are still processed one at a time on each replica; what is lost during the outage is only the
cross-replica exclusion for two messages of one conversation arriving at the same moment on
different replicas, which is rare (a citizen waits for the answer) and at worst interleaves those
two turns. Errors from the conversation itself are never taken for a Redis failure.

Rasa calls Redis synchronously: ``socket_timeout`` (set in the endpoints file) bounds how long a
hung Redis can hold a replica, and after that only once per retry interval.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, RedisLockStore
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_RETRY_SECONDS = 30.0
RETRY_ENV = "LOCK_STORE_RETRY_SECONDS"
DEFAULT_WAIT_SECONDS = 1.0  # between attempts to get a busy conversation's lock (as Rasa)


def redis_failure(error: BaseException | None) -> RedisError | None:
    """The Redis error behind an error (Rasa wraps some in ``LockError``); None if the conversation failed."""
    for _ in range(10):
        if error is None or isinstance(error, RedisError):
            return error
        error = error.__cause__ or error.__context__
    return None


def _retry_seconds() -> float:
    try:
        return max(float(os.environ.get(RETRY_ENV) or DEFAULT_RETRY_SECONDS), 0.0)
    except ValueError:
        return DEFAULT_RETRY_SECONDS


class FallbackRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store; in-memory locks on this replica while Redis is unreachable."""

    def __init__(self, endpoint_config: Any = None, clock: Callable[[], float] = time.monotonic,
                 **kwargs: Any) -> None:
        if endpoint_config is not None:  # how Rasa creates a lock store given by module path
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self.local = InMemoryLockStore()
        self.retry_seconds = _retry_seconds()
        self._clock = clock
        self._down_since: float | None = None
        self._retry_at = 0.0
        self.failures = 0  # Redis errors seen (for tests and diagnostics)

    @property
    def redis_down(self) -> bool:
        return self._down_since is not None

    def _went_down(self, error: RedisError) -> None:
        self.failures += 1
        now = self._clock()
        self._retry_at = now + self.retry_seconds
        if self._down_since is None:
            self._down_since = now
            logger.warning(
                "lock store: Redis unreachable (%s: %s); locking conversations in this replica's memory, "
                "retrying Redis every %.0f s", type(error).__name__, error, self.retry_seconds,
            )

    def _came_back(self) -> None:
        if self._down_since is not None:
            logger.warning("lock store: Redis reachable again after %.0f s; locks are shared again",
                           self._clock() - self._down_since)
            self._down_since = None

    def _try_redis(self) -> bool:
        return self._down_since is None or self._clock() >= self._retry_at

    def _release_quietly(self, conversation_id: str, ticket: int) -> None:
        try:
            self.cleanup(conversation_id, ticket)
        except Exception:  # noqa: BLE001 - best effort; an unreleased ticket expires with its lifetime
            logger.debug("lock store: could not release ticket %s of %s", ticket, conversation_id)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = DEFAULT_WAIT_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        """The conversation's lock: from Redis, or from this replica's memory while Redis is down."""
        ticket: int | None = None
        acquired: TicketLock | None = None
        if self._try_redis():
            try:
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
                acquired = await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
            except Exception as error:
                if ticket is not None:
                    self._release_quietly(conversation_id, ticket)
                cause = redis_failure(error)
                if cause is None:
                    raise
                self._went_down(cause)
                ticket = None
            else:
                self._came_back()
        if ticket is not None and acquired is not None:
            try:
                yield acquired
            finally:
                try:
                    self.cleanup(conversation_id, ticket)
                except Exception as error:  # the lock expires in Redis by itself
                    cause = redis_failure(error)
                    if cause is None:
                        raise
                    self._went_down(cause)
            return
        async with self.local.lock(conversation_id, lock_lifetime, wait_time_in_seconds) as local:
            yield local
