"""Words that point at the item in focus itself (bot/actions/pointing.py); sentences written for these tests."""

from bot.actions.constants import ACTION_FALLBACK
from bot.actions.pointing import bare_step, last_clause, points_at_focus, this_one


def test_the_question_is_read_from_the_last_clause():
    assert last_clause("钱要是已经取出来了，还能撤吗？") == "还能撤吗"
    assert last_clause("") == ""


def test_a_bare_step_is_one_of_the_focus_items_own_steps():
    assert bare_step("账户注销了的话 还能撤吗", "在职职工参保终止撤销") == "撤销"
    assert bare_step("人回来了，能恢复不", "恢复养老保险待遇申请") == "恢复"
    assert bare_step("能停吗", "暂停养老保险待遇申请") == "暂停"
    assert bare_step("还能撤吗", "失业登记") is None  # a step the focus item does not have
    assert bare_step("还能领失业金吗", "失业保险待遇撤销") is None  # a verb with an object of its own


def test_a_verb_whose_object_is_this_one_points_at_the_focus():
    assert this_one("那边的手续还没办完 可以先申请这个吗")
    assert not this_one("这个失业登记咋办")  # 这个 before a name is no object of a verb
    assert points_at_focus("补缴的钱还没交 能先弄这个不", "任何事项")
    assert not points_at_focus("养老金咋领", "在职职工参保终止撤销")


def test_a_turn_that_asks_about_this_one_stays_on_the_focus_whatever_else_it_names(convo):
    assert convo.say("俺爸的养老金因为死亡日期报错给终止了，想撤销", "ask_overview").startswith("【企业养老保险待遇终止撤销】")
    text = convo.say("多领的那部分钱还没交回去，可以先办这个吗", "ask_conditions")
    assert text.startswith("【企业养老保险待遇终止撤销】")  # not 企业养老保险待遇退回申请, named as a circumstance


def test_a_bare_step_of_the_focus_item_stays_on_it(convo):
    assert convo.say("单位有个职工的参保给误弄成终止了，咋撤销", "ask_overview").startswith("【在职职工参保终止撤销】")
    text = convo.say("他养老账户里那笔钱要是一次性领走了，还能撤吗", "ask_conditions")
    assert text.startswith("【在职职工参保终止撤销】")  # not 个人账户一次性待遇申领


def test_a_statement_wanting_a_step_the_focus_item_lacks_is_its_next_step(convo):
    assert convo.say("社保卡找不着了，咋挂失", "ask_overview").startswith("【社会保障卡（社会保障功能）挂失与解挂】")
    text = convo.say("已经挂过失了，想重新办一张", "nlu_fallback", ACTION_FALLBACK)
    assert text.startswith("【社会保障卡补领、换领、换发（含本地、异地）】")


def test_a_step_told_as_what_happened_is_no_step_wanted(convo):
    wants = convo.assistant.resolver._wants_other_step
    focus = convo.assistant.repo.by_name("社会保障卡（社会保障功能）挂失与解挂").id
    assert wants("已经挂过失了，想重新办一张", focus)
    assert not wants("原来单位的账户上个月就注销了", focus)  # told as what happened
    assert not wants("挂失以后多久能解挂", focus)  # the focus item's own steps
