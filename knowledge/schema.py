"""Database tables of the knowledge base.

Every build writes a complete new *table set* (``kb<N>_guide``, ``kb<N>_alias``,
``kb<N>_question``, ``kb<N>_note``) and then, in one transaction, points ``kb_meta.active_version`` at it.
Readers always follow that pointer, so an interrupted build never disturbs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from knowledge.fields import Field

META_TABLE = "kb_meta"
ACTIVE_VERSION_KEY = "active_version"


def meta_table(metadata: MetaData) -> Table:
    """The pointer table: key/value rows, ``active_version`` among them."""
    return Table(
        META_TABLE,
        metadata,
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )


@dataclass(frozen=True)
class TableSet:
    """The tables of one knowledge-base version."""

    version: int
    guide: Table
    alias: Table
    note: Table
    question: Table

    @property
    def tables(self) -> tuple[Table, ...]:
        """All tables, in creation order."""
        return (self.guide, self.alias, self.note, self.question)


def table_prefix(version: int) -> str:
    """The name prefix of one version's tables."""
    return f"kb{version}_"


def table_set(version: int, metadata: MetaData | None = None) -> TableSet:
    """Table objects for knowledge-base version ``version``."""
    md = metadata or MetaData()
    prefix = table_prefix(version)
    guide = Table(
        f"{prefix}guide",
        md,
        Column("id", String(32), primary_key=True),
        Column("position", Integer, nullable=False, unique=True),
        Column("code", String(32), nullable=False, index=True),
        Column("name", String(200), nullable=False, index=True),
        Column("title", String(300)),
        Column("title_prefix", String(8)),
        Column("category", String(32), nullable=False, index=True),
        Column("subcategory", String(64), nullable=False),
        *[Column(f.value, Text, nullable=False) for f in Field],
    )
    alias = Table(
        f"{prefix}alias",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("guide_id", String(32), nullable=False, index=True),
        Column("alias", String(200), nullable=False, index=True),
        Column("kind", String(16), nullable=False),
    )
    note = Table(
        f"{prefix}note",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("kind", String(32), nullable=False),
        Column("position", Integer),
        Column("message", Text, nullable=False),
    )
    question = Table(
        f"{prefix}question",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("guide_id", String(32), nullable=False, index=True),
        Column("text", Text, nullable=False),
        Column("field", String(16), nullable=False),
    )
    return TableSet(version, guide, alias, note, question)
