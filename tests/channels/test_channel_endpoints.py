"""Web, kiosk and agent-assist endpoints on a Sanic server with a fake bot (no trained model needed)."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.actions.dialogue import Assistant
from bot.channels.assist import AgentAssistInput
from bot.channels.kiosk import KioskInput
from bot.channels.web import WebChatInput
from knowledge.linking import ItemLinker
from tests.channels.conftest import FakeBot, serve_channel

ANSWER = {"text": "【失业保险金申领】\n申请材料：\n本人社会保障卡或居民身份证。", "buttons": [
    {"title": "受理条件", "payload": '/ask_conditions{"guide_id": "002014008001"}'},
    {"title": "在哪办", "payload": '/ask_location{"guide_id": "002014008001"}'},
]}


def call(method: str, url: str, data: object = None, headers: dict | None = None, raw: bytes | None = None):
    body = raw if raw is not None else (json.dumps(data).encode() if data is not None else None)
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


# ----------------------------------------------------------------------------- web
@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, FakeBot, Path]]:
    bot = FakeBot(replies=lambda text: [ANSWER])
    feedback = tmp_path / "feedback.jsonl"
    with serve_channel(WebChatInput(feedback), bot) as server:
        yield server.url + "/webhooks/web", bot, feedback


def test_chat_page_and_assets_are_served_safely(web) -> None:
    url, _, _ = web
    for path in ("/", ""):
        status, headers, body = call("GET", url + path)
        page = body.decode()
        assert status == 200 and '<base href="/webhooks/web/">' in page and 'lang="zh-CN"' in page
        assert "script-src 'self'" in headers["content-security-policy"]
    status, headers, body = call("GET", url + "/widget.js")
    assert status == 200 and "javascript" in headers["content-type"]
    assert headers["access-control-allow-origin"] == "*" and b"baishitong-launcher" in body
    status, headers, body = call("GET", url + "/vendor/deep-chat/deepChat.bundle.js", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert len(body) < 160_000 and b'customElements.define("deep-chat"' in gzip.decompress(body)
    assert call("GET", url + "/vendor/deep-chat/LICENSE")[0] == 200
    for bad in ("/../credentials.yml", "/static/..%2F..%2Fcredentials.yml", "/chat.html", "/static/nope.js"):
        assert call("GET", url + bad)[0] == 404, bad


def test_web_webhook_returns_text_html_and_buttons(web) -> None:
    url, bot, _ = web
    status, headers, body = call("POST", url + "/webhook", {"sender": "abc123", "message": "失业金要带什么材料"})
    replies = json.loads(body)
    assert status == 200 and headers["cache-control"] == "no-store"
    assert replies[0]["text"] == ANSWER["text"] and replies[0]["item"] == "失业保险金申领"
    assert replies[0]["buttons"] == ANSWER["buttons"] and "bst-btn" in replies[0]["html"]
    assert bot.received[0].sender_id == "web-abc123" and bot.received[0].input_channel == "web"


@pytest.mark.parametrize("payload,raw", [
    ({"message": "hi"}, None),
    ({"sender": "a b<c>", "message": "hi"}, None),
    ({"sender": "abc", "message": ""}, None),
    ({"sender": "abc", "message": 5}, None),
    (None, b"not json"),
    (None, json.dumps({"sender": "abc", "message": "x" * 20000}).encode()),
    (None, b"[1, 2]"),
    (None, b"[" * 8000 + b"]" * 8000),  # nested too deep for the JSON parser
    (None, b'{"sender": "abc", "message": "\xff\xfe"}'),  # not UTF-8
])
def test_web_webhook_rejects_bad_requests(web, payload, raw) -> None:
    url, bot, _ = web
    assert call("POST", url + "/webhook", payload, raw=raw)[0] == 400
    assert bot.received == []


def test_feedback_is_stored_as_json_lines(web) -> None:
    url, _, feedback = web
    assert call("POST", url + "/feedback", {"sender": "abc", "vote": "up", "item": "失业保险金申领", "question": "失业金要带什么材料"})[0] == 200
    assert call("POST", url + "/feedback", {"sender": "abc", "vote": "down", "item": "失业登记",
                                            "question": "失业登记 我电话13812345678"})[0] == 200
    assert call("POST", url + "/feedback", {"sender": "abc", "vote": "maybe"})[0] == 400
    records = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    assert [(r["useful"], r["item"], r["sender"], r["channel"]) for r in records] == [
        (True, "失业保险金申领", "web-abc", "web"), (False, "失业登记", "web-abc", "web")]
    assert records[0]["question"] == "失业金要带什么材料" and records[0]["time"]
    assert records[1]["question"] == "失业登记 我电话138****5678"  # masked like everything stored


# --------------------------------------------------------------------------- kiosk
def test_kiosk_normalises_speech_and_speaks_the_answer() -> None:
    bot = FakeBot(replies=lambda text: [ANSWER])
    channel = KioskInput(normalize=lambda text: text.replace("嗯那个", "").replace("实业", "失业"))
    with serve_channel(channel, bot) as server:
        url = server.url + "/webhooks/kiosk/webhook"
        status, _, body = call("POST", url, {"sender": "k1", "message": "嗯那个实业金要带什么"})
        reply = json.loads(body)[0]
        assert status == 200 and bot.texts == ["失业金要带什么"]
        assert reply["text"] == "关于失业保险金申领，申请材料：本人社会保障卡或居民身份证。您可以说：受理条件、在哪办。"
        assert reply["display_text"] == ANSWER["text"] and reply["item"] == "失业保险金申领"
        assert reply["heard"] == "嗯那个实业金要带什么" and reply["understood"] == "失业金要带什么"
        call("POST", url, {"sender": "k1", "message": "第二个"})  # picks the second button
        assert bot.texts[-1] == ANSWER["buttons"][1]["payload"]
        call("POST", url, {"sender": "k1", "message": "受理条件"})  # says a button's title
        assert bot.texts[-1] == ANSWER["buttons"][0]["payload"]
        call("POST", url, {"sender": "k2", "message": "嗯那个实业金", "normalize": False})
        assert bot.texts[-1] == "嗯那个实业金"
        assert call("POST", url, {"sender": "k1"})[0] == 400


# -------------------------------------------------------------------- agent assist
@pytest.fixture(scope="module")
def assistant(sqlite_repo) -> Assistant:
    return Assistant(sqlite_repo, ItemLinker.from_repository(sqlite_repo))


@pytest.fixture
def assist(assistant: Assistant) -> Iterator[str]:
    with serve_channel(AgentAssistInput(token="s3cret", assistant=assistant), FakeBot()) as server:
        yield server.url + "/webhooks/assist"


def test_assist_needs_the_token_when_one_is_set(assist: str) -> None:
    assert call("POST", assist + "/query", {"text": "失业金要带什么材料"})[0] == 401
    assert call("POST", assist + "/query", {"text": "失业金"}, {"Authorization": "Bearer wrong"})[0] == 401
    assert call("POST", assist + "/query", {"text": "失业金"}, {"Authorization": "Bearer s3cret"})[0] == 200


def test_assist_query_candidates_answer_sms_and_follow_up(assist: str) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    status, _, body = call("POST", assist + "/query", {"text": "失业金要带什么材料", "session": "call-1", "field": "申请材料"}, auth)
    data = json.loads(body)
    assert status == 200
    assert data["candidates"][0] == {"id": "002014008001", "code": "002014008001", "name": "失业保险金申领",
                                     "score": data["candidates"][0]["score"]}
    assert 1 <= len(data["candidates"]) <= 5 and data["field"] == "申请材料"
    assert data["answer"] == "失业保险金申领，申请材料：本人社会保障卡或居民身份证。"
    assert len(data["sms"]) <= 140 and "0312-7318400" in data["sms"]
    assert data["guide"]["name"] == "失业保险金申领" and len(data["guide"]["fields"]) == 11
    # the same caller asks a follow-up that names no item
    data = json.loads(call("POST", assist + "/query", {"text": "那在哪办", "session": "call-1", "field": "location"}, auth)[2])
    assert data["guide"]["name"] == "失业保险金申领" and data["answer"].startswith("失业保险金申领，办事机构及地点：")
    # the agent picks another candidate
    data = json.loads(call("POST", assist + "/query", {"text": "失业金", "guide_id": "002014104001"}, auth)[2])
    assert data["guide"]["name"] == "失业登记" and data["field"] is None and data["answer"].startswith("失业登记。")
    assert call("POST", assist + "/query", {"text": ""}, auth)[0] == 400
    assert call("POST", assist + "/query", {"text": "x", "session": "bad session!"}, auth)[0] == 400


def test_assist_console_page_is_served(assist: str) -> None:
    status, headers, body = call("GET", assist + "/")
    assert status == 200 and "坐席助手" in body.decode() and "script-src 'self'" in headers["content-security-policy"]
    assert call("GET", assist + "/static/assist.js")[0] == 200
    assert call("GET", assist + "/static/../../credentials.yml")[0] == 404


class GuessingAssist(AgentAssistInput):
    """The NLU replaced by fixed guesses, to check how its confidence is used."""

    guesses = {"失业了怎么领钱": ("ask_delivery", 0.31), "失业金要带什么材料": ("ask_materials", 0.97)}

    async def classify(self, request, text):
        intent, confidence = self.guesses[text]
        return intent, confidence, [{"intent": intent, "confidence": confidence}]


def test_assist_assumes_a_field_only_when_the_nlu_is_sure(assistant: Assistant) -> None:
    with serve_channel(GuessingAssist(assistant=assistant), FakeBot()) as server:
        url = server.url + "/webhooks/assist/query"
        unsure = json.loads(call("POST", url, {"text": "失业了怎么领钱"})[2])
        assert unsure["intent"] == "ask_delivery" and unsure["field"] is None  # overview, guesses listed
        assert unsure["answer"].startswith("失业保险金申领。\n受理条件：") and unsure["intent_ranking"][0]["intent"] == "ask_delivery"
        sure = json.loads(call("POST", url, {"text": "失业金要带什么材料"})[2])
        assert sure["field"] == "申请材料" and sure["intent_confidence"] == 0.97
        chosen = json.loads(call("POST", url, {"text": "失业金要带什么材料", "field": "fees"})[2])
        assert chosen["field"] == "收费依据及标准" and chosen["intent"] == "ask_materials"  # the agent's choice wins
