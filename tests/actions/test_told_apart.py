"""A reply to a list, read by the marks that tell the offered items apart (bot/actions/told_apart.py).

The sentences are written for these tests; none is taken from an evaluation set.
"""

from bot.actions.constants import ACTION_SITUATION
from bot.actions.field_cues import asks
from bot.actions.told_apart import mark_scores, told_apart

CANCEL = {
    "pay": "居民养老保险注销登记（缴费人员）",
    "draw": "居民养老保险注销登记（待遇人员）",
    "undo_pay": "居民养老保险注销登记撤销（缴费人员）",
    "undo_draw": "居民养老保险注销登记撤销（待遇人员）",
    "firm": "企业注销社会保险登记",
}


def test_the_qualifier_said_in_everyday_words_picks_the_item():
    assert told_apart(CANCEL, "老爷子在村里领养老金领了十来年", "家里老人走了，养老保险那块要销掉吧") == "draw"


def test_a_step_nobody_said_counts_against_an_item():
    scores = mark_scores(CANCEL, "领养老金的", "老人走了要注销")
    assert scores["draw"] > scores["undo_draw"]


def test_a_step_said_in_the_question_before_counts_for_the_item():
    assert told_apart(CANCEL, "是领养老金的那种", "注销弄错了想撤销") == "undo_draw"


def test_another_scheme_said_counts_against_an_item():
    assert mark_scores(CANCEL, "俺们是农村的")["firm"] < 0


def test_nothing_that_tells_them_apart_picks_none():
    assert told_apart(CANCEL, "就是俺娘的", "老人走了养老保险咋办") is None
    assert told_apart({"one": "企业注销社会保险登记"}, "是公司的") is None


def test_an_amount_said_in_a_statement_asks_nothing():
    assert not asks("俺爹交了好几年了")
    assert not asks("一年交个几百块钱")
    assert asks("交了几年了")


def test_a_reply_after_a_list_picks_by_marks_among_the_listed_items(convo):
    text = convo.say("家里老人没了，居民养老保险要注销，咋办", "ask_overview")
    assert "可能是以下事项" in text, text
    text = convo.say("老人在村里领养老金领了好些年了", "inform_situation", ACTION_SITUATION)
    assert text.startswith("【居民养老保险注销登记（待遇人员）】"), text
