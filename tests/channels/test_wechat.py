"""WeChat official account channel: signatures, plaintext and safe (AES) modes with real signed and
encrypted XML (wechatpy's crypto), retries, long answers, the customer-service API on a local
stub, hostile XML. The bot is a fake here; tests/channels/test_live_channels.py uses the real one."""

from __future__ import annotations

import concurrent.futures
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bot.channels import wechat as wx
from bot.channels.format import FEEDBACK_HINT, FEEDBACK_THANKS, WECHAT_TEXT_LIMIT
from tests.channels.conftest import (
    WECHAT_AES_KEY,
    WECHAT_APPID,
    WECHAT_SECRET,
    WECHAT_TOKEN,
    FakeBot,
    WeChatApiStub,
    serve_channel,
)

OPENID = "oAbCdEf_0123456789-xyz"
ANSWER = "【失业保险金申领】\n申请材料：\n本人社会保障卡或居民身份证。"
BUTTONS = [
    {"title": "受理条件", "payload": '/ask_conditions{"guide_id": "002014008001"}'},
    {"title": "在哪办", "payload": '/ask_location{"guide_id": "002014008001"}'},
]
LONG = "\n".join(f"{n}. " + "本人社会保障卡或居民身份证复印件一份，" * 6 for n in range(1, 60))


def bot_replies(text: str) -> list[dict]:
    if text == "长":
        return [{"text": "【某事项】\n申请材料：\n" + LONG}]
    if text == "两条":
        return [{"text": "第一条消息"}, {"text": "第二条消息", "buttons": BUTTONS}]
    return [{"text": ANSWER, "buttons": BUTTONS}]


def signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def message_xml(msg_type: str = "text", msg_id: int | None = 1001, openid: str = OPENID, **fields: str) -> str:
    extra = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    mid = f"<MsgId>{msg_id}</MsgId>" if msg_id is not None else ""
    return (
        f"<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{extra}{mid}</xml>"
    )


def http(method: str, url: str, body: bytes | None = None, timeout: float = 20.0) -> tuple[int, str, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8"), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), time.monotonic() - started


class Client:
    """Signs and sends what the WeChat server would send."""

    def __init__(self, url: str, token: str = WECHAT_TOKEN) -> None:
        self.url = url + "/webhooks/wechat/webhook"
        self.token = token
        self.crypto = WeChatCrypto(WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APPID)

    def params(self, **extra: str) -> dict:
        timestamp, nonce = str(int(time.time())), "nonce123"
        return {"signature": signature(self.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, **extra}

    def post_plain(self, xml: str | bytes, **params: str) -> tuple[int, str, float]:
        query = urlencode(self.params(**params))
        body = xml.encode("utf-8") if isinstance(xml, str) else xml
        return http("POST", f"{self.url}?{query}", body)

    def post_aes(self, xml: str, tamper: bool = False) -> tuple[int, str, dict]:
        params = self.params(encrypt_type="aes")
        sealed = xmltodict.parse(self.crypto.encrypt_message(xml, params["nonce"], params["timestamp"]))["xml"]
        params["msg_signature"] = sealed["MsgSignature"] + ("0" if tamper else "")
        body = f"<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>"
        status, text, _ = http("POST", f"{self.url}?{urlencode(params)}", body.encode())
        return status, text, params

    def open_aes_reply(self, text: str) -> dict:
        sealed = xmltodict.parse(text)["xml"]
        plain = self.crypto.decrypt_message(text, sealed["MsgSignature"], sealed["TimeStamp"], sealed["Nonce"])
        return xmltodict.parse(plain)["xml"]


def reply_content(text: str) -> str:
    return xmltodict.parse(text)["xml"]["Content"]


@pytest.fixture
def fake_bot() -> FakeBot:
    return FakeBot(replies=bot_replies)


def make_channel(api: WeChatApiStub, **kwargs) -> wx.WeChatInput:
    options = {
        "token": WECHAT_TOKEN, "app_id": WECHAT_APPID, "app_secret": WECHAT_SECRET,
        "encoding_aes_key": WECHAT_AES_KEY, "api_base_url": api.base_url,
        "normalize_speech": lambda text: text.replace("实业", "失业"),
    }
    options.update(kwargs)
    return wx.WeChatInput(**options)


@pytest.fixture
def served(wechat_api: WeChatApiStub, fake_bot: FakeBot) -> Iterator[Client]:
    with serve_channel(make_channel(wechat_api), fake_bot) as server:
        yield Client(server.url)


def test_url_verification(served: Client) -> None:
    query = urlencode(served.params(echostr="echo-4711"))
    assert http("GET", f"{served.url}?{query}")[:2] == (200, "echo-4711")
    bad = served.params(echostr="echo-4711")
    bad["signature"] = "0" * 40
    assert http("GET", f"{served.url}?{urlencode(bad)}")[0] == 403


def test_post_with_bad_signature_is_refused(served: Client, fake_bot: FakeBot) -> None:
    wrong = Client(served.url.rsplit("/webhooks", 1)[0], token="not-the-token")
    status, _, _ = wrong.post_plain(message_xml(Content="失业金要带什么材料"))
    assert status == 403
    status, _, _ = http("POST", served.url, message_xml(Content="x").encode())  # no signature at all
    assert status == 403
    assert fake_bot.received == []


def test_plaintext_message_gets_passive_reply_with_numbered_choices(served: Client, fake_bot: FakeBot) -> None:
    status, text, seconds = served.post_plain(message_xml(Content="失业金要带什么材料", msg_id=2001))
    assert status == 200 and seconds < 4.5
    reply = xmltodict.parse(text)["xml"]
    assert reply["ToUserName"] == OPENID and reply["MsgType"] == "text"
    assert reply["Content"].startswith("【失业保险金申领】\n申请材料：")
    assert "回复序号选择：\n1. 受理条件\n2. 在哪办" in reply["Content"]
    assert fake_bot.texts == ["失业金要带什么材料"]
    assert fake_bot.received[0].sender_id == "wx-" + OPENID and fake_bot.received[0].input_channel == "wechat"

    status, text, _ = served.post_plain(message_xml(Content="2", msg_id=2002))  # picks "在哪办" by number
    assert status == 200
    assert fake_bot.texts[-1] == BUTTONS[1]["payload"]
    served.post_plain(message_xml(Content="第一个", msg_id=2003))
    assert fake_bot.texts[-1] == BUTTONS[0]["payload"]


def test_several_bot_messages_are_merged(served: Client, fake_bot: FakeBot) -> None:
    status, text, _ = served.post_plain(message_xml(Content="两条", msg_id=2101))
    content = reply_content(text)
    assert status == 200 and content.startswith("第一条消息\n\n第二条消息\n\n回复序号选择：\n1. 受理条件")


def test_safe_mode_decrypts_and_encrypts(served: Client, fake_bot: FakeBot) -> None:
    status, text, params = served.post_aes(message_xml(Content="失业金要带什么材料", msg_id=3001))
    assert status == 200
    assert "<Encrypt>" in text and "失业" not in text  # nothing readable on the wire
    reply = served.open_aes_reply(text)
    assert reply["Content"].startswith("【失业保险金申领】") and reply["ToUserName"] == OPENID
    assert fake_bot.texts == ["失业金要带什么材料"]


def test_safe_mode_with_forged_msg_signature_is_refused(served: Client, fake_bot: FakeBot) -> None:
    status, _, _ = served.post_aes(message_xml(Content="失业金要带什么材料", msg_id=3002), tamper=True)
    assert status == 403 and fake_bot.received == []


def test_retries_of_a_msgid_reach_the_bot_once(wechat_api: WeChatApiStub) -> None:
    bot = FakeBot(replies=bot_replies, delay=0.6)
    with serve_channel(make_channel(wechat_api), bot) as server:
        client = Client(server.url)
        xml = message_xml(Content="失业金要带什么材料", msg_id=4001)
        with concurrent.futures.ThreadPoolExecutor(3) as pool:  # WeChat's retries overlapping the first try
            results = list(pool.map(lambda _: client.post_plain(xml), range(3)))
        again = client.post_plain(xml)  # and one more after the answer was given
    assert len(bot.received) == 1
    contents = {reply_content(text) for status, text, _ in results + [again] if status == 200}
    assert len(contents) == 1 and next(iter(contents)).startswith("【失业保险金申领】")
    assert wechat_api.sent == []  # all answered passively: no customer-service message


def test_slow_bot_replies_success_then_sends_by_customer_service_api(wechat_api: WeChatApiStub) -> None:
    bot = FakeBot(replies=bot_replies, delay=1.5)
    with serve_channel(make_channel(wechat_api, reply_timeout=0.5), bot) as server:
        client = Client(server.url)
        xml = message_xml(Content="失业金要带什么材料", msg_id=5001)
        status, text, seconds = client.post_plain(xml)
        assert (status, text) == (200, "success") and seconds < 1.4
        retry = client.post_plain(xml)  # WeChat would not retry after "success", but if it did:
        assert retry[:2] == (200, "success")
        sent = wechat_api.wait_sent(1)
        time.sleep(0.3)
    assert len(bot.received) == 1
    assert len(sent) == 1 == len(wechat_api.sent)
    assert sent[0]["touser"] == OPENID and sent[0]["msgtype"] == "text"
    assert sent[0]["text"]["content"].startswith("【失业保险金申领】")
    assert sent[0]["access_token"] == "token-1"
    assert wechat_api.token_requests[0]["appid"] == WECHAT_APPID
    assert wechat_api.token_requests[0]["grant_type"] == "client_credential"


def test_long_answer_is_split_within_the_size_limit(served: Client, wechat_api: WeChatApiStub) -> None:
    status, text, _ = served.post_plain(message_xml(Content="长", msg_id=6001))
    assert (status, text) == (200, "success")  # several messages: all by the customer-service API, in order
    first = wechat_api.wait_sent(1)[0]["text"]["content"]
    sent = wechat_api.wait_sent(int(re.search(r"/(\d+)）$", first).group(1)))  # all parts, not just the first few
    parts = [m["text"]["content"] for m in sent]
    assert len(parts) >= 3
    assert all(len(p.encode("utf-8")) <= WECHAT_TEXT_LIMIT for p in parts)
    assert [re.search(r"（(\d+)/(\d+)）$", p).groups() for p in parts] == [(str(n), str(len(parts))) for n in range(1, len(parts) + 1)]
    rebuilt = "\n".join(re.sub(r"\n（\d+/\d+）$", "", p) for p in parts)
    assert rebuilt == "【某事项】\n申请材料：\n" + LONG + "\n\n" + FEEDBACK_HINT  # the hint ends the last part


def test_expired_access_token_is_fetched_again(wechat_api: WeChatApiStub) -> None:
    wechat_api.reject_tokens.add("token-1")
    bot = FakeBot(replies=bot_replies, delay=0.5)
    with serve_channel(make_channel(wechat_api, reply_timeout=0.1), bot) as server:
        assert Client(server.url).post_plain(message_xml(Content="x", msg_id=6101))[1] == "success"
        sent = wechat_api.wait_sent(1)
    assert [m["access_token"] for m in sent] == ["token-2"]


def test_voice_uses_recognition_as_speech(served: Client, fake_bot: FakeBot) -> None:
    status, text, _ = served.post_plain(
        message_xml("voice", msg_id=7001, MediaId="media1", Format="amr", Recognition="实业金要带什么材料")
    )
    assert status == 200 and reply_content(text).startswith("【失业保险金申领】")
    assert fake_bot.texts == ["失业金要带什么材料"]  # normalised like kiosk speech
    status, text, _ = served.post_plain(message_xml("voice", msg_id=7002, MediaId="media2", Format="amr"))
    assert "没有听清" in reply_content(text) and len(fake_bot.received) == 1


def test_subscribe_gets_welcome_with_hot_questions(served: Client, fake_bot: FakeBot) -> None:
    status, text, _ = served.post_plain(message_xml("event", msg_id=None, Event="subscribe"))
    assert status == 200
    assert reply_content(text).startswith(wx.WELCOME_PREFIX) and "回复序号选择" in reply_content(text)
    assert fake_bot.texts == ["/greet"]
    assert served.post_plain(message_xml("event", msg_id=None, Event="unsubscribe"))[1] == "success"
    assert len(fake_bot.received) == 1


def test_other_message_types_get_a_polite_reply(served: Client, fake_bot: FakeBot) -> None:
    for msg_type, fields in (("image", {"PicUrl": "http://x/y.jpg", "MediaId": "m"}), ("location", {"Label": "涞源"})):
        status, text, _ = served.post_plain(message_xml(msg_type, msg_id=8000 + len(msg_type), **fields))
        assert status == 200 and "只能回答文字或语音" in reply_content(text)
    assert fake_bot.received == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><ToUserName>gh</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>"""
XXE = """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>"""


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(XXE, id="xxe"),
        pytest.param(message_xml(Content="x" * (70 * 1024)), id="over-64KB"),
        pytest.param("<xml><MsgType>text</MsgType><Content>unclosed", id="malformed"),
        pytest.param("<html><body>hi</body></html>", id="not-wechat"),
        pytest.param(b"\xff\xfe<\x00x\x00", id="not-utf8"),
        pytest.param("<xml><ToUserName>gh</ToUserName></xml>", id="no-msgtype"),
    ],
)
def test_hostile_or_malformed_xml_is_rejected(served: Client, fake_bot: FakeBot, body: str | bytes) -> None:
    status, _, seconds = served.post_plain(body)
    assert status == 400 and seconds < 3
    assert fake_bot.received == []


def test_hostile_xml_inside_safe_mode_is_rejected(served: Client, fake_bot: FakeBot) -> None:
    status, _, _ = served.post_aes(XXE)
    assert status == 400 and fake_bot.received == []


def test_unconfigured_channel_is_disabled_not_fatal(wechat_api: WeChatApiStub, fake_bot: FakeBot) -> None:
    channel = wx.WeChatInput.from_credentials({"token": "${BST_UNSET_TOKEN}", "encoding_aes_key": "${BST_UNSET_KEY}"})
    assert channel.token == "" and channel.crypto is None
    with serve_channel(channel, fake_bot) as server:
        client = Client(server.url)
        assert client.post_plain(message_xml(Content="x"))[0] == 503


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BST_T_TOKEN", WECHAT_TOKEN)
    monkeypatch.setenv("BST_T_KEY", WECHAT_AES_KEY)
    channel = wx.WeChatInput.from_credentials({
        "token": "${BST_T_TOKEN}", "app_id": WECHAT_APPID, "encoding_aes_key": "${BST_T_KEY}",
        "api_base_url": "${BST_T_UNSET:-http://127.0.0.1:9/cgi-bin}", "reply_timeout": "${BST_T_UNSET:-3}",
    })
    assert channel.token == WECHAT_TOKEN and channel.crypto is not None and channel.reply_timeout == 3.0
    assert channel.api.api_base_url == "http://127.0.0.1:9/cgi-bin/"
    assert channel.api.token_url == "http://127.0.0.1:9/cgi-bin/token"


# ------------------------------------------------------------------ 有用/没用 feedback
@pytest.fixture
def voting(wechat_api: WeChatApiStub, fake_bot: FakeBot, tmp_path) -> Iterator[tuple[Client, wx.WeChatInput, object]]:
    feedback = tmp_path / "feedback.jsonl"
    channel = make_channel(wechat_api, feedback_path=feedback)
    with serve_channel(channel, fake_bot) as server:
        yield Client(server.url), channel, feedback


def feedback_records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_vote_after_an_answer_is_stored_and_never_reaches_the_bot(voting, fake_bot: FakeBot, tmp_path) -> None:
    client, _, feedback = voting
    question = "失业金要带什么材料 我电话13812345678"
    status, text, _ = client.post_plain(message_xml(Content=question, msg_id=9001))
    assert status == 200 and reply_content(text).endswith("\n\n" + FEEDBACK_HINT)
    status, text, _ = client.post_plain(message_xml(Content="有用", msg_id=9002))
    assert status == 200 and reply_content(text) == FEEDBACK_THANKS
    status, text, _ = client.post_plain(message_xml(Content="没用！", msg_id=9003))  # again on the same answer
    assert reply_content(text).startswith("感谢您的评价") and "0312-7318400" in reply_content(text)
    assert fake_bot.texts == [question]  # neither vote went to Rasa
    records = feedback_records(feedback)
    assert records == [{"time": records[0]["time"], "channel": "wechat", "sender": "wx-" + OPENID, "useful": True,
                        "item": "失业保险金申领", "question": "失业金要带什么材料 我电话138****5678"}]  # counted once

    # a new answer can be rated again, also by voice; the bureau's report counts WeChat votes with the web's
    client.post_plain(message_xml(Content="2", msg_id=9004))  # picks "在哪办"
    client.post_plain(message_xml("voice", msg_id=9005, MediaId="m", Format="amr", Recognition="没用。"))
    assert fake_bot.texts == [question, BUTTONS[1]["payload"]]
    last = feedback_records(feedback)[-1]
    assert (last["useful"], last["item"], last["question"]) == (False, "失业保险金申领", "在哪办")
    from knowledge.analytics import EventLog

    report = EventLog.from_url(f"sqlite:///{tmp_path / 'events.sqlite3'}").report(feedback_file=feedback)
    assert dict(report.feedback) == {"有用": 1, "没用": 1}


def test_a_vote_without_a_recent_answer_is_an_ordinary_message(wechat_api: WeChatApiStub, tmp_path) -> None:
    feedback = tmp_path / "feedback.jsonl"
    bot = FakeBot(replies=lambda text: [{"text": "抱歉，没有找到相关事项。"}] if text == "护照" else bot_replies(text))
    with serve_channel(make_channel(wechat_api, feedback_path=feedback), bot) as server:
        client = Client(server.url)
        client.post_plain(message_xml(Content="没用", msg_id=9101))  # nothing answered yet: to the bot
        client.post_plain(message_xml(Content="护照", msg_id=9102))  # a reply about no item ends the last answer
        status, text, _ = client.post_plain(message_xml(Content="有用", msg_id=9103))
    assert bot.texts == ["没用", "护照", "有用"] and feedback_records(feedback) == []
    assert not reply_content(text).startswith("感谢")


def test_per_user_state_is_bounded_and_expires(wechat_api: WeChatApiStub) -> None:
    from bot.channels.state import MAX_ENTRIES

    channel = make_channel(wechat_api)
    assert not channel.state.shared  # no CHANNEL_STATE_URL: this process's memory
    for n in range(MAX_ENTRIES + 50):
        channel._remember_answered(f"o{n}", wx.Answered("失业保险金申领", "问题"))
    assert channel._answered("o0") is None and channel._answered(f"o{MAX_ENTRIES + 49}") is not None
