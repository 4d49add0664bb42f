"""One typed settings object, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"

CONSULT_PHONE = "0312-7318400"


@dataclass(frozen=True)
class Settings:
    """Where the knowledge base lives and what it is built from."""

    database_url: str
    source_path: Path
    aliases_path: Path
    examples_path: Path = DATA_DIR / "example_questions.yml"
    analytics_url: str = f"sqlite:///{DATA_DIR / 'runtime' / 'analytics.sqlite3'}"
    channel_state_url: str = ""  # Redis for what channels share between replicas (empty: this process's memory)
    channel_state_prefix: str = "bst"
    sender_rate_limit: str = "15 per 10 seconds; 120 per 10 minutes"  # messages one sender may send
    warm_up_at_start: bool = False  # an action server builds its assistant when it starts, not on the first question

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Settings from ``KB_DATABASE_URL``, ``KB_SOURCE_PATH``, ``KB_ALIASES_PATH``, ``KB_EXAMPLES_PATH``,
        ``ANALYTICS_DATABASE_URL``, ``CHANNEL_STATE_URL``, ``CHANNEL_STATE_PREFIX``, ``SENDER_RATE_LIMIT`` and ``ACTIONS_WARM_UP`` (1: build the assistant at start)."""
        env = dict(os.environ if env is None else env)
        default_db = f"sqlite:///{DATA_DIR / 'kb.sqlite3'}"
        return cls(
            database_url=env.get("KB_DATABASE_URL") or default_db,
            source_path=Path(env.get("KB_SOURCE_PATH") or DATA_DIR / "guides_source.txt"),
            aliases_path=Path(env.get("KB_ALIASES_PATH") or DATA_DIR / "aliases.yml"),
            examples_path=Path(env.get("KB_EXAMPLES_PATH") or DATA_DIR / "example_questions.yml"),
            analytics_url=env.get("ANALYTICS_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'runtime' / 'analytics.sqlite3'}",
            channel_state_url=env.get("CHANNEL_STATE_URL") or "",
            channel_state_prefix=env.get("CHANNEL_STATE_PREFIX") or "bst",
            sender_rate_limit=env.get("SENDER_RATE_LIMIT") or "15 per 10 seconds; 120 per 10 minutes",
            warm_up_at_start=env.get("ACTIONS_WARM_UP", "").strip().lower() in ("1", "true", "yes"),
        )
