"""Conversation tests through the running bot's REST channel: NLU, rules, actions and slots together."""

import pytest

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_field_answer_then_follow_ups(chat):
    assert chat.say("失业金要带什么材料").startswith("【失业保险金申领】\n申请材料")
    assert chat.say("那在哪里办").startswith("【失业保险金申领】\n办事机构及地点")
    assert chat.say("它收费吗").startswith("【失业保险金申领】\n收费依据及标准")
    assert chat.say("要多久").startswith("【失业保险金申领】\n办结时限")


def test_overview_card(chat):
    text = chat.say("失业登记怎么办")
    assert text.startswith("【失业登记】") and "■ 申请材料" in text
    assert any(b["title"] == "多久办好" for b in chat.buttons)


def test_button_payload_asks_another_field(chat):
    chat.say("失业登记怎么办")
    payload = next(b["payload"] for b in chat.buttons if b["title"] == "收费吗")
    assert chat.say(payload).startswith("【失业登记】\n收费依据及标准")


def test_switch_item_keeps_field(chat):
    chat.say("个人申请创业担保贷款需要什么条件")
    assert chat.say("那小微企业的呢").startswith("【小微企业申请创业担保贷款】\n受理条件")


def test_clarify_then_choose(chat):
    text = chat.say("养老保险怎么办")
    assert "可能是以下事项" in text
    second = chat.buttons[1]["title"].split(". ", 1)[1]
    assert chat.say("第二个").startswith(f"【{second}】")


def test_correction(chat):
    chat.say("就业登记要带什么")
    assert chat.say("不是这个，我问的是失业登记").startswith("【失业登记】\n申请材料")


def test_no_item_no_context(chat):
    assert chat.say("你们几点上班").startswith("大多数事项")


def test_out_of_scope_is_honest(chat):
    text = chat.say("今天天气怎么样")
    assert "0312-7318400" in text and "【" not in text


def test_chitchat_and_handoff(chat):
    assert "办事通" in chat.say("您好")
    assert "0312-7318400" in chat.say("转人工")
    assert "不客气" in chat.say("谢谢")


def test_speech_and_traditional(chat):
    assert chat.say("嗯那个我想问一下实业保险今怎么申请").startswith("【失业保险金申领】")
    assert chat.say("失業保險金申領需要什麼材料").startswith("【失业保险金申领】\n申请材料")


def test_open_now_and_situation(chat):
    chat.say("失业登记要带什么材料")
    text = chat.say("现在能去办吗")
    assert text.startswith("【失业登记】") and "办事时间" in text
    assert any(word in text for word in ("正在办公", "午休", "下班", "休息日", "假期", "还没到办公时间"))
    chat.say("创业补贴要什么材料")
    assert chat.say("我是高校毕业生").startswith("【创业补贴申领】\n申请材料：（高校毕业生适用")
