"""Typed, read-only access to the knowledge base; the only code that queries it.

Each call opens one short-lived ``Session`` and returns frozen dataclasses, never ORM
rows. Every query follows ``kb_meta.active_version``, so a rebuild that swaps in a new
version is picked up by the next call, and an interrupted one is never seen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.build import active_version, engine_for
from knowledge.fields import Field
from knowledge.schema import TableSet, table_set
from knowledge.search import SearchIndex
from knowledge.settings import Settings


class KnowledgeBaseMissing(RuntimeError):
    """No knowledge base has been built at the configured URL."""


@dataclass(frozen=True)
class GuideSummary:
    """The identity of a guide, for lists and candidates."""

    id: str
    position: int
    code: str
    name: str
    category: str
    subcategory: str


@dataclass(frozen=True)
class Guide:
    """A complete guide: identity plus the 11 fields, verbatim."""

    id: str
    position: int
    code: str
    name: str
    title: str | None
    category: str
    subcategory: str
    fields: Mapping[Field, str]

    def field(self, which: Field) -> str:
        """The text of one field."""
        return self.fields[which]

    @property
    def summary(self) -> GuideSummary:
        """This guide's identity."""
        return GuideSummary(self.id, self.position, self.code, self.name, self.category, self.subcategory)


@dataclass(frozen=True)
class CatalogueEntry:
    """What item linking needs to know of a guide."""

    guide: GuideSummary
    aliases: tuple[str, ...]
    description: str
    examples: tuple[str, ...] = ()  # questions citizens ask about it (data/example_questions.yml)


@dataclass(frozen=True)
class Candidate:
    """A guide that may be the one meant, with a score in [0, 1] and why."""

    guide: GuideSummary
    score: float
    reason: str


@dataclass(frozen=True)
class Stats:
    """Counts that describe the knowledge base."""

    version: int
    guides: int
    distinct_codes: int
    fields_per_guide: int
    aliases: int
    categories: Sequence[tuple[str, int]]
    notes: Sequence[tuple[str, int | None, str]]


class GuideRepository:
    """Read API over the active knowledge-base version."""

    def __init__(self, engine: Engine, version_ttl: float = 2.0) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._catalogue: tuple[int, list[CatalogueEntry], SearchIndex] | None = None
        self._version_ttl = version_ttl  # a rebuild is noticed within this many seconds
        self._version_seen: tuple[float, int] | None = None
        self._guides: dict[tuple[int, str], Guide] = {}

    @classmethod
    def from_settings(cls, settings: Settings | None = None, version_ttl: float = 2.0) -> GuideRepository:
        """A repository over the knowledge base named by the settings (environment)."""
        return cls(engine_for((settings or Settings.from_env()).database_url), version_ttl)

    def _tables(self, session: Session) -> TableSet:
        version = active_version(session.connection())
        if version is None:
            raise KnowledgeBaseMissing("知识库尚未构建，请先运行：python -m knowledge build")
        return table_set(version)

    def version(self) -> int:
        """The active knowledge-base version (re-read at most every ``version_ttl`` seconds)."""
        now = time.monotonic()
        seen = self._version_seen
        if seen is not None and now - seen[0] < self._version_ttl:
            return seen[1]
        with Session(self._engine) as session:
            version = self._tables(session).version
        self._version_seen = (now, version)
        return version

    def get(self, guide_id: str) -> Guide | None:
        """The guide with this stable id (guides are immutable within a version: all of a version
        are read at the first miss, in one query, and kept until the next version)."""
        version = self.version()
        key = (version, guide_id)
        if key not in self._guides:
            with Session(self._engine) as session:
                t = table_set(version)
                rows = session.execute(select(t.guide)).mappings().all()
            with self._lock:
                self._guides = {(version, row["id"]): _guide(row) for row in rows}
        return self._guides.get(key)

    def get_many(self, guide_ids: Sequence[str]) -> list[Guide]:
        """Guides by id, in the order asked (unknown ids skipped)."""
        with Session(self._engine) as session:
            t = self._tables(session)
            rows = session.execute(select(t.guide).where(t.guide.c.id.in_(list(guide_ids)))).mappings().all()
        by_id = {row["id"]: _guide(row) for row in rows}
        return [by_id[i] for i in guide_ids if i in by_id]

    def by_name(self, name: str) -> Guide | None:
        """The guide whose 事项名称 is exactly ``name``."""
        with Session(self._engine) as session:
            t = self._tables(session)
            row = session.execute(
                select(t.guide).where(t.guide.c.name == name.strip()).order_by(t.guide.c.position)
            ).mappings().first()
            return _guide(row) if row else None

    def by_alias(self, alias: str) -> list[GuideSummary]:
        """Guides that have ``alias`` as an alias (several when it is ambiguous)."""
        with Session(self._engine) as session:
            t = self._tables(session)
            rows = session.execute(
                select(t.guide)
                .join(t.alias, t.alias.c.guide_id == t.guide.c.id)
                .where(t.alias.c.alias == alias.strip())
                .order_by(t.guide.c.position)
            ).mappings().all()
            return _unique([_summary(r) for r in rows])

    def by_code(self, code: str) -> list[GuideSummary]:
        """Guides with this 事项编码 (two for the one code the source shares)."""
        with Session(self._engine) as session:
            t = self._tables(session)
            rows = session.execute(
                select(t.guide).where(t.guide.c.code == code).order_by(t.guide.c.position)
            ).mappings().all()
            return [_summary(r) for r in rows]

    def list_category(self, category: str, subcategory: str | None = None) -> list[GuideSummary]:
        """Guides of a category (and sub-category), in document order."""
        with Session(self._engine) as session:
            t = self._tables(session)
            query = select(t.guide).where(t.guide.c.category == category)
            if subcategory:
                query = query.where(t.guide.c.subcategory == subcategory)
            rows = session.execute(query.order_by(t.guide.c.position)).mappings().all()
            return [_summary(r) for r in rows]

    def categories(self) -> list[tuple[str, int]]:
        """Categories with their guide counts, largest first."""
        with Session(self._engine) as session:
            t = self._tables(session)
            rows = session.execute(
                select(t.guide.c.category, func.count())
                .group_by(t.guide.c.category)
                .order_by(func.count().desc(), t.guide.c.category)
            ).all()
            return [(str(c), int(n)) for c, n in rows]

    def catalogue(self) -> list[CatalogueEntry]:
        """Every guide with its aliases and description, cached per version."""
        return self._cached()[1]

    def search(self, text: str, limit: int = 5) -> list[Candidate]:
        """Guides ranked by text relevance (BM25 over names, aliases and descriptions)."""
        _, entries, index = self._cached()
        return [Candidate(entries[i].guide, score, "全文检索") for i, score in index.rank(text, limit)]

    def _cached(self) -> tuple[int, list[CatalogueEntry], SearchIndex]:
        version = self.version()
        with self._lock:
            if self._catalogue is None or self._catalogue[0] != version:
                entries = self._load_catalogue()
                index = SearchIndex([(e.guide.name, e.aliases, e.description) for e in entries])
                self._catalogue = (version, entries, index)
            return self._catalogue

    def _load_catalogue(self) -> list[CatalogueEntry]:
        with Session(self._engine) as session:
            t = self._tables(session)
            rows = session.execute(select(t.guide).order_by(t.guide.c.position)).mappings().all()
            alias_rows = session.execute(select(t.alias.c.guide_id, t.alias.c.alias).order_by(t.alias.c.id)).all()
            question_rows = (  # a knowledge base built before example questions existed has none
                session.execute(select(t.question.c.guide_id, t.question.c.text).order_by(t.question.c.id)).all()
                if inspect(session.connection()).has_table(t.question.name) else []
            )
        aliases: dict[str, list[str]] = {}
        for guide_id, alias in alias_rows:
            aliases.setdefault(guide_id, []).append(alias)
        examples: dict[str, list[str]] = {}
        for guide_id, text in question_rows:
            examples.setdefault(guide_id, []).append(text)
        return [
            CatalogueEntry(_summary(r), tuple(aliases.get(r["id"], ())), r[Field.SUMMARY.value],
                           tuple(examples.get(r["id"], ())))
            for r in rows
        ]

    def stats(self) -> Stats:
        """Counts for ``python -m knowledge stats``."""
        with Session(self._engine) as session:
            t = self._tables(session)
            guides = session.execute(select(func.count()).select_from(t.guide)).scalar_one()
            codes = session.execute(select(func.count(func.distinct(t.guide.c.code)))).scalar_one()
            aliases = session.execute(select(func.count()).select_from(t.alias)).scalar_one()
            notes = session.execute(select(t.note.c.kind, t.note.c.position, t.note.c.message).order_by(t.note.c.id)).all()
        return Stats(
            version=t.version,
            guides=int(guides),
            distinct_codes=int(codes),
            fields_per_guide=1 + len(Field),  # 事项名称 + 11 content fields, under the 事项编码 header
            aliases=int(aliases),
            categories=self.categories(),
            notes=[(k, p, m) for k, p, m in notes],
        )


def _summary(row: Mapping) -> GuideSummary:
    return GuideSummary(row["id"], row["position"], row["code"], row["name"], row["category"], row["subcategory"])


def _guide(row: Mapping) -> Guide:
    return Guide(
        id=row["id"],
        position=row["position"],
        code=row["code"],
        name=row["name"],
        title=row["title"],
        category=row["category"],
        subcategory=row["subcategory"],
        fields={f: row[f.value] for f in Field},
    )


def _unique(items: list[GuideSummary]) -> list[GuideSummary]:
    seen: set[str] = set()
    unique = []
    for guide in items:
        if guide.id not in seen:
            seen.add(guide.id)
            unique.append(guide)
    return unique
