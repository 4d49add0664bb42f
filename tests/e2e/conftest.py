"""A real bot (action server + Rasa with the trained model) on free ports, for the session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.launch import MODEL, BotProcesses, running_bot


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcesses]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    with running_bot(Path(tmp_path_factory.mktemp("bot-logs"))) as processes:
        yield processes


class Chat:
    """One conversation over the REST channel."""

    def __init__(self, bot: BotProcesses) -> None:
        self.bot = bot
        self.sender = f"test-{uuid.uuid4().hex[:10]}"
        self.messages: list[dict] = []

    def say(self, text: str) -> str:
        self.messages = self.bot.send(self.sender, text)
        return "\n".join(m.get("text") or "" for m in self.messages)

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.messages for b in m.get("buttons", [])]


@pytest.fixture
def chat(bot: BotProcesses) -> Chat:
    return Chat(bot)
