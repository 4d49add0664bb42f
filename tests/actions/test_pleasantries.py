"""Pleasantries are recognised by their words, whatever the classifier said."""

import pytest

from bot.actions.pleasantries import pleasantry_of


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("好的，谢谢你", "thanks"),
        ("下次再问，再见啦", "goodbye"),
        ("您好", "greet"),
        ("谢谢，社保卡在哪办", None),  # a question after the thanks is answered
        ("您好，请问失业金怎么领", None),
        ("社保卡没有了", None),
        ("好的", "ack"),  # an acknowledgement: not the guide again
        ("嗯嗯，好嘞", "ack"),
        ("那俺回去跟家里合计合计", "ack"),  # the matter put off, nothing asked
        ("等开春再说，到时候要带啥", None),
        ("再说回前面那个鉴定", None),
        ("行，我知道了，拜拜", "goodbye"),  # an acknowledgement before the goodbye
        ("没有别的问题了", "goodbye"),
        ("喂，听得到吗", "greet"),
        ("明白了，那要多久", None),
        ("喂，社保卡丢了怎么办", None),
        ("你们这是哪个部门的", "bot_identity"),  # who answers
        ("你是机器人吗", "bot_identity"),
        ("失业金是哪个部门管的", None),  # a question about an item
        ("转人工客服", None),  # a handoff
    ],
)
def test_pleasantry_of(text, intent):
    assert pleasantry_of(text) == intent


def test_a_thank_you_taken_for_a_question_gets_the_thanks_response(convo):
    convo.say("好的，谢谢你", "ask_location")
    assert [m["response"] for m in convo.last] == ["utter_thanks"]


def test_an_acknowledgement_after_an_answer_gets_the_ack_not_the_guide_again(convo):
    convo.say("失业金咋领", "ask_overview")
    focus = convo.slots["guide_id"]
    convo.say("嗯，好嘞", "nlu_fallback")
    assert [m["response"] for m in convo.last] == ["utter_ack"]
    assert convo.say("要带啥", "ask_materials").startswith("【")  # the item in focus stays
    assert convo.slots["guide_id"] == focus
