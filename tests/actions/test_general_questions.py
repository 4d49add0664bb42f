"""Questions about the bureau in general, other departments' business, and pinyin input."""

import datetime as dt

from bot.actions.constants import ACTION_ANSWER, ACTION_FALLBACK, ACTION_OPEN_NOW
from bot.actions.dialogue import Assistant
from tests.actions.conftest import Conversation

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_hours_asked_in_general_are_the_shared_hours_as_of_the_moment(assistant):
    saturday = Assistant(assistant.repo, assistant.linker, lambda: dt.datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI))
    text = Conversation(saturday).say("礼拜六你们那边有人上班不", "ask_hours", ACTION_ANSWER)
    assert text.startswith("大多数事项") and "休息日" in text and "12月7日" in text


def test_a_general_question_with_no_item_gets_the_common_value_or_a_question_back(convo):
    text = convo.say("你们那个办事大厅在哪条街上", "ask_location")
    assert text.startswith("大多数事项") and "广平大街" in text
    assert convo.say("一般来说办业务都要准备啥材料", "ask_materials").startswith("请问您想了解哪个事项")
    assert convo.slots.get("guide_id") is None


def test_words_of_time_or_place_alone_name_no_item(convo):
    text = convo.say("晚上七点多过去还能办不", "ask_open_now", ACTION_OPEN_NOW)
    assert not text.startswith("【")


def test_an_hours_intent_without_a_word_of_time_asks_no_hours(convo):
    text = convo.say("帮我写一篇关于春天的作文", "ask_open_now", ACTION_OPEN_NOW)
    assert not text.startswith("【") and "上班" not in text


def test_another_departments_business_qualifying_the_linking_words_is_referred(convo):
    text = convo.say("孤儿基本生活费找谁申请", "ask_location", ACTION_ANSWER)
    assert "民政" in text and not text.startswith("【")
    text = convo.say("我家是低保户，能认定就业困难人员吗", "ask_conditions", ACTION_ANSWER)
    assert text.startswith("【就业困难人员认定】")


def test_another_departments_business_names_the_office_to_ask(convo):
    text = convo.say("新农合住院报销在哪办", "out_of_scope", ACTION_FALLBACK)
    assert "医保部门" in text and "0312-7318400" in text and not text.startswith("【")
    text = convo.say("明天会下雨吗", "out_of_scope", ACTION_FALLBACK)
    assert "不属于人社业务" in text


def test_pinyin_is_understood_like_characters(convo):
    text = convo.say("shiyejin yao dai shenme cailiao", "ask_materials")
    assert text.startswith("【失业保险金申领】\n申请材料")


def test_a_first_question_that_says_no_word_of_any_guides_name_gets_no_guide(convo):
    text = convo.say("微信老是登录不上咋整", "ask_summary")  # some guide's text has 微信 and 登录: no evidence
    assert not text.startswith("【") and "0312-7318400" in text


def test_how_to_get_there_is_asked_of_the_address(convo):
    assert convo.say("去你们人社局咋走", "ask_overview").startswith("大多数事项")  # a route: the address most share
