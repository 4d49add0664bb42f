"""Bounded HTTP fuzzing of every channel endpoint on loopback (hypothesis, derandomized: the same
~370 requests on every run, well under a minute).

One Sanic server carries the REST, web chat (+ feedback), kiosk, WeChat and agent-assist
channels, as the Rasa server does. The bot is a stand-in that, per request, answers about an
item, echoes the text, raises, hangs past the channels' bot timeout, stays silent or sends odd
messages; agent assist runs on the real knowledge base and linker.

Inputs: random Unicode (also Chinese only), control characters, lone surrogates, invalid UTF-8,
empty, oversized (up to 2 MB) and deeply nested bodies, truncated or non-object JSON, wrong
field types, wrong or missing content types and methods, SQL and HTML strings, and for WeChat
signed and unsigned, plaintext and encrypted, well-formed and malformed XML with any message type.

Every response must be: no 5xx; a 4xx with a non-empty reason (JSON ``error`` in Chinese where
a channel refuses a request; Sanic's own message for an unknown path or method); or a 200 whose reply contains Chinese text (or WeChat's ``success``);
and each within ``REQUEST_LIMIT`` seconds.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

import pytest
import xmltodict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage

import bot.channels.base as base
from bot.actions.dialogue import Assistant
from bot.channels.assist import AgentAssistInput
from bot.channels.kiosk import KioskInput
from bot.channels.rest import SafeRestInput
from bot.channels.web import WebChatInput
from knowledge.linking import ItemLinker
from tests.channels.conftest import WeChatApiStub, serve_channels
from tests.channels.test_wechat import Client, make_channel, message_xml

REQUEST_LIMIT = 5.0  # seconds any single request may take
BOT_TIMEOUT = 0.5  # the channels' wait for the bot, shortened for the test
HANG_SECONDS = 3.0  # a hanging bot: longer than BOT_TIMEOUT and the WeChat reply timeout
CJK = re.compile(r"[\u4e00-\u9fff]")
SURROGATE = re.compile("[\ud800-\udfff]")
ANSWER = {"text": "【失业保险金申领】\n申请材料：\n本人社会保障卡或居民身份证。",
          "buttons": [{"title": "在哪办", "payload": '/ask_location{"guide_id": "002014008001"}'}]}
COUNTS: Counter[str] = Counter()  # what was sent (kind of input), for the summary
STATUSES: Counter[str] = Counter()

# ----------------------------------------------------------------------------- the stand-in bot
MODES = ("answer", "echo", "raise", "answer", "silent", "echo", "odd", "answer", "hang", "echo")


@dataclass
class FaultyBot:
    """Rasa's ``on_new_message`` stand-in: its calls go round ``MODES`` (every fault, in a fixed order)."""

    calls: int = 0
    last: str = ""
    faults: Counter[str] = field(default_factory=Counter)
    surrogates: int = 0  # texts that reached the bot with a lone surrogate (must stay 0)

    async def __call__(self, message: UserMessage) -> None:
        mode = self.last = MODES[self.calls % len(MODES)]
        self.calls += 1
        self.faults[mode] += 1
        self.surrogates += bool(SURROGATE.search(message.text or ""))
        out = message.output_channel
        if mode == "raise":
            raise RuntimeError("injected fault")
        if mode == "hang":
            await asyncio.sleep(HANG_SECONDS)
        elif mode == "odd":
            for odd in ({"text": ""}, {"image": "http://127.0.0.1/x.png"}, {"custom": {"a": [1, None]}},
                        {"buttons": [{"title": "", "payload": ""}]}):
                await out.send_response(message.sender_id, odd)
        elif mode == "echo":
            await out.send_response(message.sender_id, {"text": f"您说的是：“{message.text}”"})
        elif mode == "answer":
            await out.send_response(message.sender_id, dict(ANSWER))


# ----------------------------------------------------------------------------- the server
@dataclass
class Target:
    url: str
    bot: FaultyBot
    wechat: Client


@pytest.fixture(scope="module")
def target(sqlite_repo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    stub = WeChatApiStub()
    bot = FaultyBot()
    feedback = tmp_path_factory.mktemp("fuzz") / "feedback.jsonl"
    channels = [
        SafeRestInput(),
        WebChatInput(feedback),
        KioskInput(normalize=lambda text: text),
        make_channel(stub, reply_timeout=1.0, feedback_path=feedback),
        AgentAssistInput(assistant=Assistant(sqlite_repo, ItemLinker.from_repository(sqlite_repo))),
    ]
    with pytest.MonkeyPatch.context() as patch, serve_channels(channels, bot) as served:
        patch.setattr(base, "BOT_TIMEOUT", BOT_TIMEOUT)
        yield Target(served.url, bot, Client(served.url))
        print(f"\nfuzz: {sum(COUNTS.values())} requests; inputs {dict(COUNTS)}; statuses {dict(STATUSES)}; "
              f"bot faults injected {dict(bot.faults)}")
    stub.close()
    for line in feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else ():
        assert set(json.loads(line)) == {"time", "channel", "sender", "useful", "item", "question"}


def send(url: str, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes, float]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_LIMIT + 10)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, response.getheader("Content-Type") or "", data, time.monotonic() - started
    finally:
        connection.close()


def check(kind: str, status: int, content_type: str, body: bytes, seconds: float) -> None:
    """What every response must be; returns nothing, asserts."""
    STATUSES[str(status)] += 1
    assert status < 500, (kind, status, body[:300])
    assert seconds < REQUEST_LIMIT, (kind, seconds)
    if 400 <= status < 500:
        assert body.strip(), (kind, status, "a 4xx needs a reason")
        if "json" in content_type:
            reason = json.loads(body)
            if "error" in reason:  # the channels' own refusals: in Chinese
                assert CJK.search(reason["error"]), (kind, body)
            else:  # Sanic's routing: no such path or method
                assert status in (404, 405) and reason["message"], (kind, body)


def texts_of(data: object) -> list[str]:
    if isinstance(data, list):
        return [str(m.get("text") or "") for m in data if isinstance(m, dict)]
    return [str(data.get("text") or "")] if isinstance(data, dict) else []


# ----------------------------------------------------------------------------- inputs
NASTY = (
    "' OR '1'='1' --", "1; DROP TABLE events; --", "\" UNION SELECT password FROM users --",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]></Content><Evil/>", "{{7*7}}${7*7}",
    "${jndi:ldap://127.0.0.1/a}", "../../../../etc/passwd", "%00%0d%0a", "\x00\x01\x02\x1b[31m", "\u202e\u200b\ufeff",
    "\ud800失业金\udfff", "😀" * 50, "失业金" * 1500, "１２３４５", "身份证130102199001011234 手机13812345678",
    "/ask_location{\"guide_id\": \"002014008001\"}", "/restart", "/session_start", "\r\n\r\nHTTP/1.1 200 OK",
)
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXT = st.one_of(st.text(max_size=200), st.text(alphabet=CHINESE, min_size=1, max_size=50), st.sampled_from(NASTY))
SCALAR = st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none())
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=10)
KEYS = ("sender", "message", "text", "session", "guide_id", "field", "vote", "item", "question", "metadata", "normalize")
CONTENT_TYPES = ("application/json", "application/json; charset=utf-8", "text/plain", "", "application/xml",
                 "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=gbk")
SENDERS = st.one_of(st.from_regex(r"[A-Za-z0-9_.:@\-]{1,80}", fullmatch=True), TEXT)


@st.composite
def json_body(draw: st.DrawFn, text_key: str) -> tuple[str, bytes]:
    """(kind, body) for a JSON endpoint."""
    kind = draw(st.sampled_from(("valid",) * 8 + ("fields", "fields", "bytes", "not-object", "truncated",
                                                  "deep", "huge", "bad-utf8", "empty")))
    if kind in ("valid", "fields", "truncated"):
        sender = draw(st.from_regex(r"[A-Za-z0-9_.:@\-]{1,80}", fullmatch=True) if kind == "valid" else SENDERS)
        obj: dict = {"sender": sender, text_key: draw(TEXT.filter(str.strip) if kind == "valid" else TEXT)}
        if kind != "valid":
            obj.update(draw(st.dictionaries(st.sampled_from(KEYS), VALUE, max_size=5)))
        raw = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        if kind == "truncated":
            raw = raw[: draw(st.integers(0, max(len(raw) - 1, 0)))]
        return kind, raw
    if kind == "bytes":
        return kind, draw(st.binary(max_size=2000))
    if kind == "not-object":
        return kind, json.dumps(draw(VALUE)).encode()
    if kind == "deep":
        depth = draw(st.sampled_from((100, 1000, 5000, 8000)))
        return kind, b"[" * depth + b"]" * depth
    if kind == "huge":
        size = draw(st.sampled_from((17 * 1024, 100 * 1024, 2 * 1024 * 1024)))
        return kind, b'{"sender": "a", "' + text_key.encode() + b'": "' + b"a" * size + b'"}'
    if kind == "bad-utf8":
        return kind, b'{"sender": "a", "' + text_key.encode() + b'": "\xff\xfe\xc3\x28\xed\xa0\x80"}'
    return kind, b""


@st.composite
def json_request(draw: st.DrawFn, path: str, text_key: str) -> tuple[str, str, str, bytes, dict[str, str]]:
    method = draw(st.sampled_from(("POST",) * 12 + ("GET", "PUT", "DELETE", "PATCH")))
    kind, body = draw(json_body(text_key))
    headers = {"Content-Type": draw(st.sampled_from(CONTENT_TYPES))}
    if draw(st.booleans()) and path.startswith("/webhooks/assist"):
        headers["Authorization"] = "Bearer " + draw(st.text(alphabet="abc123", max_size=10))
    return f"{method}:{kind}", method, path, body, headers


def run_json(target: Target, request: tuple, endpoint: str) -> None:
    kind, method, path, body, headers = request
    COUNTS[f"{endpoint} {kind}"] += 1
    calls = target.bot.calls
    status, content_type, data, seconds = send(target.url, method, path, body, headers)
    check(f"{endpoint} {kind} bot:{target.bot.last if target.bot.calls > calls else '-'}", status, content_type,
          data, seconds)
    assert target.bot.surrogates == 0, "a lone surrogate reached the bot"
    if status != 200:
        return
    reply = json.loads(data)
    if endpoint == "feedback":
        assert reply == {"ok": True}
    elif endpoint == "assist":
        assert reply["consult_phone"] == "0312-7318400" and isinstance(reply["candidates"], list)
        assert reply["answer"] is None or CJK.search(reply["answer"]), reply
    else:
        assert any(CJK.search(t) for t in texts_of(reply)), (endpoint, kind, reply)


FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])


# ----------------------------------------------------------------------------- JSON channels
@settings(FUZZ, max_examples=80)
@given(request=json_request("/webhooks/rest/webhook", "message"))
@example(request=("POST:surrogate", "POST", "/webhooks/rest/webhook", b'{"sender": "a", "message": "\\ud800\\u5931"}',
                  {"Content-Type": "application/json"}))
@example(request=("POST:deep", "POST", "/webhooks/rest/webhook", b"[" * 8000 + b"]" * 8000, {}))
def test_rest_webhook(target: Target, request: tuple) -> None:
    run_json(target, request, "rest")


@settings(FUZZ, max_examples=60)
@given(request=json_request("/webhooks/web/webhook", "message"))
def test_web_webhook(target: Target, request: tuple) -> None:
    run_json(target, request, "web")


@settings(FUZZ, max_examples=30)
@given(request=json_request("/webhooks/web/feedback", "vote"))
def test_web_feedback(target: Target, request: tuple) -> None:
    run_json(target, request, "feedback")


@settings(FUZZ, max_examples=30)
@given(request=json_request("/webhooks/kiosk/webhook", "message"))
def test_kiosk_webhook(target: Target, request: tuple) -> None:
    run_json(target, request, "kiosk")


@settings(FUZZ, max_examples=50)
@given(request=json_request("/webhooks/assist/query", "text"))
def test_assist_query(target: Target, request: tuple) -> None:
    run_json(target, request, "assist")


@settings(FUZZ, max_examples=20)
@given(prefix=st.sampled_from(("/webhooks/web/", "/webhooks/assist/", "/webhooks/wechat/", "/webhooks/rest/")),
       tail=st.one_of(TEXT, st.sampled_from(("../credentials.yml", "..%2f..%2fendpoints.yml", "static/../../x",
                                              "vendor/deep-chat/../../../credentials.yml", "%00", "widget.js%00"))))
def test_static_paths(target: Target, prefix: str, tail: str) -> None:
    path = prefix + quote(tail.encode("utf-8", "surrogatepass"), safe="/%")
    COUNTS["static paths"] += 1
    status, content_type, data, seconds = send(target.url, "GET", path, None, {})
    check("static", status, content_type, data, seconds)
    assert b"WECHAT_TOKEN" not in data and b"tracker_store" not in data  # never a project file


# ----------------------------------------------------------------------------- WeChat
MSG_TYPES = ("text", "text", "text", "voice", "image", "event", "location", "link", "video", "shortvideo", "file", "")


@dataclass(frozen=True)
class WeChatPlan:
    """One request as drawn: what kind, the message XML, the body variant and how it is signed."""

    kind: str
    xml: str
    body: bytes | None = None  # replaces the XML (random bytes, cut or oversized XML)
    good_signature: bool = True
    echostr: str = ""


@st.composite
def wechat_plan(draw: st.DrawFn) -> WeChatPlan:
    """What the WeChat server — or an impostor — sends (signing and encryption happen when sending)."""
    kind = draw(st.sampled_from(("message",) * 8 + ("aes",) * 3 + ("unsigned", "bad-signature", "verify",
                                                                    "bytes", "malformed", "huge")))
    fields: dict[str, str] = {}
    msg_type = draw(st.sampled_from(MSG_TYPES))
    if msg_type in ("text", ""):
        fields["Content"] = draw(TEXT)
    elif msg_type == "voice":
        fields.update(MediaId="m", Format="amr", Recognition=draw(TEXT))
    elif msg_type == "event":
        fields["Event"] = draw(st.sampled_from(("subscribe", "unsubscribe", "CLICK", "LOCATION", "")))
    openid = draw(st.one_of(st.just("oFuzz_0123456789"), st.from_regex(r"[A-Za-z0-9_\-]{1,64}", fullmatch=True), TEXT))
    msg_id = draw(st.one_of(st.integers(-(2**63), 2**64), st.none()))
    xml = message_xml(msg_type, msg_id=msg_id, openid=openid, **fields)
    if kind == "verify":
        return WeChatPlan(kind, xml, good_signature=draw(st.booleans()),
                          echostr=draw(TEXT.filter(lambda t: not re.search("[\ud800-\udfff]", t))))
    if kind == "aes":
        return WeChatPlan(kind, xml, good_signature=draw(st.booleans()))
    body: bytes | None = None
    if kind == "bytes":
        body = draw(st.binary(max_size=2000))
    elif kind == "malformed":
        raw = xml.encode("utf-8", "surrogatepass")
        body = raw[: draw(st.integers(0, len(raw) - 1))]
    elif kind == "huge":
        body = message_xml(Content="失" * 30_000).encode()
    return WeChatPlan(kind, xml, body, good_signature=kind != "bad-signature")


def wechat_send(target: Target, plan: WeChatPlan) -> tuple[int, str, bytes, float]:
    client = target.wechat
    path = "/webhooks/wechat/webhook"
    params = {} if plan.kind == "unsigned" else client.params()
    if not plan.good_signature:
        params["signature"] = "0" * 40
    if plan.kind == "verify":
        params["echostr"] = plan.echostr
        return send(target.url, "GET", f"{path}?{urlencode(params)}", None, {})
    body = plan.body if plan.body is not None else plan.xml.encode("utf-8", "surrogatepass")
    if plan.kind == "aes":
        params = client.params(encrypt_type="aes")
        plain = plan.xml.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        sealed = xmltodict.parse(client.crypto.encrypt_message(plain, params["nonce"], params["timestamp"]))["xml"]
        params["msg_signature"] = sealed["MsgSignature"] if plan.good_signature else "f" * 40
        body = f"<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>".encode()
    return send(target.url, "POST", f"{path}?{urlencode(params)}", body, {"Content-Type": "text/xml"})


@settings(FUZZ, max_examples=100)
@given(plan=wechat_plan())
def test_wechat_webhook(target: Target, plan: WeChatPlan) -> None:
    COUNTS[f"wechat {plan.kind}"] += 1
    calls = target.bot.calls
    status, content_type, reply, seconds = wechat_send(target, plan)
    check(f"wechat {plan.kind} bot:{target.bot.last if target.bot.calls > calls else '-'}", status, content_type,
          reply, seconds)
    if status != 200:
        return
    text = reply.decode("utf-8")
    if plan.kind == "verify":
        assert plan.good_signature and text == plan.echostr
        return
    if text == "success":
        return
    fields = xmltodict.parse(text)["xml"]
    if "Encrypt" in fields:
        fields = target.wechat.open_aes_reply(text)
    assert CJK.search(fields["Content"]), fields
