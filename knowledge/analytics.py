"""What citizens asked and how the bot did, for the bureau (questions masked).

Every turn the actions handle is recorded as one event: answered, clarified, asked back
or unanswered, with the guide and field when there is one. ``python -m knowledge report``
lists the most frequent unanswered questions, questions per item and field, and feedback.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import queue
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.build import engine_for
from knowledge.privacy import mask
from knowledge.settings import DATA_DIR, PROJECT_ROOT

logger = logging.getLogger(__name__)
_metadata = MetaData()
events = Table(
    "bot_event",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("kind", String(16), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("guide_id", String(32)),
    Column("field", String(32)),
    Column("channel", String(32)),
)
OUTCOME_OF_KIND = {
    "answer": "answered", "overview": "answered", "common": "answered", "handoff": "handoff",
    "clarify": "clarified", "ask_item": "asked_back", "fallback": "unanswered", "error": "unanswered",
    "browse": "browsed", "info": "other",
}
FEEDBACK_FILE = DATA_DIR / "runtime" / "feedback.jsonl"
FEEDBACK_ENV = "WEB_FEEDBACK_PATH"  # where the channels write votes (credentials.yml), if not the default


def feedback_file_from_env(env: Mapping[str, str] | None = None) -> Path:
    """The feedback file the channels write to: ``WEB_FEEDBACK_PATH`` (relative to the project) or the default."""
    value = (os.environ if env is None else env).get(FEEDBACK_ENV) or ""
    if not value:
        return FEEDBACK_FILE
    return Path(value) if Path(value).is_absolute() else PROJECT_ROOT / value


@dataclass(frozen=True)
class Report:
    """The bureau's view of what was asked."""

    total: int
    by_outcome: list[tuple[str, int]]
    unanswered: list[tuple[str, int]]
    per_item_field: list[tuple[str, str, int]]
    feedback: list[tuple[str, int]]


class EventLog:
    """Records turns (masked) and summarises them."""

    def __init__(self, engine: Engine, background: bool = False) -> None:
        self._engine = engine
        self._ready = False
        self._lock = threading.Lock()
        self._queue: queue.Queue[dict] | None = None
        if background:  # the bot records off the answer path: a writer thread drains a queue
            self._queue = queue.Queue(maxsize=10_000)
            threading.Thread(target=self._drain, name="analytics-writer", daemon=True).start()

    @classmethod
    def from_url(cls, url: str, background: bool = False) -> EventLog:
        return cls(engine_for(url), background)

    def _drain(self) -> None:
        assert self._queue is not None
        while True:
            self._write(self._queue.get())

    def _ensure(self) -> None:
        with self._lock:
            if not self._ready:
                _metadata.create_all(self._engine, checkfirst=True)
                self._ready = True

    def record(self, kind: str, text: str, guide_id: str | None = None, field: str | None = None,
               channel: str | None = None) -> None:
        """Store one turn's outcome; never raises (analytics must not break answers)."""
        row = {
            "created_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
            "kind": OUTCOME_OF_KIND.get(kind, kind), "text": mask(text)[:500], "guide_id": guide_id,
            "field": field, "channel": channel,
        }
        if self._queue is None:
            self._write(row)
            return
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            logger.warning("analytics queue full: one event dropped")

    def _write(self, row: dict) -> None:
        try:
            self._ensure()
            with Session(self._engine) as session, session.begin():
                session.execute(insert(events).values(**row))
        except Exception:  # noqa: BLE001 - recorded, not fatal
            logger.exception("could not record a bot event")

    def report(self, names: dict[str, str] | None = None, top: int = 20,
               feedback_file: Path = FEEDBACK_FILE) -> Report:
        """Counts for the bureau; ``names`` maps guide ids to 事项名称."""
        self._ensure()
        names = names or {}
        with Session(self._engine) as session:
            total = session.execute(select(func.count()).select_from(events)).scalar_one()
            by_outcome = session.execute(
                select(events.c.kind, func.count()).group_by(events.c.kind).order_by(func.count().desc())
            ).all()
            unanswered = session.execute(
                select(events.c.text, func.count()).where(events.c.kind.in_(["unanswered", "clarified"]))
                .group_by(events.c.text).order_by(func.count().desc(), events.c.text).limit(top)
            ).all()
            per_item = session.execute(
                select(events.c.guide_id, events.c.field, func.count()).where(events.c.kind == "answered")
                .where(events.c.guide_id.is_not(None)).group_by(events.c.guide_id, events.c.field)
                .order_by(func.count().desc()).limit(top)
            ).all()
        return Report(
            total=int(total),
            by_outcome=[(str(k), int(n)) for k, n in by_outcome],
            unanswered=[(str(t), int(n)) for t, n in unanswered],
            per_item_field=[(names.get(g, g), f or "overview", int(n)) for g, f, n in per_item],
            feedback=_feedback_counts(feedback_file),
        )


FEEDBACK_LABELS = {True: "有用", False: "没用"}


def _feedback_label(record: dict) -> str:
    """A vote's label: the channels write ``useful`` (true/false); older files ``rating`` or ``value``."""
    if isinstance(record.get("useful"), bool):
        return FEEDBACK_LABELS[record["useful"]]
    return str(record.get("rating") or record.get("value") or "?")


def _feedback_counts(path: Path) -> list[tuple[str, int]]:
    """有用/没用 counts from the channels' feedback file (one JSON object per line, web and WeChat)."""
    if not path.exists():
        return []
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            counts[_feedback_label(json.loads(line))] += 1
        except (ValueError, AttributeError):
            counts["无法解析"] += 1
    return counts.most_common()
