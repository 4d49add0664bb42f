"""Fixtures for the channel tests: a Sanic server per channel with a fake bot, a stub of the WeChat
API on 127.0.0.1, the real bot with every channel configured, and headless Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic

from bot.launch import MODEL, BotProcesses, free_port, running_bot

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "tests" / "screenshots"
WECHAT_TOKEN = "bstTestToken2026"
WECHAT_APPID = "wx0123456789abcdef"
WECHAT_SECRET = "test-secret-not-real"
WECHAT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat issues them
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


# ------------------------------------------------------------------ fake bot + Sanic
@dataclass
class FakeBot:
    """Stands in for Rasa's ``on_new_message``: records what it got, answers as told."""

    replies: Callable[[str], list[dict]] = lambda text: [{"text": f"收到：{text}"}]
    delay: float = 0.0
    received: list[UserMessage] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [m.text or "" for m in self.received]

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        for reply in self.replies(message.text or ""):
            await message.output_channel.send_response(message.sender_id, dict(reply))


@dataclass
class Served:
    url: str
    loop: asyncio.AbstractEventLoop


@contextmanager
def serve_channel(channel: InputChannel, bot: Callable[[UserMessage], Any], prefix: str | None = None) -> Iterator[Served]:
    """The channel's blueprint in a Sanic server on 127.0.0.1 (own thread and event loop)."""
    with serve_channels([channel], bot, prefix) as served:
        yield served


@contextmanager
def serve_channels(channels: list[InputChannel], bot: Callable[[UserMessage], Any],
                   prefix: str | None = None) -> Iterator[Served]:
    """Several channels' blueprints in one Sanic server, each under /webhooks/<name> (or ``prefix``)."""
    Sanic.test_mode = True
    app = Sanic(f"channel_test_{uuid.uuid4().hex[:8]}")
    for channel in channels:
        app.blueprint(channel.blueprint(bot), url_prefix=prefix or f"/webhooks/{channel.name()}")
    port = free_port()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, Any] = {}

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
        )
        loop.run_until_complete(server.startup())
        holder["server"] = server
        ready.set()
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(20), "Sanic test server did not start"
    try:
        yield Served(f"http://127.0.0.1:{port}", loop)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


# ----------------------------------------------------------------- WeChat API stub
class WeChatApiStub:
    """A local stand-in for api.weixin.qq.com: issues tokens, records customer-service messages."""

    def __init__(self) -> None:
        self.token_requests: list[dict] = []
        self.sent: list[dict] = []
        self.reject_tokens: set[str] = set()
        self._count = 0
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, data: dict) -> None:
                body = json.dumps(data, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/cgi-bin/token":
                    with stub._lock:
                        stub.token_requests.append(query)
                        stub._count += 1
                        token = f"token-{stub._count}"
                    if query.get("appid") != WECHAT_APPID or query.get("secret") != WECHAT_SECRET:
                        self._json({"errcode": 40013, "errmsg": "invalid appid"})
                    else:
                        self._json({"access_token": token, "expires_in": 7200})
                else:
                    self._json({"errcode": 404})

            def do_POST(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode("utf-8") or "{}")
                if url.path != "/cgi-bin/message/custom/send":
                    self._json({"errcode": 404})
                    return
                token = query.get("access_token", "")
                if token in stub.reject_tokens:
                    self._json({"errcode": 42001, "errmsg": "access_token expired"})
                    return
                with stub._lock:
                    stub.sent.append({"access_token": token, **body})
                self._json({"errcode": 0, "errmsg": "ok"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/"

    def wait_sent(self, count: int, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.sent) >= count:
                    return list(self.sent)
            time.sleep(0.05)
        return list(self.sent)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def wechat_api() -> Iterator[WeChatApiStub]:
    stub = WeChatApiStub()
    yield stub
    stub.close()


@pytest.fixture(scope="package")
def session_wechat_api() -> Iterator[WeChatApiStub]:
    stub = WeChatApiStub()
    yield stub
    stub.close()


# ------------------------------------------------------------------------ real bot
@dataclass
class ChannelBot:
    processes: BotProcesses
    feedback_path: Path

    @property
    def url(self) -> str:
        return self.processes.url


@pytest.fixture(scope="package")
def channel_bot(tmp_path_factory: pytest.TempPathFactory, session_wechat_api: WeChatApiStub) -> Iterator[ChannelBot]:
    """The real bot (action server + Rasa with the trained model), all channels configured for tests.

    Package scope: stopped after tests/channels, before tests/e2e starts its own bot.
    """
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    logs = Path(tmp_path_factory.mktemp("channel-bot-logs"))
    feedback = logs / "feedback.jsonl"
    env = {
        "WECHAT_TOKEN": WECHAT_TOKEN,
        "WECHAT_APPID": WECHAT_APPID,
        "WECHAT_SECRET": WECHAT_SECRET,
        "WECHAT_AES_KEY": WECHAT_AES_KEY,
        "WECHAT_API_BASE": session_wechat_api.base_url,
        "WEB_FEEDBACK_PATH": str(feedback),
        "ASSIST_TOKEN": "",
    }
    with running_bot(logs, env=env) as processes:
        processes.send("warm-up", "失业金要带什么材料", timeout=120)  # the action server builds its linker once
        yield ChannelBot(processes, feedback)


# ------------------------------------------------------------------------ Chromium
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


@contextmanager
def chromium(width: int = 412, height: int = 860, mobile: bool = False) -> Iterator[Any]:
    """Headless Chromium (the system's) driven by chromedriver, with a fresh profile.

    ``mobile``: a phone's viewport (device metrics and touch, as Chromium's device emulation).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="bst-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    if mobile:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": True},
            "userAgent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36",
        })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
