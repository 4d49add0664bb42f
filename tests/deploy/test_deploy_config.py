"""The production deployment files: docker-compose.yml, deploy/endpoints.prod.yml, nginx, Dockerfile."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bench.cluster import NGINX_DIR, PROD_ENDPOINTS, ProdStores, fresh_database, nginx_binary
from bot.launch import PROJECT_ROOT, free_port

COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
ENV_EXAMPLE = PROJECT_ROOT / "deploy" / ".env.example"
DOCKERFILE = PROJECT_ROOT / "deploy" / "Dockerfile"
SECRETS = ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "RASA_AUTH_TOKEN", "ASSIST_TOKEN")
LONG_RUNNING = ("postgres", "redis", "actions", "rasa-1", "rasa-2", "web")


def compose(*args: str, env_file: Path) -> subprocess.CompletedProcess:
    """Run Debian's docker-compose on the project file with only ``env_file`` as configuration."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose not installed: run `make sysdeps`")
    clean_env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}  # no secrets leak in from the caller's environment
    return subprocess.run(
        [binary, "--project-directory", str(PROJECT_ROOT), "-f", str(COMPOSE_FILE), "--env-file", str(env_file), *args],
        capture_output=True, text=True, env=clean_env, timeout=60,
    )


@pytest.fixture(scope="module")
def resolved() -> dict:
    """docker-compose.yml as Compose resolves it with the placeholder settings from .env.example."""
    result = compose("config", env_file=ENV_EXAMPLE)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_parses_with_all_services(resolved):
    assert set(LONG_RUNNING) | {"kb-init"} <= set(resolved["services"])


def test_compose_refuses_to_run_without_secrets(tmp_path):
    for secret in SECRETS:
        env_file = tmp_path / f"without-{secret}.env"
        lines = [ln for ln in ENV_EXAMPLE.read_text().splitlines() if not ln.startswith(f"{secret}=")]
        env_file.write_text("\n".join(lines) + "\n")
        result = compose("config", env_file=env_file)
        assert result.returncode != 0 and secret in result.stderr, (secret, result.stderr)


def test_no_secret_is_written_in_the_files():
    example = dict(
        ln.split("=", 1) for ln in ENV_EXAMPLE.read_text().splitlines() if ln and not ln.startswith("#")
    )
    for secret in SECRETS:
        assert example[secret].startswith("change-me"), f"{secret} in .env.example must be a placeholder"
    files = [COMPOSE_FILE, PROD_ENDPOINTS, DOCKERFILE, *NGINX_DIR.glob("*.conf")]
    for path in files:
        for value in re.findall(r"(?im)^\s*[\w-]*(?:password|token|secret)[\w-]*\s*[:=]\s*(\S+)", path.read_text()):
            assert value.strip("\"'").startswith(("${", "$$")), (path.name, value)


def test_services_have_healthchecks_and_wait_for_healthy_dependencies(resolved):
    services = resolved["services"]
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for rasa in ("rasa-1", "rasa-2"):
        assert services[rasa]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "actions": {"condition": "service_healthy"},
        }
    assert services["actions"]["depends_on"]["kb-init"]["condition"] == "service_completed_successfully"
    assert services["web"]["depends_on"] == {
        "rasa-1": {"condition": "service_healthy"}, "rasa-2": {"condition": "service_healthy"},
    }


def test_only_the_web_front_is_published_and_the_api_is_closed(resolved):
    services = resolved["services"]
    assert [name for name, spec in services.items() if spec.get("ports")] == ["web"]
    for rasa in ("rasa-1", "rasa-2"):
        command = " ".join(services[rasa]["command"])
        assert "--enable-api" not in command
        assert '--auth-token "$$RASA_AUTH_TOKEN"' in command or '--auth-token "$RASA_AUTH_TOKEN"' in command
        assert "deploy/endpoints.prod.yml" in command
        assert services[rasa]["environment"]["RASA_AUTH_TOKEN"] == "change-me-rasa-token"


def test_replicas_share_postgres_and_redis(resolved):
    env, env2 = (dict(resolved["services"][r]["environment"]) for r in ("rasa-1", "rasa-2"))
    assert env.pop("WEB_FEEDBACK_PATH") != env2.pop("WEB_FEEDBACK_PATH")  # one feedback file per replica
    assert env == env2
    assert env["TRACKER_DB_HOST"] == "postgres" and env["LOCK_REDIS_HOST"] == "redis"
    assert env["CHANNEL_STATE_URL"].endswith("@redis:6379/2")  # the channels' state shared by the replicas
    assert env["TRACKER_DB_PASSWORD"] == resolved["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert resolved["services"]["actions"]["environment"]["KB_DATABASE_URL"].startswith("postgresql+psycopg2://")


def test_action_server_builds_the_assistant_when_it_starts(resolved):
    """The first citizen after a deploy must not wait for the 12-13 s build (Settings.warm_up_at_start)."""
    assert resolved["services"]["actions"]["environment"]["ACTIONS_WARM_UP"] == "1"
    assert "KB_DATABASE_URL" in resolved["services"]["actions"]["environment"]


def test_dockerfile_copies_files_that_exist():
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (PROJECT_ROOT / source).exists(), f"Dockerfile copies missing {source}"


def test_default_endpoints_stay_in_memory():
    default = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    assert default["tracker_store"] == {"type": "bot.tracker_store.MaskingInMemoryTrackerStore"}
    assert "lock_store" not in default


def prod_env(stores: ProdStores) -> dict[str, str]:
    return {"ACTION_ENDPOINT_URL": "http://127.0.0.1:5055/webhook", **stores.rasa_env()}


@pytest.mark.postgres
@pytest.mark.redis
def test_prod_endpoints_create_the_sql_tracker_store_and_the_redis_lock_store(monkeypatch):
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.core.utils import AvailableEndpoints

    from bot.lock_store import FallbackRedisLockStore
    from bot.tracker_store import MaskingSQLTrackerStore

    with fresh_database("endpoints") as url:
        stores = ProdStores(url)
        for key, value in prod_env(stores).items():
            monkeypatch.setenv(key, value)
        endpoints = AvailableEndpoints.read_endpoints(str(PROD_ENDPOINTS))
        tracker_store = TrackerStore.create(endpoints.tracker_store)
        lock_store = LockStore.create(endpoints.lock_store)
        try:
            assert isinstance(tracker_store, SQLTrackerStore) and type(tracker_store) is MaskingSQLTrackerStore
            assert tracker_store.engine.url.database == stores.rasa_env()["TRACKER_DB_NAME"]
            assert isinstance(lock_store, RedisLockStore) and type(lock_store) is FallbackRedisLockStore
            assert lock_store.key_prefix == f"{stores.key_prefix}:lock:"
            lock_store.red.ping()
        finally:
            tracker_store.engine.dispose()


def test_prod_endpoints_need_their_environment(monkeypatch):
    from rasa.core.utils import AvailableEndpoints
    from rasa.shared.exceptions import RasaException

    for key, value in prod_env(ProdStores("postgresql://postgres@127.0.0.1:5432/unused")).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TRACKER_DB_HOST")
    with pytest.raises(RasaException, match="TRACKER_DB_HOST"):
        AvailableEndpoints.read_endpoints(str(PROD_ENDPOINTS))


def test_production_nginx_config_is_valid(tmp_path):
    """deploy/nginx/default.conf with its container paths and service names mapped to this machine."""
    default = (NGINX_DIR / "default.conf").read_text()
    default = default.replace("/etc/nginx/baishitong/", f"{NGINX_DIR}/").replace("/var/log/nginx/", f"{tmp_path}/")
    default = re.sub(r"rasa-\d:5005", "127.0.0.1:5005", default).replace("listen 80", f"listen 127.0.0.1:{free_port()}")
    (tmp_path / "default.conf").write_text(default)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n"
        + "".join(f"    {kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"    include {tmp_path}/default.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
