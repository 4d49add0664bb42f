"""A production-like 办事通 on this machine, for tests/deploy and the benchmark.

One action server, N Rasa replicas started with the production endpoints
(deploy/endpoints.prod.yml: PostgreSQL tracker store, Redis lock store) and a real nginx
round-robin front using the production location rules (deploy/nginx/baishitong-*.conf).

Isolation, so that runs never collide: every cluster gets a fresh PostgreSQL database
(knowledge base + tracker ``events`` table, dropped afterwards) and a unique Redis lock key prefix.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.launch import (
    PROJECT_ROOT,
    BotProcesses,
    free_port,
    post_json,
    start_actions,
    start_rasa,
    wait_port,
    wait_ready,
)

PROD_ENDPOINTS = PROJECT_ROOT / "deploy" / "endpoints.prod.yml"
NGINX_DIR = PROJECT_ROOT / "deploy" / "nginx"
# the servers the test suite uses (.ci/run exports KB_TEST_POSTGRES_URL and TEST_REDIS_URL)
ADMIN_URL = (os.environ.get("DEPLOY_POSTGRES_URL") or os.environ.get("KB_TEST_POSTGRES_URL")
             or "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
_REDIS = urlsplit(os.environ.get("DEPLOY_REDIS_URL") or os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/1")
REDIS_HOST = _REDIS.hostname or "127.0.0.1"
REDIS_PORT = _REDIS.port or 6379
REDIS_DB = int(_REDIS.path.strip("/") or 0)
REDIS_PASSWORD = unquote(_REDIS.password or "")


def nginx_binary() -> str:
    """The nginx executable (PATH, then Debian's /usr/sbin)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx not installed: run `make sysdeps`")
    return found


# --------------------------------------------------------------------------- PostgreSQL / Redis


@contextmanager
def fresh_database(tag: str = "deploy", admin_url: str = ADMIN_URL) -> Iterator[str]:
    """A new, empty PostgreSQL database; yields its SQLAlchemy URL, drops it afterwards."""
    name = f"bst_{tag}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield str(make_url(admin_url).set(database=name))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass(frozen=True)
class ProdStores:
    """Where the replicas keep conversations (PostgreSQL) and locks (Redis)."""

    database_url: str  # SQLAlchemy URL of the tracker (and knowledge-base) database
    key_prefix: str = field(default_factory=lambda: f"bst{uuid.uuid4().hex[:12]}")
    redis_host: str = REDIS_HOST
    redis_port: int = REDIS_PORT
    redis_db: int = REDIS_DB
    redis_password: str = REDIS_PASSWORD

    def rasa_env(self) -> dict[str, str]:
        """The variables deploy/endpoints.prod.yml reads (ACTION_ENDPOINT_URL is set by the launcher)."""
        url = make_url(self.database_url)
        return {
            "TRACKER_DB_HOST": url.host or "127.0.0.1",
            "TRACKER_DB_PORT": str(url.port or 5432),
            "TRACKER_DB_NAME": url.database or "",
            "TRACKER_DB_USER": url.username or "postgres",
            "TRACKER_DB_PASSWORD": url.password or "",
            "LOCK_REDIS_HOST": self.redis_host,
            "LOCK_REDIS_PORT": str(self.redis_port),
            "LOCK_REDIS_DB": str(self.redis_db),
            "LOCK_REDIS_PASSWORD": self.redis_password,
            "LOCK_KEY_PREFIX": self.key_prefix,
            # the channels' shared state (bot/channels/state.py): the same Redis and prefix
            "CHANNEL_STATE_URL": f"redis://:{self.redis_password}@{self.redis_host}:{self.redis_port}/{self.redis_db}",
            "CHANNEL_STATE_PREFIX": self.key_prefix,
        }

    def lock_key(self, sender: str) -> str:
        """The Redis key Rasa's lock store uses for one conversation."""
        return f"{self.key_prefix}:lock:{sender}"

    def clear_locks(self) -> None:
        """Delete any lock keys left by this run (normally none: locks are removed after each turn)."""
        import redis

        client = redis.Redis(host=self.redis_host, port=self.redis_port, db=self.redis_db,
                             password=self.redis_password or None)
        try:
            keys = list(client.scan_iter(f"{self.key_prefix}:*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


def build_knowledge_base(database_url: str) -> None:
    """Build the knowledge base from the project's guide document into ``database_url``."""
    from knowledge.build import build
    from knowledge.settings import Settings

    settings = Settings.from_env({"KB_DATABASE_URL": database_url})
    build(settings, progress=lambda _m: None)


class PrivateRedis:
    """A redis-server of our own on a free port (no persistence), to stop, hang and restart in tests."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> PrivateRedis:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.workdir / f"redis-{self.port}.log", "a")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        wait_port(self.port, self.proc, timeout=20)
        return self

    def kill(self) -> None:
        """Gone at once (SIGKILL): connections are refused."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # also ends a paused server
            self.proc.wait(timeout=10)

    def pause(self) -> None:
        """Hung (SIGSTOP): connections are accepted by the kernel but nothing answers."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        self.kill()


class RedisMonitor:
    """Records the commands Redis receives (MONITOR) while active: proves which keys were touched."""

    def __init__(self, host: str = REDIS_HOST, port: int = REDIS_PORT, password: str = REDIS_PASSWORD) -> None:
        self.host, self.port, self.password = host, port, password
        self.data = b""

    def __enter__(self) -> RedisMonitor:
        import threading

        self._sock = socket.create_connection((self.host, self.port), timeout=5)
        if self.password:
            secret = self.password.encode()
            self._sock.sendall(b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(secret), secret))
            self._sock.recv(64)
        self._sock.sendall(b"MONITOR\r\n")
        if not self._sock.recv(64).startswith(b"+OK"):
            raise RuntimeError("Redis refused MONITOR")
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        return self

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = self._sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            self.data += chunk

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.3)
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


# --------------------------------------------------------------------------- nginx


ACCESS_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) .*?upstream="(?P<upstream>[^"]*)"')


class NginxFront:
    """A real nginx (foreground, own prefix directory) doing round robin over local Rasa replicas."""

    def __init__(self, upstream_ports: list[int], workdir: Path, port: int | None = None,
                 fail_timeout: str = "1s", workers: int = 1) -> None:
        self.upstream_ports = list(upstream_ports)
        self.workdir = workdir
        self.port = port or free_port()
        self.fail_timeout = fail_timeout
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.conf = workdir / "nginx.conf"
        self.access_log = workdir / "access.log"
        self.error_log = workdir / "error.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        """nginx.conf: production locations and http settings, local upstreams, files in ``workdir``."""
        w = self.workdir
        servers = "\n".join(
            f"        server 127.0.0.1:{p} max_fails=1 fail_timeout={self.fail_timeout};" for p in self.upstream_ports
        )
        return f"""# generated by bench/cluster.py
daemon off;
worker_processes {self.workers};
pid {w}/nginx.pid;
error_log {self.error_log} notice;
events {{ worker_connections 1024; }}
http {{
    include {NGINX_DIR}/baishitong-http.conf;
    access_log {self.access_log} baishitong;
    client_body_temp_path {w}/tmp/body;
    proxy_temp_path {w}/tmp/proxy;
    fastcgi_temp_path {w}/tmp/fastcgi;
    uwsgi_temp_path {w}/tmp/uwsgi;
    scgi_temp_path {w}/tmp/scgi;
    upstream rasa {{
{servers}
        keepalive 32;
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        include {NGINX_DIR}/baishitong-locations.conf;
    }}
}}
"""

    def start(self) -> None:
        (self.workdir / "tmp").mkdir(parents=True, exist_ok=True)
        self.conf.write_text(self.config(), encoding="utf-8")
        binary = nginx_binary()
        check = subprocess.run([binary, "-t", "-p", str(self.workdir), "-c", str(self.conf), "-e", str(self.error_log)],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx config invalid:\n{check.stderr}")
        self.proc = subprocess.Popen(
            [binary, "-p", str(self.workdir), "-c", str(self.conf), "-e", str(self.error_log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_port(self.port, self.proc, timeout=20)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def entries_after(self, count: int, timeout: float = 3.0) -> list[dict[str, str]]:
        """Access-log entries after the first ``count``; waits for them (nginx logs after replying)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.entries()[count:]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    def entries(self) -> list[dict[str, str]]:
        """Parsed access-log lines: method, path, status, upstream (the replica that answered)."""
        if not self.access_log.exists():
            return []
        found = []
        for line in self.access_log.read_text(encoding="utf-8", errors="replace").splitlines():
            match = ACCESS_LINE.search(line)
            if match:
                found.append(match.groupdict())
        return found


# --------------------------------------------------------------------------- the cluster


@dataclass
class Replica:
    port: int
    proc: subprocess.Popen
    restarts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


class Cluster:
    """Action server + Rasa replicas (+ nginx). ``stores=None`` keeps the default in-memory endpoints."""

    def __init__(self, log_dir: Path, replicas: int = 2, stores: ProdStores | None = None,
                 kb_url: str | None = None, front: bool = True, rasa_args: list[str] | None = None,
                 rasa_env: dict[str, str] | None = None) -> None:
        self.log_dir = log_dir
        self.n = replicas
        self.stores = stores
        self.kb_env = {"KB_DATABASE_URL": kb_url} if kb_url else {}
        self.want_front = front
        self.rasa_args = rasa_args or []
        self.extra_env = rasa_env or {}
        self.actions_port = free_port()
        self.actions: subprocess.Popen | None = None
        self.replicas: list[Replica] = []
        self.front: NginxFront | None = None

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}/webhook"

    @property
    def url(self) -> str:
        """Where clients talk to the bot: nginx if there is one, else the first replica."""
        return self.front.url if self.front else self.replicas[0].url

    def _rasa_env(self) -> dict[str, str]:
        return {**self.kb_env, **(self.stores.rasa_env() if self.stores else {}), **self.extra_env}

    def _spawn(self, port: int) -> subprocess.Popen:
        endpoints = PROD_ENDPOINTS if self.stores else None
        return start_rasa(port, self.actions_url, self.log_dir, endpoints=endpoints, env=self._rasa_env(),
                          extra_args=self.rasa_args)

    def start(self) -> Cluster:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.actions = start_actions(self.actions_port, self.log_dir, self.kb_env)
        wait_port(self.actions_port, self.actions)
        for _ in range(self.n):  # start all, then wait: the replicas load their models in parallel
            port = free_port()
            self.replicas.append(Replica(port, self._spawn(port)))
        for replica in self.replicas:
            wait_ready(replica.url, replica.proc)
        if self.want_front:
            self.front = NginxFront([r.port for r in self.replicas], self.log_dir / "nginx")
            self.front.start()
        return self

    def kill(self, index: int, sig: int = signal.SIGKILL) -> None:
        """Stop one replica abruptly (a crash) and wait until it is gone."""
        proc = self.replicas[index].proc
        proc.send_signal(sig)
        proc.wait(timeout=30)

    def restart(self, index: int) -> None:
        """Start a stopped replica again on the same port (keeps its old log) and wait until it answers."""
        replica = self.replicas[index]
        if replica.proc.poll() is None:
            self.kill(index, signal.SIGTERM)
        log = self.log_dir / f"rasa-{replica.port}.log"
        if log.exists():
            replica.restarts += 1
            log.rename(log.with_name(f"{log.stem}.before-restart-{replica.restarts}.log"))
        replica.proc = self._spawn(replica.port)
        wait_ready(replica.url, replica.proc)

    def pids(self) -> dict[str, int]:
        """Role → process id of every live process."""
        found = {"actions": self.actions.pid} if self.actions and self.actions.poll() is None else {}
        for i, replica in enumerate(self.replicas):
            if replica.proc.poll() is None:
                found[f"rasa-{i + 1}"] = replica.proc.pid
        if self.front and self.front.proc and self.front.proc.poll() is None:
            found["nginx"] = self.front.proc.pid
        return found

    def send(self, sender: str, message: str, url: str | None = None, timeout: float = 60.0) -> list[dict]:
        """One message through the REST channel (nginx by default); the bot's replies."""
        reply = post_json(f"{url or self.url}/webhooks/rest/webhook", {"sender": sender, "message": message}, timeout)
        return reply if isinstance(reply, list) else []

    def stop(self) -> None:
        if self.front:
            self.front.stop()
        procs = [r.proc for r in self.replicas] + ([self.actions] if self.actions else [])
        BotProcesses(0, 0, self.log_dir, procs).stop()


@contextmanager
def running_cluster(log_dir: Path, **kwargs: object) -> Iterator[Cluster]:
    """A started :class:`Cluster`, stopped afterwards."""
    cluster = Cluster(log_dir, **kwargs)  # type: ignore[arg-type]
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def text_of(messages: list[dict]) -> str:
    """The bot's reply texts joined by newlines."""
    return "\n".join(m.get("text") or "" for m in messages)
