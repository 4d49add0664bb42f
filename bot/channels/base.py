"""What the channels share: asking the bot, reading requests safely, small caches, static files."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import mimetypes
import os
import re
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.actions.render import service_unavailable, too_fast
from bot.channels.format import BotMessage, bot_messages
from bot.channels.throttle import sender_limit
from knowledge.privacy import mask

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WEB_DIR = PROJECT_ROOT / "web"
RUNTIME_DIR = PROJECT_ROOT / "data" / "runtime"
MAX_JSON_BYTES = 16 * 1024
MAX_MESSAGE_CHARS = 4000  # longer is cut here; past 500 the assistant answers the start and says so
_SENDER = re.compile(r"^[A-Za-z0-9_.:@\-]{1,80}$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class BadRequest(ValueError):
    """The request cannot be served; the message is safe to show."""


def expand_env(value: Any, env: dict[str, str] | None = None) -> Any:
    """``${VAR}`` and ``${VAR:-default}`` in a credentials value, from the environment; missing → ''.

    credentials.yml quotes these placeholders so that Rasa passes them through unexpanded
    (Rasa refuses to start on an unset variable); channels expand them here, so a channel
    that is not configured is simply disabled instead of stopping the server.
    """
    if not isinstance(value, str):
        return value
    source: Mapping[str, str] = os.environ if env is None else env
    return _ENV.sub(lambda m: source.get(m.group(1)) or (m.group(2) or ""), value)


def read_json(request: Request, max_bytes: int = MAX_JSON_BYTES) -> dict:
    """The request's JSON object body, or ``BadRequest``."""
    body = request.body or b""
    if len(body) > max_bytes:
        raise BadRequest("请求过大")
    try:
        data = json.loads(body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # RecursionError: [[[[… nested too deep
        raise BadRequest("请求不是合法的 JSON") from exc
    if not isinstance(data, dict):
        raise BadRequest("请求应为 JSON 对象")
    return data


def message_text(data: dict, key: str = "message") -> str:
    """The user's text from a JSON body, length-limited, lone surrogates (``"\\ud800"``) replaced by U+FFFD
    (they cannot be stored or logged as UTF-8); ``BadRequest`` if missing."""
    text = data.get(key)
    if not isinstance(text, str) or not text.strip():
        raise BadRequest(f"缺少 {key}")
    return _SURROGATE.sub("\ufffd", text.strip()[:MAX_MESSAGE_CHARS])


def sender_id(data: dict, prefix: str) -> str:
    """The conversation id from a JSON body, namespaced per channel; ``BadRequest`` if invalid."""
    sender = data.get("sender")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise BadRequest("sender 无效（1–80 个字母、数字或 _ . : @ -）")
    return sender if sender.startswith(prefix) else f"{prefix}{sender}"


def error(message: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": message}, status=status)


BOT_TIMEOUT = float(os.environ.get("BOT_REPLY_TIMEOUT", "20"))


async def ask_bot_raw(
    on_new_message: OnNewMessage, text: str, sender: str, channel: str, metadata: dict | None = None,
    timeout: float | None = None,
) -> list[dict]:
    """Send one user message through Rasa; Rasa's collected replies, never nothing.

    When the action server or the knowledge base is down or slow, Rasa logs the failure and
    sends no reply: the citizen then gets an apology with the consult phone, within ``timeout``.
    """
    if not sender_limit().allow(sender):  # one sender flooding: answered at once, the bot not asked
        return [{"recipient_id": sender, "text": too_fast().text}]
    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, sender, input_channel=channel, metadata=metadata)
    try:
        await asyncio.wait_for(on_new_message(message), timeout or BOT_TIMEOUT)
    except asyncio.TimeoutError:
        logger.error("bot did not answer within %.0f s (channel %s)", timeout or BOT_TIMEOUT, channel)
        return [{"recipient_id": sender, "text": service_unavailable().text}]
    except Exception:  # noqa: BLE001 - the citizen still gets an answer; the failure is logged
        logger.exception("bot failed on a message (channel %s)", channel)
        return [{"recipient_id": sender, "text": service_unavailable().text}]
    if not [m for m in collector.messages if isinstance(m, dict) and (m.get("text") or m.get("buttons"))]:
        logger.error("bot sent no reply (channel %s): action server down?", channel)
        return [{"recipient_id": sender, "text": service_unavailable().text}]
    return collector.messages


async def ask_bot(
    on_new_message: OnNewMessage, text: str, sender: str, channel: str, metadata: dict | None = None
) -> list[BotMessage]:
    """Send one user message through Rasa; the bot's replies (an apology if it failed)."""
    return bot_messages(await ask_bot_raw(on_new_message, text, sender, channel, metadata))


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TTLCache(Generic[K, V]):
    """A small in-memory mapping whose entries expire (per process; good enough for one server)."""

    def __init__(self, ttl: float, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._data: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry[0] < self._clock():
                del self._data[key]
                return None
            return entry[1]

    def set(self, key: K, value: V) -> None:
        with self._lock:
            now = self._clock()
            if len(self._data) >= self.max_entries:
                for old in [k for k, (expiry, _) in self._data.items() if expiry < now]:
                    del self._data[old]
                while len(self._data) >= self.max_entries:  # still full: drop the oldest
                    del self._data[next(iter(self._data))]
            self._data[key] = (now + self.ttl, value)

    def pop(self, key: K) -> V | None:
        with self._lock:
            entry = self._data.pop(key, None)
            return entry[1] if entry else None

    def __len__(self) -> int:
        return len(self._data)


_gzipped: dict[Path, tuple[float, bytes]] = {}


def static_file(request: Request, path: Path, cache_seconds: int = 300, headers: dict | None = None) -> HTTPResponse:
    """A file under web/, gzip-compressed when the client accepts it (compressed once, in memory)."""
    if not path.is_file():
        return response.text("not found", status=404)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
        content_type += "; charset=utf-8"
    all_headers = {"Cache-Control": f"public, max-age={cache_seconds}", "X-Content-Type-Options": "nosniff"}
    all_headers.update(headers or {})
    mtime = path.stat().st_mtime
    if "gzip" in (request.headers.get("accept-encoding") or ""):
        cached = _gzipped.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, gzip.compress(path.read_bytes(), 6))
            _gzipped[path] = cached
        all_headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return response.raw(cached[1], content_type=content_type, headers=all_headers)
    return response.raw(path.read_bytes(), content_type=content_type, headers=all_headers)


FEEDBACK_FILE = RUNTIME_DIR / "feedback.jsonl"


def feedback_file(configured: Any) -> Path:
    """Where the channels append 有用/没用 votes: the configured path (relative to the project), else the default."""
    path = expand_env(configured) or ""
    if not isinstance(path, str) or not path:
        return FEEDBACK_FILE
    return Path(path) if Path(path).is_absolute() else PROJECT_ROOT / path


def record_feedback(path: Path, channel: str, sender: str, useful: bool, item: str, question: str) -> dict:
    """Append one 有用/没用 vote (question masked), the same record for every channel; the record."""
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "channel": channel,
        "sender": sender,
        "useful": useful,
        "item": item[:200],
        "question": mask(question)[:500],
    }
    append_jsonl(path, record)
    return record


def append_jsonl(path: Path, record: dict) -> None:
    """Append one JSON record as a line (creating the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _append_lock, open(path, "a", encoding="utf-8") as handle:
        handle.write(line)


_append_lock = threading.Lock()


async def in_thread(function: Callable[..., V], *args: Any) -> V:
    """Run blocking work (knowledge-base queries, building the linker) off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)
