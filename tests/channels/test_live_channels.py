"""All four channels against the real bot (trained model, action server), as `make run` serves them."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
import xmltodict

from bot.channels import kiosk_eval
from bot.launch import post_json
from tests.channels.conftest import WECHAT_TOKEN, ChannelBot
from tests.channels.test_wechat import OPENID, Client, message_xml, reply_content

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_assist_query_with_nlu_and_linker(channel_bot: ChannelBot) -> None:
    data = post_json(f"{channel_bot.url}/webhooks/assist/query", {"text": "失业了怎么领钱"})
    assert data["candidates"][0]["name"] == "失业保险金申领"
    assert 2 <= len(data["candidates"]) <= 5
    assert set(data["candidates"][0]) == {"id", "code", "name", "score"}
    assert data["answer"].startswith("失业保险金申领") and "0312-7318400" in data["sms"] and len(data["sms"]) <= 140
    # the field comes from the running agent's NLU (no "field" in the request)
    data = post_json(f"{channel_bot.url}/webhooks/assist/query", {"text": "失业金要带什么材料", "session": "call-9"})
    assert data["intent"] == "ask_materials" and data["field"] == "申请材料"
    assert data["answer"] == "失业保险金申领，申请材料：本人社会保障卡或居民身份证。"
    follow = post_json(f"{channel_bot.url}/webhooks/assist/query", {"text": "那在哪里办", "session": "call-9"})
    assert follow["field"] == "办事机构及地点" and follow["guide"]["name"] == "失业保险金申领"


def test_web_webhook_answers_with_html(channel_bot: ChannelBot) -> None:
    replies = post_json(f"{channel_bot.url}/webhooks/web/webhook", {"sender": uuid.uuid4().hex, "message": "失业金要带什么材料"})
    assert replies[0]["item"] == "失业保险金申领"
    assert replies[0]["html"].startswith(
        '<div class="bst-text" data-speech="关于失业保险金申领，申请材料：本人社会保障卡或居民身份证。">'
        '<strong class="bst-item">【失业保险金申领】</strong>')


def test_kiosk_speech_in_spoken_answer_out(channel_bot: ChannelBot) -> None:
    url = f"{channel_bot.url}/webhooks/kiosk/webhook"
    sender = f"kiosk-{uuid.uuid4().hex[:8]}"
    reply = post_json(url, {"sender": sender, "message": "嗯那个我想问一下实业金要带什么材料"})[0]
    assert reply["understood"] == "失业金要带什么材料" and reply["item"] == "失业保险金申领"
    assert reply["text"].startswith("关于失业保险金申领，申请材料：") and "【" not in reply["text"]
    assert "您可以说：" in reply["text"]
    sender = f"kiosk-{uuid.uuid4().hex[:8]}"
    reply = post_json(url, {"sender": sender, "message": "养老保险怎么办"})[0]
    assert "请说序号" in reply["text"]
    second = reply["buttons"][1]["title"].split(". ", 1)[1]
    reply = post_json(url, {"sender": sender, "message": "第二个"})[0]
    assert reply["item"] == second


def test_kiosk_path_is_not_worse_than_rest_on_speech_questions(channel_bot: ChannelBot) -> None:
    # Measured (make kiosk-eval) on 2026-11-28: REST 92/107, kiosk 90/107, kiosk without normalising
    # 92/107. The linker now corrects homophones itself, so the normaliser no longer adds accuracy;
    # one or two questions move either way when the model is retrained, so the test only guards
    # against a clearly worse kiosk path (more than 3 of 107 behind).
    report = kiosk_eval.evaluate(channel_bot.url)
    print(json.dumps({k: report[k] for k in ("questions", "item_accuracy", "right")}, ensure_ascii=False))
    assert report["questions"] >= 100
    assert report["right"]["kiosk"] >= report["right"]["rest"] - 3


def test_wechat_plaintext_and_safe_mode_with_the_real_bot(channel_bot: ChannelBot) -> None:
    client = Client(channel_bot.url)
    started = time.monotonic()
    status, text, _ = client.post_plain(message_xml(Content="失业金要带什么材料", msg_id=int(time.time() * 1000)))
    assert status == 200 and time.monotonic() - started < 4.5
    content = reply_content(text)
    assert content.startswith("【失业保险金申领】\n申请材料：") and "回复序号选择：\n1. " in content
    status, text, _ = client.post_plain(message_xml(Content="2", msg_id=int(time.time() * 1000) + 1))
    assert reply_content(text).startswith("【失业保险金申领】\n办事机构及地点")  # the 2nd follow-up (在哪办), by number
    status, text, _ = client.post_aes(message_xml(Content="养老保险怎么办", msg_id=int(time.time() * 1000) + 2,
                                                  openid=OPENID + "2"))
    assert status == 200 and "可能是以下事项" in client.open_aes_reply(text)["Content"]
    query = f"signature=bad&timestamp=1&nonce=2&echostr=x&token={WECHAT_TOKEN}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{channel_bot.url}/webhooks/wechat/webhook?{query}", timeout=10)
    assert refused.value.code == 403


def test_wechat_subscribe_welcome_from_the_domain(channel_bot: ChannelBot) -> None:
    status, text, _ = Client(channel_bot.url).post_plain(message_xml("event", msg_id=None, Event="subscribe",
                                                                     openid=OPENID + "3"))
    content = xmltodict.parse(text)["xml"]["Content"]
    assert status == 200 and content.startswith("感谢您关注涞源县人社局！您好，我是")
    assert "回复序号选择：\n1. 失业金怎么领" in content
