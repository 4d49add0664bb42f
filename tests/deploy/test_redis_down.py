"""A replica started with deploy/endpoints.prod.yml when its Redis lock store dies, hangs and comes back;
and what it stores in PostgreSQL when a citizen types an ID and a phone number.

One action server and one Rasa replica (no nginx), a fresh PostgreSQL database for the
conversations and a private redis-server that the test kills (connections refused), restarts and
pauses (SIGSTOP: connections hang). The replica keeps answering from its own memory locks
(bot/lock_store.py), logs the outage and its end, and never holds a citizen longer than the
Redis socket timeout.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.cluster import Cluster, PrivateRedis, ProdStores, RedisMonitor, fresh_database, running_cluster, text_of
from bot.launch import MODEL

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

ITEM = "【失业保险金申领】"
RETRY_SECONDS = 2.0  # LOCK_STORE_RETRY_SECONDS for the replica: how soon it asks Redis again
TURN_LIMIT = 10.0  # seconds a citizen may wait for a turn, whatever Redis does
RAW_ID, RAW_PHONE = "130102199001011234", "13812345678"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    server = PrivateRedis(Path(tmp_path_factory.mktemp("redis"))).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stores(redis_server: PrivateRedis) -> Iterator[ProdStores]:
    with fresh_database("redisdown") as url:
        yield ProdStores(url, redis_host="127.0.0.1", redis_port=redis_server.port, redis_db=0, redis_password="")


@pytest.fixture(scope="module")
def replica(stores: ProdStores, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    log_dir = Path(tmp_path_factory.mktemp("redis-down"))
    with running_cluster(log_dir, replicas=1, stores=stores, front=False,
                         rasa_env={"LOCK_STORE_RETRY_SECONDS": str(RETRY_SECONDS)}) as cluster:
        cluster.send("warm-up", "失业金要带什么材料", timeout=120)  # the action server builds its linker once
        yield cluster


def rasa_log(cluster: Cluster) -> str:
    return (cluster.log_dir / f"rasa-{cluster.replicas[0].port}.log").read_text(encoding="utf-8", errors="replace")


class Citizen:
    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.sender = f"redis-down-{uuid.uuid4().hex[:8]}"
        self.seconds: list[float] = []

    def say(self, message: str) -> str:
        started = time.monotonic()
        reply = text_of(self.cluster.send(self.sender, message, timeout=TURN_LIMIT + 20))
        self.seconds.append(time.monotonic() - started)
        assert self.seconds[-1] < TURN_LIMIT, (message, self.seconds)
        return reply


def stored_data(stores: ProdStores, sender: str) -> str:
    engine = create_engine(stores.database_url, future=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
            return "\n".join(json.dumps(json.loads(r[0]), ensure_ascii=False) for r in rows)  # readable Chinese
    finally:
        engine.dispose()


def test_personal_numbers_are_masked_in_postgres_and_the_conversation_goes_on(replica, stores):
    citizen = Citizen(replica)
    assert citizen.say("失业金要带什么材料").startswith(f"{ITEM}\n申请材料")
    reply = citizen.say(f"我的身份证号是{RAW_ID} 电话{RAW_PHONE}")
    assert re.search(r"[\u4e00-\u9fff]", reply) and "系统暂时无法" not in reply  # the bot's own answer
    # the context survives the masked storage: each turn reads the tracker back from PostgreSQL
    assert citizen.say("那在哪里办").startswith(f"{ITEM}\n办事机构及地点")
    stored = stored_data(stores, citizen.sender)
    assert RAW_ID not in stored and RAW_PHONE not in stored
    assert "130***********1234" in stored and "138****5678" in stored and "失业金要带什么材料" in stored


def test_redis_killed_hung_and_restarted_the_citizen_is_still_answered(replica, redis_server):
    citizen = Citizen(replica)
    with RedisMonitor(port=redis_server.port, password="") as monitor:
        assert citizen.say("失业金要带什么材料").startswith(f"{ITEM}\n申请材料")
    assert f"{replica.stores.key_prefix}:lock:{citizen.sender}" in monitor.text  # locked in Redis

    redis_server.kill()  # connections refused from now on
    assert citizen.say("那在哪里办").startswith(f"{ITEM}\n办事机构及地点")
    assert citizen.say("它收费吗").startswith(f"{ITEM}\n收费依据及标准")
    log = rasa_log(replica)
    assert "lock store: Redis unreachable" in log and log.count("lock store: Redis unreachable") == 1

    redis_server.start()  # back on the same port, empty
    time.sleep(RETRY_SECONDS + 0.5)
    with RedisMonitor(port=redis_server.port, password="") as monitor:
        assert citizen.say("要多久").startswith(f"{ITEM}\n办结时限")
    assert f"{replica.stores.key_prefix}:lock:{citizen.sender}" in monitor.text  # shared locks again
    assert "lock store: Redis reachable again" in rasa_log(replica)

    redis_server.pause()  # hung: the kernel accepts connections, nobody answers
    try:
        time.sleep(0.2)
        assert citizen.say("在哪里办").startswith(f"{ITEM}\n办事机构及地点")
        assert citizen.say("收费吗").startswith(f"{ITEM}\n收费依据及标准")
    finally:
        redis_server.resume()
    assert rasa_log(replica).count("lock store: Redis unreachable") == 2
    print({"turn_seconds": [round(s, 2) for s in citizen.seconds]})
