"""One sender flooding is limited, politely, and the others are not slowed (bot/channels/throttle.py)."""

import os
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.channels.throttle import SenderLimit
from bot.launch import post_json
from tests.deploy.test_deploy_config import NGINX_DIR

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_a_sender_over_the_limit_is_refused_and_the_others_are_not():
    limit = SenderLimit("3 per minute")
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")


@pytest.mark.redis
def test_replicas_count_one_sender_together_and_keep_counting_when_redis_is_down():
    prefix = f"t{uuid.uuid4().hex[:8]}"
    one, other = SenderLimit("3 per minute", REDIS_URL, prefix), SenderLimit("3 per minute", REDIS_URL, prefix)
    assert [one.allow("a"), other.allow("a"), one.allow("a"), other.allow("a")] == [True, True, True, False]
    down = SenderLimit("2 per minute", "redis://127.0.0.1:1/0", prefix)
    assert [down.allow("a"), down.allow("a"), down.allow("a")] == [True, True, False]


def test_nginx_limits_each_client_address_on_the_chat_locations():
    http = (NGINX_DIR / "baishitong-http.conf").read_text()
    locations = (NGINX_DIR / "baishitong-locations.conf").read_text()
    assert "limit_req_zone $limit_key zone=per_client" in http and "limit_req_status 429" in http
    assert locations.count("limit_req zone=per_client") == 2  # /webhooks/ and /socket.io/


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


@pytest.mark.model
def test_a_flood_from_one_sender_does_not_slow_another(channel_bot):
    url = f"{channel_bot.url}/webhooks/rest/webhook"
    quiet_sender, flooder = f"quiet-{uuid.uuid4().hex[:6]}", f"flood-{uuid.uuid4().hex[:6]}"

    def ask(sender: str) -> tuple[float, str]:
        started = time.perf_counter()
        reply = post_json(url, {"sender": sender, "message": "失业金在哪办"})
        return time.perf_counter() - started, " ".join(m.get("text", "") for m in reply)  # type: ignore[union-attr]

    def quiet_run(sender: str, turns: int = 12) -> list[float]:
        times = []
        for _ in range(turns):
            took, text = ask(sender)
            assert text.startswith("【"), text[:40]
            times.append(took)
            time.sleep(0.7)  # a person reads the answer: 12 questions stay under the sender's limit
        return times

    baseline = quiet_run(f"{quiet_sender}-a")
    with ThreadPoolExecutor(8) as pool:
        flood = [pool.submit(ask, flooder) for _ in range(200)]
        during = quiet_run(f"{quiet_sender}-b")
        replies = [f.result()[1] for f in flood]
    limited = sum("太快" in r for r in replies)
    print(f"\nflood: {limited}/200 limited; the other sender's p95 quiet {_p95(baseline) * 1000:.0f} ms, "
          f"during the flood {_p95(during) * 1000:.0f} ms")
    assert limited >= 150  # the flood is answered politely, not by the bot
    assert _p95(during) <= 1.5 * _p95(baseline) + 0.05, (statistics.median(baseline), _p95(baseline), _p95(during))
