"""Shared fixtures: the real source document, built knowledge bases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from knowledge.build import build
from knowledge.parser import ParseResult, parse_file
from knowledge.repository import GuideRepository
from knowledge.settings import DATA_DIR, Settings

SOURCE = DATA_DIR / "guides_source.txt"
ALIASES = DATA_DIR / "aliases.yml"
POSTGRES_URL = os.environ.get("KB_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def parsed() -> ParseResult:
    """The real guide document, parsed once."""
    return parse_file(SOURCE)


def sqlite_settings(folder: Path) -> Settings:
    """Settings for a knowledge base in a SQLite file inside ``folder``."""
    return Settings(database_url=f"sqlite:///{folder / 'kb.sqlite3'}", source_path=SOURCE, aliases_path=ALIASES)


@pytest.fixture(scope="session")
def sqlite_kb(tmp_path_factory: pytest.TempPathFactory, parsed: ParseResult) -> Settings:
    """A knowledge base built from the real document into a temporary SQLite file."""
    settings = sqlite_settings(tmp_path_factory.mktemp("kb"))
    build(settings, progress=lambda _m: None, parsed=parsed)
    return settings


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards; its URL selects it via search_path."""
    schema = f"kbtest_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL, future=True)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # pragma: no cover - only without a server
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL schema for the whole test session."""
    with postgres_schema_url() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_kb(postgres_schema: str, parsed: ParseResult) -> Settings:
    """A knowledge base built from the real document into PostgreSQL."""
    settings = Settings(database_url=postgres_schema, source_path=SOURCE, aliases_path=ALIASES)
    build(settings, progress=lambda _m: None, parsed=parsed)
    return settings


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def kb_settings(request: pytest.FixtureRequest) -> Settings:
    """The same knowledge base on each supported database."""
    return request.getfixturevalue(f"{request.param}_kb")


@pytest.fixture(scope="session")
def repo(kb_settings: Settings) -> GuideRepository:
    """A repository over the knowledge base, per database."""
    return GuideRepository.from_settings(kb_settings)


@pytest.fixture(scope="session")
def sqlite_repo(sqlite_kb: Settings) -> GuideRepository:
    """A repository over the SQLite knowledge base only."""
    return GuideRepository.from_settings(sqlite_kb)


@pytest.fixture(scope="session")
def assistant(sqlite_repo: GuideRepository):
    """The dialogue logic over the SQLite knowledge base (real clock)."""
    from bot.actions.dialogue import Assistant
    from knowledge.linking import ItemLinker

    return Assistant(sqlite_repo, ItemLinker.from_repository(sqlite_repo))
