"""The knowledge base and linker the actions use, built lazily and shared.

Nothing is loaded at import or action construction; the first query builds the linker,
and a rebuilt knowledge base (new version) is picked up on the next query.
"""

from __future__ import annotations

import threading

from bot.actions.dialogue import Assistant, warm_up
from knowledge.analytics import EventLog
from knowledge.holidays import log_coverage
from knowledge.linking import ItemLinker
from knowledge.repository import GuideRepository
from knowledge.schedule import now as shanghai_now
from knowledge.settings import Settings

_lock = threading.Lock()
_repo: GuideRepository | None = None
_current: tuple[int, Assistant] | None = None


def shared_assistant() -> Assistant:
    """The process-wide assistant over the configured knowledge base (current version)."""
    global _repo, _current
    with _lock:
        if _repo is None:
            _repo = GuideRepository.from_settings(Settings.from_env())
        version = _repo.version()
        if _current is None or _current[0] != version:
            _current = (version, Assistant(_repo, ItemLinker.from_repository(_repo)))
            warm_up()
            log_coverage(shanghai_now().date())  # next year's holidays not entered yet: say so in the log
        return _current[1]


def warm_up_in_background() -> threading.Thread:
    """Build the assistant now, beside the server starting, so that the first question after start-up
    does not wait the 12–13 s the build and warm-up take (a question arriving meanwhile waits for the
    lock, not for a second build)."""
    thread = threading.Thread(target=shared_assistant, name="assistant-warm-up", daemon=True)
    thread.start()
    return thread


_events: EventLog | None = None


def shared_events() -> EventLog:
    """The process-wide analytics event log (ANALYTICS_DATABASE_URL, default data/runtime)."""
    global _events
    with _lock:
        if _events is None:
            _events = EventLog.from_url(Settings.from_env().analytics_url, background=True)
        return _events
