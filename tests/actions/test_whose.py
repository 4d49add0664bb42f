"""Going back by whose matter an item was (bot/actions/whose.py); sentences written for these tests."""

from bot.actions.whose import SELF, referred, remembered, told_of, whose_earlier


def test_a_question_is_about_the_people_it_names_else_the_user_speaking():
    assert told_of("我老伴的退休金停了，咋恢复") == ["配偶"]
    assert told_of("俺刚从部队回来，养老保险咋转") == [SELF]
    assert told_of("失业金咋领") == []


def test_a_person_is_referred_back_to_only_with_that_or_whose():
    assert referred("我爹那个还要交啥") == {"父亲"}
    assert referred("再说我自己的那笔") == {SELF}
    assert referred("我爹也能办吗") == set()  # a person named, no matter referred back to


def test_the_one_earlier_item_of_that_person_is_gone_back_to():
    people = {"a": ["母亲"], "b": ["父亲"], "c": [SELF]}
    assert whose_earlier("我妈那个要多久", "b", ["a", "c"], people) == "a"
    assert whose_earlier("我爸那个要多久", "b", ["a", "c"], people) is None  # the item in focus is his
    assert whose_earlier("我妈那个要多久", "b", ["a", "c"], {**people, "c": ["母亲"]}) is None  # two of hers


def test_the_first_question_that_named_an_item_tells_whose_it_is():
    people = remembered({}, "a", "我老伴的退休金停了", ["a"])
    assert remembered(people, "a", "我儿子能替她去吗", ["a"]) == {"a": ["配偶"]}
    assert remembered(people, "b", "7", ["b"]) == {"b": []}  # items no longer recent are forgotten


def test_a_person_said_with_that_goes_back_to_their_item(convo):
    assert convo.say("我爹的养老金停发了，咋恢复", "ask_overview").startswith("【恢复养老保险待遇申请】")
    assert convo.slots["recent_people"] == {convo.slots["guide_id"]: ["父亲"]}
    assert convo.say("我闺女毕业快两年，工作一直没着落，能申请求职补贴吗", "ask_conditions").startswith("【求职创业补贴申领】")
    text = convo.say("我爹那个网上可以办不", "ask_channels")
    assert text.startswith("【恢复养老保险待遇申请】\n服务渠道")
