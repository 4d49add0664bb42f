"""Start and stop the bot's processes (action server + Rasa) for tests, evaluation and benchmarks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MODEL = PROJECT_ROOT / "models" / "baishitong.tar.gz"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post_json(url: str, payload: dict, timeout: float = 30.0) -> object:
    """POST JSON, return the decoded JSON reply."""
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "null")


@dataclass
class BotProcesses:
    """A running action server and Rasa server."""

    rasa_port: int
    actions_port: int
    log_dir: Path
    procs: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def send(self, sender: str, message: str, timeout: float = 30.0) -> list[dict]:
        """One message through the REST channel; the bot's replies."""
        reply = post_json(f"{self.url}/webhooks/rest/webhook", {"sender": sender, "message": message}, timeout)
        return reply if isinstance(reply, list) else []

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PROJECT_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.update(extra or {})
    return env


def start_actions(port: int, log_dir: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start the rasa_sdk action server."""
    log = open(log_dir / f"actions-{port}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "bot.actions", "--port", str(port)],
        cwd=PROJECT_ROOT, env=_env({"ACTIONS_WARM_UP": "1", **(env or {})}), stdout=log, stderr=subprocess.STDOUT,
    )


def start_rasa(
    port: int, actions_url: str, log_dir: Path, endpoints: Path | None = None, env: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
) -> subprocess.Popen:
    """Start a Rasa server with the trained model and the REST channel."""
    log = open(log_dir / f"rasa-{port}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [
            str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(port),
            "--endpoints", str(endpoints or PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"), *(extra_args or []),
        ],
        cwd=PROJECT_ROOT, env=_env({"ACTION_ENDPOINT_URL": actions_url, **(env or {})}),
        stdout=log, stderr=subprocess.STDOUT,
    )


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 240.0) -> None:
    """Wait until a Rasa server answers a message (model loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Rasa exited with {proc.returncode} before it was ready ({url})")
        try:
            post_json(f"{url}/webhooks/rest/webhook", {"sender": "__ready__", "message": "你好"}, timeout=10)
            return
        except OSError:
            time.sleep(1.0)
    raise TimeoutError(f"Rasa at {url} not ready after {timeout:.0f}s")


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until something listens on the port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"nothing listens on port {port} after {timeout:.0f}s")


@contextmanager
def running_bot(log_dir: Path, env: dict[str, str] | None = None) -> Iterator[BotProcesses]:
    """An action server and a Rasa server on free ports, stopped afterwards."""
    log_dir.mkdir(parents=True, exist_ok=True)
    bot = BotProcesses(free_port(), free_port(), log_dir)
    try:
        actions = start_actions(bot.actions_port, log_dir, env)
        bot.procs.append(actions)
        wait_port(bot.actions_port, actions)
        rasa = start_rasa(bot.rasa_port, f"http://127.0.0.1:{bot.actions_port}/webhook", log_dir, env=env)
        bot.procs.append(rasa)
        wait_ready(bot.url, rasa)
        yield bot
    finally:
        bot.stop()
