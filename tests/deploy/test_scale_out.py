"""Horizontal scale, for real on this machine: one action server, two Rasa replicas started with
deploy/endpoints.prod.yml (PostgreSQL tracker store in a fresh database, Redis lock store with a
unique key prefix) and a real nginx doing round robin with the production location rules.

A conversation whose turns alternate between the replicas keeps its context, and so does one
during which a replica crashes and is restarted.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.cluster import (
    Cluster,
    ProdStores,
    RedisMonitor,
    build_knowledge_base,
    fresh_database,
    running_cluster,
    text_of,
)
from bot.launch import MODEL

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

ITEM = "【失业保险金申领】"
WECHAT_TOKEN = "deploytesttoken"


@pytest.fixture(scope="module")
def stores() -> Iterator[ProdStores]:
    """A fresh PostgreSQL database holding the knowledge base (for the actions) and the trackers."""
    with fresh_database("scale") as url:
        build_knowledge_base(url)
        prod = ProdStores(url)
        try:
            yield prod
        finally:
            prod.clear_locks()


@pytest.fixture(scope="module")
def cluster(stores: ProdStores, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    log_dir = Path(tmp_path_factory.mktemp("cluster"))
    with running_cluster(log_dir, replicas=2, stores=stores, kb_url=stores.database_url,
                         rasa_env={"WECHAT_TOKEN": WECHAT_TOKEN}) as running:
        yield running


class Conversation:
    """One sender talking through nginx; records which replica answered each turn (access log)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.sender = f"deploy-{uuid.uuid4().hex[:10]}"
        self.upstreams: list[str] = []

    def say(self, message: str) -> str:
        assert self.cluster.front is not None
        before = len(self.cluster.front.entries())
        reply = text_of(self.cluster.send(self.sender, message))
        # this conversation's request (an earlier test's late log lines, e.g. /healthz, are not)
        new = [e for e in self.cluster.front.entries_after(before) if e.get("path", "").startswith("/webhooks/rest")]
        assert len(new) == 1 and new[0]["status"] == "200", new
        # "a, b" when nginx had to skip a replica that refused the connection: the last one answered
        self.upstreams.append(new[0]["upstream"].split(",")[-1].strip())
        return reply


def replica_of(cluster: Cluster, address: str) -> int:
    return next(i for i, r in enumerate(cluster.replicas) if r.address == address)


def stored_events(stores: ProdStores, sender: str) -> int:
    engine = create_engine(stores.database_url, future=True)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
    finally:
        engine.dispose()


def test_turns_alternate_between_replicas_and_keep_context(cluster, stores):
    chat = Conversation(cluster)
    with RedisMonitor() as monitor:
        assert chat.say("失业金要带什么材料").startswith(f"{ITEM}\n申请材料")
        assert chat.say("那在哪里办").startswith(f"{ITEM}\n办事机构及地点")
        assert chat.say("它收费吗").startswith(f"{ITEM}\n收费依据及标准")
        assert chat.say("要多久").startswith(f"{ITEM}\n办结时限")
    # round robin really alternated: consecutive turns were answered by different replicas
    replicas = [replica_of(cluster, a) for a in chat.upstreams]
    assert replicas in ([0, 1, 0, 1], [1, 0, 1, 0]), chat.upstreams
    # both replicas locked the conversation in the shared Redis (unique key prefix) …
    assert stores.lock_key(chat.sender) in monitor.text
    # … and the whole conversation is in the shared PostgreSQL tracker store
    assert stored_events(stores, chat.sender) >= 4 * 3


def test_replica_crash_and_restart_lose_nothing(cluster, stores):
    chat = Conversation(cluster)
    assert chat.say("失业金要带什么材料").startswith(f"{ITEM}\n申请材料")
    assert chat.say("那在哪里办").startswith(f"{ITEM}\n办事机构及地点")
    victim = replica_of(cluster, chat.upstreams[0])
    survivor = 1 - victim

    cluster.kill(victim)  # SIGKILL mid-conversation: nothing is flushed on the way out
    assert chat.say("它收费吗").startswith(f"{ITEM}\n收费依据及标准")
    assert replica_of(cluster, chat.upstreams[-1]) == survivor

    cluster.restart(victim)
    events_before = stored_events(stores, chat.sender)
    follow_ups = [("要多久", "办结时限"), ("在哪里办", "办事机构及地点"), ("要多久", "办结时限"), ("收费吗", "收费依据及标准")]
    answered_by_restarted = False
    for message, field in follow_ups:
        assert chat.say(message).startswith(f"{ITEM}\n{field}")
        if replica_of(cluster, chat.upstreams[-1]) == victim:
            answered_by_restarted = True
            break
    assert answered_by_restarted, f"the restarted replica never answered: {chat.upstreams}"
    assert stored_events(stores, chat.sender) > events_before


def test_front_serves_only_the_chat_and_health(cluster):
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 - keep the 302 visible
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def status(path: str, data: bytes | None = None) -> tuple[int, str]:
        request = urllib.request.Request(cluster.url + path, data=data, headers={"Content-Type": "application/json"})
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    code, body = status("/healthz")
    assert code == 200 and "Hello from Rasa" in body
    assert status("/") == (302, "/webhooks/web/")
    # Rasa's HTTP API is not reachable through the front (and not enabled on the replicas)
    for path in ("/status", "/version", "/model/parse", "/conversations/x/tracker"):
        assert status(path)[0] == 404, path
    assert status("/model/parse", b'{"text": "hi"}')[0] == 404


def test_a_list_offered_by_one_replica_is_answered_on_the_other(cluster):
    """The conversation's state (the list offered, what led to it) is in the shared tracker store:
    the replica that did not ask reads the user's words as the answer to the list."""
    chat = Conversation(cluster)
    offered = chat.say("养老保险待遇终止要带什么材料")
    assert "可能是以下事项" in offered and "机关事业单位养老保险待遇终止" in offered
    answer = chat.say("他在乡政府上班，是公务员")
    assert answer.startswith("【机关事业单位养老保险待遇终止】\n申请材料"), answer[:60]
    assert chat.upstreams[0] != chat.upstreams[1], chat.upstreams


def wechat_post(cluster: Cluster, openid: str, content: str, msg_id: int) -> str:
    """A signed plaintext WeChat message through nginx; the reply's body."""
    import hashlib
    import urllib.request

    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:8]
    signature = hashlib.sha1("".join(sorted([WECHAT_TOKEN, timestamp, nonce])).encode()).hexdigest()
    xml = (f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
           f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")
    url = f"{cluster.url}/webhooks/wechat/webhook?signature={signature}&timestamp={timestamp}&nonce={nonce}"
    request = urllib.request.Request(url, data=xml.encode(), headers={"Content-Type": "text/xml"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def user_turns(stores: ProdStores, sender: str) -> int:
    engine = create_engine(stores.database_url, future=True)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
                                {"s": sender}).scalar_one()
    finally:
        engine.dispose()


def test_wechat_state_is_shared_by_the_replicas(cluster, stores):
    """A retry of one message reaching the other replica is answered once; "2" after a numbered
    list given by one replica is understood by the other (bot/channels/state.py, in Redis)."""
    openid = f"o{uuid.uuid4().hex[:12]}"
    first = wechat_post(cluster, openid, "失业金要带什么材料", 880001)
    again = wechat_post(cluster, openid, "失业金要带什么材料", 880001)  # WeChat's retry: the other replica
    assert "失业保险金申领" in first and again in (first, "success")
    assert user_turns(stores, f"wx-{openid}") == 1  # the bot heard the message once

    listed = wechat_post(cluster, openid, "养老保险怎么办", 880002)
    assert "回复序号" in listed or "请回复序号" in listed
    chosen = wechat_post(cluster, openid, "2", 880003)  # on the other replica
    assert "【" in chosen and "可能是以下事项" not in chosen
