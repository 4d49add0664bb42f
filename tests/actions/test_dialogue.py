"""The ten dialogue behaviours, through the real actions, trackers and dispatcher."""

import pytest

from bot.actions import render
from bot.actions.constants import (
    ACTION_ANSWER,
    ACTION_BROWSE,
    ACTION_BROWSE_MORE,
    ACTION_CHOOSE,
    ACTION_FALLBACK,
    ACTION_HANDOFF,
    ACTION_INFORM_ITEM,
    ACTION_OPEN_NOW,
    ACTION_SMALL_TALK,
)
from knowledge.fields import Field


def test_field_answer_is_verbatim_and_names_the_item(convo, sqlite_repo):
    text = convo.say("失业保险金申领需要什么材料", "ask_materials")
    guide = sqlite_repo.by_name("失业保险金申领")
    assert text.startswith("【失业保险金申领】")
    assert guide.fields  # the answer quotes the field verbatim, line breaks kept
    from knowledge.fields import Field

    assert guide.field(Field.MATERIALS) in text
    assert convo.slots["guide_id"] == guide.id
    assert convo.buttons and all(b["payload"].startswith("/ask_") for b in convo.buttons)


def test_bare_conditions_come_with_the_summary(convo, sqlite_repo):
    from knowledge.fields import Field

    guide = sqlite_repo.by_name("单位参保暂停申请")
    assert guide.field(Field.CONDITIONS).startswith("情况属实，材料齐全的。")  # says nothing of who qualifies
    text = convo.say("单位参保暂停申请需要什么条件", "ask_conditions")
    assert text.index(guide.field(Field.CONDITIONS)) < text.index(guide.field(Field.SUMMARY))
    assert all("事项简述" not in b["title"] for b in convo.buttons)
    full = sqlite_repo.by_name("失业保险金申领")  # real conditions stand alone
    assert full.field(Field.SUMMARY) not in convo.say("失业保险金申领需要什么条件", "ask_conditions")


def test_a_yes_no_question_gets_what_it_is_and_who_qualifies(convo, sqlite_repo):
    guide = sqlite_repo.by_name("失业保险金申领")
    text = convo.say("失业保险金申领，我辞职了能领吗", "ask_conditions")
    assert text.index(guide.field(Field.CONDITIONS)) < text.index(guide.field(Field.SUMMARY))
    text = render.field_answer(guide, Field.SUMMARY, yes_no=True).text  # the field asked comes first
    assert text.index(guide.field(Field.SUMMARY)) < text.index(guide.field(Field.CONDITIONS))
    assert guide.field(Field.CONDITIONS) not in convo.say("失业保险金申领是干什么的", "ask_summary")
    long = sqlite_repo.by_name("个人申请创业担保贷款")  # long conditions stay behind their button
    assert long.field(Field.CONDITIONS) not in convo.say("个人申请创业担保贷款是什么，我能贷吗", "ask_summary")


def test_long_materials_list_keeps_its_lines(convo):
    text = convo.say("创业补贴要带什么", "ask_materials")
    assert "\n（1）营业执照（无法通过数据共享的提供）。\n（2）" in text


def test_overview_card_with_buttons(convo):
    text = convo.say("失业登记怎么办", "ask_overview")
    assert text.startswith("【失业登记】")
    for label in ("事项简述", "受理条件", "申请材料", "办事机构及地点", "办事时间"):
        assert label in text
    assert len(convo.buttons) >= 4


def test_follow_ups_stay_on_the_item(convo):
    convo.say("失业登记要带什么", "ask_materials")
    assert convo.say("那在哪里办", "ask_location").startswith("【失业登记】\n办事机构及地点")
    assert "阁院路体育公园对面" in convo.last[0]["text"]
    assert convo.say("它收费吗", "ask_fees").startswith("【失业登记】\n收费依据及标准")
    assert convo.say("要多久", "ask_time_limit").startswith("【失业登记】\n办结时限")
    assert convo.say("这个要带身份证吗", "ask_materials").startswith("【失业登记】\n申请材料")


def test_follow_ups_naming_words_of_the_item_stay_on_it(convo, sqlite_repo):
    from knowledge.fields import Field

    convo.say("单位参保恢复申请要带什么", "ask_materials")
    # 恢复 names many items; said after 单位参保恢复申请 it restates the item in context
    assert convo.say("恢复多久能办好", "ask_time_limit").startswith("【单位参保恢复申请】\n办结时限")
    convo.say("机关养老保险个人参保信息维护申请要带什么", "ask_materials")
    # 改 reads as 变更, whose items no word of the question names: guesses, not a new item
    assert convo.say("多久能改好", "ask_time_limit").startswith("【机关养老保险个人参保信息维护申请】\n办结时限")
    convo.say("河北省三三三人才资助项目申报要带什么", "ask_materials")
    materials = sqlite_repo.by_name("河北省三三三人才资助项目申报").field(Field.MATERIALS)
    assert "推荐函" in materials  # a thing the guide in context names is no unknown thing
    assert convo.say("推荐函要原件吗", "ask_materials").startswith("【河北省三三三人才资助项目申报】")
    assert convo.say("去哪办，是在政务服务中心那边吗", "nlu_fallback", ACTION_FALLBACK).startswith(
        "【河北省三三三人才资助项目申报】\n办事机构及地点")


def test_switch_item_keeps_the_question(convo):
    convo.say("个人申请创业担保贷款要什么材料", "ask_materials")
    text = convo.say("那小微企业的呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【小微企业申请创业担保贷款】\n申请材料")


def test_a_switch_to_a_twin_described_by_its_qualifier(convo):
    convo.say("我父亲领居民养老金的，人去世了，居民养老保险注销登记要多久", "ask_time_limit")
    text = convo.say("要是还在缴费、没开始领钱的人呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【居民养老保险注销登记（缴费人员）】\n办结时限")


def test_ambiguous_item_is_clarified_then_chosen_by_number(convo):
    text = convo.say("养老保险怎么办", "ask_overview")
    assert "可能是以下事项" in text and "1. " in text
    assert 2 <= len(convo.buttons) <= 5
    offered = convo.slots["candidate_ids"]
    text = convo.say("第二个", "choose", ACTION_CHOOSE)
    assert convo.slots["guide_id"] == offered[1]
    assert text.startswith("【")


def test_a_pick_naming_two_offered_items_answers_one_and_offers_the_other(convo, sqlite_repo):
    names = ["企业职工基本养老保险关系转移接续申请", "灵活就业人员养老保险参保登记", "灵活就业人员特殊缴费核定"]
    convo.slots["candidate_ids"] = [sqlite_repo.by_name(n).id for n in names]
    text = convo.say("灵活就业那个", "inform_item", ACTION_INFORM_ITEM)
    first, second = sorted(names[1:], key=lambda n: not text.startswith(f"【{n}】"))
    assert text.startswith(f"【{first}】") and f"2. {second}" in text
    assert convo.slots["candidate_ids"] == [sqlite_repo.by_name(first).id, sqlite_repo.by_name(second).id]
    assert convo.say("第二个", "choose", ACTION_CHOOSE).startswith(f"【{second}】")


def test_a_pick_naming_the_answered_item_and_an_alternative_alike_keeps_the_answered_one(convo, sqlite_repo):
    # an answer offered alternatives beside it; the words name the answered item as much as one of them
    names = ["灵活就业人员养老保险参保登记", "灵活就业人员社会保险补贴申领", "城乡居民养老保险参保登记"]
    for intent, action in (("choose", ACTION_CHOOSE), ("inform_item", ACTION_INFORM_ITEM), ("nlu_fallback", ACTION_FALLBACK)):
        convo.slots.update(guide_id=sqlite_repo.by_name(names[0]).id,
                           candidate_ids=[sqlite_repo.by_name(n).id for n in names])
        assert convo.say("灵活就业那个", intent, action).startswith(f"【{names[0]}】"), intent
    convo.slots.update(guide_id=sqlite_repo.by_name(names[0]).id, candidate_ids=[sqlite_repo.by_name(n).id for n in names])
    assert f"2. {names[1]}" in convo.say("灵活就业那个", "choose", ACTION_CHOOSE)  # the other one offered


def test_clarification_answered_by_part_of_a_name(convo):
    text = convo.say("灵活就业的材料", "ask_materials")
    assert "可能是以下事项" in text
    text = convo.say("养老保险参保那个", "choose", ACTION_CHOOSE)
    assert text.startswith("【灵活就业人员养老保险参保登记】\n申请材料")


def test_correction_switches_item(convo):
    convo.say("就业登记要带什么", "ask_materials")
    text = convo.say("不是这个，我问的是失业登记", "correct_item", ACTION_INFORM_ITEM)
    assert text.startswith("【失业登记】\n申请材料")


def test_a_correction_the_classifier_was_unsure_about_keeps_the_field(convo):
    convo.say("机关事业单位养老保险待遇终止要什么材料", "ask_materials")
    text = convo.say("说错了，是企业退休的", "nlu_fallback", ACTION_FALLBACK)
    assert text.startswith("【企业养老保险待遇终止】\n申请材料")


def test_a_person_asked_for_is_a_handoff_whatever_the_intent(convo):
    text = convo.say("能不能让工作人员直接跟我说", "ask_conditions")  # not 事业单位工作人员申诉
    assert "0312-7318400" in text and not text.startswith("【")
    text = convo.say("事业单位工作人员申诉要什么条件", "ask_conditions")  # the guide's name is not a handoff
    assert text.startswith("【事业单位工作人员申诉、再申诉办理（申诉）】")


def test_an_unsure_out_of_scope_question_is_not_offered_full_text_guesses(convo):
    text = convo.say("孩子上小学怎么报名", "out_of_scope", ACTION_FALLBACK, confidence=0.5)
    assert "可能是以下事项" not in text and "0312-7318400" in text
    text = convo.say("养老保险怎么办", "out_of_scope", ACTION_FALLBACK, confidence=0.5)
    assert "可能是以下事项" in text  # named, if not one item: asked which


def test_a_correction_after_a_list_picks_from_it(convo):
    text = convo.say("我的失业保险想从外省转到涞源来网上能办吗", "ask_channels")
    assert "企业职工基本养老保险关系转移接续申请" in text  # offered beside the 失业保险 one
    text = convo.say("说错了，是养老保险的", "correct_item", ACTION_INFORM_ITEM)
    assert text.startswith("【企业职工基本养老保险关系转移接续申请】\n服务渠道")


def test_a_correction_between_twins_answers_the_other_twin(convo):
    convo.say("电子社保卡密码怎么重置", "ask_overview")
    text = convo.say("不对，我说的是实体卡的密码", "correct_item", ACTION_INFORM_ITEM)
    assert text.startswith("【社会保障卡密码修改与重置】")


def test_field_without_item_or_context_gives_common_answer(convo):
    text = convo.say("你们几点上班", "ask_hours")
    assert text.startswith("大多数事项")
    assert "星期一至星期五" in text
    text = convo.say("办事大厅在哪", "ask_location")
    assert "涞源县广平大街2号" in text and "以下事项不同" in text


def test_materials_without_item_asks_back(convo):
    text = convo.say("要带什么材料", "ask_materials")
    assert "请问您想了解哪个事项" in text


def test_unknown_item_is_honest_with_consult_phone(convo):
    convo.say("失业登记要带什么", "ask_materials")
    text = convo.say("护照在哪里办", "ask_location")
    assert "无法回答" in text and "0312-7318400" in text
    assert "【" not in text
    text = convo.say("今天天气怎么样", "out_of_scope", ACTION_FALLBACK)
    assert "0312-7318400" in text and "【" not in text


def test_handoff_gives_phone_and_hours(convo):
    text = convo.say("转人工", "handoff", ACTION_HANDOFF)
    assert "0312-7318400" in text and "星期一至星期五" in text


def test_a_switch_taken_for_a_handoff_is_a_switch(convo):
    convo.say("城乡居民养老保险参保登记要多久", "ask_time_limit")
    text = convo.say("那灵活就业的呢", "handoff", ACTION_HANDOFF)
    assert text.startswith("【灵活就业人员养老保险参保登记】\n办结时限")
    assert convo.say("那人工的呢", "handoff", ACTION_HANDOFF).startswith("需要人工服务")


def test_browse_pages_and_selects(convo):
    text = convo.say("社保卡相关业务", "browse", ACTION_BROWSE)
    assert "社会保障卡类事项（共 11 项" in text
    text = convo.say("更多", "more", ACTION_BROWSE_MORE)
    assert "第 9–11 项" in text
    text = convo.say("第一个", "choose", ACTION_CHOOSE)
    assert text.startswith("【社会保障卡（社会保障功能）挂失与解挂】") or text.startswith("【")


def test_keyword_browse(convo):
    text = convo.say("有哪些补贴", "browse", ACTION_BROWSE)
    assert "与“补贴”相关的事项" in text and "创业补贴申领" in text


def test_button_payload_entity_wins(convo, sqlite_repo):
    guide = sqlite_repo.by_name("工伤认定申请")
    text = convo.say(f'/ask_fees{{"guide_id": "{guide.id}"}}', "ask_fees", entities=[{"entity": "guide_id", "value": guide.id}])
    assert text.startswith("【工伤认定申请】\n收费依据及标准")


def test_knowledge_base_down_still_answers(sqlite_kb, tmp_path):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.actions import ActionAnswer
    from tests.actions.conftest import make_tracker

    def broken():
        raise ConnectionError("database is down")

    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswer(provider=broken).run(dispatcher, make_tracker("失业金要什么材料", "ask_materials", {}), {}))
    assert "0312-7318400" in dispatcher.messages[0]["text"]


def test_follow_up_with_generic_words_stays_on_item(convo):
    convo.say("劳务派遣经营许可要什么材料", "ask_materials")
    assert convo.say("办下来要多久", "ask_time_limit").startswith("【劳务派遣经营许可】\n办结时限")
    assert convo.say("在哪个地方办啊", "ask_location").startswith("【劳务派遣经营许可】\n办事机构及地点")


def test_fragment_switch_reads_against_context(convo):
    convo.say("工伤保险定期待遇暂停申请要什么材料", "ask_materials")
    assert convo.say("补发呢", "inform_item", ACTION_INFORM_ITEM).startswith("【工伤保险定期待遇补发申请】\n申请材料")


def test_vague_question_after_another_item_is_clarified(convo):
    convo.say("失业金要带什么材料", "ask_materials")
    text = convo.say("养老保险怎么办", "ask_overview")
    assert "可能是以下事项" in text


def test_out_of_scope_intent_still_answers_a_named_item(convo):
    text = convo.say("失业保险金申领要什么材料", "out_of_scope", ACTION_FALLBACK)
    assert text.startswith("【失业保险金申领】\n申请材料")
    text = convo.say("电动车上牌去哪里办", "out_of_scope", ACTION_FALLBACK)
    assert "无法回答" in text and "【" not in text
    # an almost certain, clear link is answered too, though the guide's name is not written out
    text = convo.say("事业单位辞职了，机关养老保险关系还没转出去怎么办", "out_of_scope", ACTION_FALLBACK)
    assert text.startswith("【机关事业单位养老保险关系转出申请】")
    # …and so is one names and full text agree on at the very top
    text = convo.say("我是企业职工，发现自己养老保险的参保时间录错了，要怎么更正", "out_of_scope", ACTION_FALLBACK)
    assert text.startswith("【企业养老保险个人参保信息维护申请】")
    text = convo.say("火车票怎么退票改签", "out_of_scope", ACTION_FALLBACK)  # agreed, but far from certain
    assert "无法回答" in text and "【" not in text


def test_a_whole_question_taken_for_a_pick_or_for_more_is_answered(convo):
    text = convo.say("我爸到了退休年龄，企业养老延长缴费以后还是不够十五年，想一次性趸缴，要带什么", "choose", ACTION_CHOOSE)
    assert text.startswith("【企业养老保险趸缴申报】")
    text = convo.say("继续教育基地申报要什么条件", "more", ACTION_BROWSE_MORE)  # 继续 is not "more"
    assert "可能是以下事项" in text  # 省级 or 国家级: asked back as a question about items
    assert convo.say("还有吗", "more", ACTION_BROWSE_MORE) == "已经是最后一页了。"


def test_materials_mentioned_as_context_do_not_decide_the_field(convo):
    convo.say("创业补贴要什么材料", "ask_materials")
    text = convo.say("今天交材料什么时候能办好", "ask_materials")  # the classifier's guess
    assert text.startswith("【创业补贴申领】\n办结时限")


def test_switch_classified_as_overview_keeps_the_field(convo):
    convo.say("个人申请创业担保贷款需要什么条件", "ask_conditions")
    text = convo.say("那小微企业的呢", "ask_overview")
    assert text.startswith("【小微企业申请创业担保贷款】\n受理条件")


def test_switch_the_classifier_was_unsure_about_keeps_the_field(convo):
    convo.say("个人申请创业担保贷款需要什么条件", "ask_conditions")
    text = convo.say("那小微企业的呢", "nlu_fallback", ACTION_FALLBACK)
    assert text.startswith("【小微企业申请创业担保贷款】\n受理条件")


def test_switch_keeps_what_the_mention_does_not_replace(convo):
    convo.say("企业社会保险登记多久能办好", "ask_time_limit")
    assert convo.say("那机关事业单位的呢", "inform_item", ACTION_INFORM_ITEM).startswith("【机关事业单位社会保险登记】\n办结时限")
    convo.say("实体社保卡应用状态怎么查", "ask_overview")
    text = convo.say("电子社保卡的呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【电子社会保障卡应用状态查询（含本地、异地）】")


def test_switch_words_are_not_part_of_the_mention(convo):
    convo.say("企转机养老保险互转要多长时间", "ask_time_limit")
    text = convo.say("反过来机转企呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【机关事业单位基本养老保险与企业职工基本养老保险互转申请（机转企）】\n办结时限")


@pytest.mark.parametrize(("intent", "action"), [("ask_overview", ACTION_ANSWER), ("nlu_fallback", ACTION_FALLBACK),
                                                ("out_of_scope", ACTION_FALLBACK)])
def test_a_switch_said_first_keeps_the_field(convo, intent, action):
    convo.say("企转机养老保险互转要多长时间", "ask_time_limit")
    text = convo.say("那反过来呢，机关单位的转到企业去", intent, action)  # no question word after the switch
    assert text.startswith("【机关事业单位基本养老保险与企业职工基本养老保险互转申请（机转企）】\n办结时限")


def test_unclear_turn_picks_from_the_list_just_shown(convo):
    convo.say("有哪些补贴", "browse", ACTION_BROWSE)
    text = convo.say("就是创业那个", "nlu_fallback", ACTION_FALLBACK)
    assert text.startswith("【创业补贴申领】")


def test_unclear_field_question_stays_on_the_item_in_context(convo):
    convo.say("居民养老保险不够十五年能补缴吗", "ask_conditions")
    text = convo.say("在哪补", "nlu_fallback", ACTION_FALLBACK)
    assert text.startswith("【居民养老保险补缴申请】\n办事机构及地点")


def test_other_departments_business_is_not_answered_from_a_weak_match(convo):
    for question in ("住房公积金怎么提取出来", "医保报销要什么材料", "补办身份证去哪"):
        text = convo.say(question, "ask_overview")
        assert "无法回答" in text and "0312-7318400" in text and "【" not in text, question
    # a strong link on the topic's own words (医疗 of 合作医疗) is no reason to answer, whatever the intent
    for intent, action in (("ask_summary", ACTION_ANSWER), ("out_of_scope", ACTION_FALLBACK)):
        text = convo.say("农村合作医疗报销比例是多少", intent, action)
        assert "无法回答" in text and "【" not in text, intent
    # a guide named outright is still answered, whatever else the question mentions
    assert convo.say("失业保险金申领要什么材料，要带户口本吗", "ask_materials").startswith("【失业保险金申领】")


def test_likely_item_is_answered_with_the_alternatives_beside_it(convo, assistant):
    # name evidence and full text agree on a top candidate that leads, but not by much
    question = "工伤参保信息改错要啥"
    result = assistant.linker.link(question)
    assert result.leaning and not result.confident
    text = convo.say(question, "ask_materials")
    first, *others = [c.guide.name for c in result.plausible]
    assert text.startswith(f"【{first}】") and "如果您问的不是这个事项，可能是：2. " + others[0] in text
    assert [b["title"] for b in convo.buttons[: len(others)]] == [f"{n}. {name}" for n, name in enumerate(others, 2)]
    # "第二个" picks the first alternative, as numbered
    assert convo.say("第二个", "choose", ACTION_CHOOSE).startswith(f"【{others[0]}】")


def test_a_name_written_out_in_full_is_answered_without_asking(assistant):
    name = "企业职工基本养老保险与城乡居民基本养老保险制度衔接申请（城转乡）"
    result = assistant.linker.link(f"{name}需要什么材料")
    assert result.confident and result.best.guide.name == name


def test_a_mention_inside_both_top_names_is_clarified(convo):
    text = convo.say("灵活就业的材料", "ask_materials")
    assert "可能是以下事项" in text and "【" not in text


def test_field_question_while_a_choice_is_pending_asks_again_for_that_field(convo):
    text = convo.say("灵活就业的材料", "ask_materials")
    offered = convo.slots["candidate_ids"]
    text = convo.say("在哪办", "ask_location")
    assert text.startswith("您问的办事机构及地点可能是以下事项") and convo.slots["candidate_ids"] == offered
    assert convo.say("第一个", "choose", ACTION_CHOOSE).startswith(f"【{convo.assistant.linker.guide(offered[0]).name}】\n办事机构及地点")


def test_switch_reads_what_the_mention_adds_to_the_previous_name(convo):
    convo.say("劳动能力复查鉴定申请收费吗", "ask_fees")
    text = convo.say("再次鉴定呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【劳动能力再次鉴定申请】\n收费依据及标准")
    convo.say("高校毕业生社保补贴申领要什么材料", "ask_materials")
    text = convo.say("那灵活就业人员的呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【灵活就业人员社会保险补贴申领】\n申请材料")


def test_item_named_in_part_is_picked_from_the_list_just_shown(convo):
    convo.say("养老保险待遇补发申请", "inform_item", ACTION_INFORM_ITEM)
    offered = [convo.assistant.linker.guide(i).name for i in convo.slots["candidate_ids"]]
    assert "城乡居民养老保险待遇补发申请" in offered
    text = convo.say("农村的那种城乡居民养老", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【城乡居民养老保险待遇补发申请】")


def test_generic_words_while_a_choice_is_pending_ask_again(convo):
    convo.say("灵活就业的材料", "ask_materials")
    text = convo.say("在哪个地方办啊", "ask_location")
    assert text.startswith("您问的办事机构及地点可能是以下事项")


def test_follow_up_naming_nothing_new_stays_on_the_item(convo):
    convo.say("创业补贴申领要什么材料", "ask_materials")
    assert convo.say("能补多少钱", "ask_summary").startswith("【创业补贴申领】\n事项简述")


def test_small_talk_gets_the_domain_response(convo):
    for text, intent in (("谢谢", "thanks"), ("早上好", "greet"), ("你是机器人吗", "bot_identity"), ("好的再见", "goodbye")):
        convo.say(text, intent, ACTION_SMALL_TALK)
        assert [m["response"] for m in convo.last] == [f"utter_{intent}"], text


def test_a_question_taken_for_small_talk_is_answered(convo):
    text = convo.say("社保卡丢了，先挂失，在哪挂", "goodbye", ACTION_SMALL_TALK)
    assert text.startswith("【社会保障卡（社会保障功能）挂失与解挂】\n办事机构及地点")


def test_a_side_remark_about_another_department_does_not_block_a_certain_link(convo):
    text = convo.say("我四十多岁下岗了一直找不到活，家里还是低保户，能认定成就业困难人员吗", "nlu_fallback", ACTION_FALLBACK)
    assert text.startswith("【就业困难人员认定】\n受理条件")
    text = convo.say("城乡居民养老保险参保登记要带户口本吗", "ask_materials")
    assert text.startswith("【城乡居民养老保险参保登记】\n申请材料")


def test_a_confident_answer_that_is_not_sure_shows_the_other_candidates(convo, assistant):
    question = "找工作要带什么"
    result = assistant.linker.link(question)
    assert result.confident and not result.sure
    text = convo.say(question, "ask_materials")
    assert text.startswith(f"【{result.best.guide.name}】\n申请材料")
    assert f"可能是：2. {result.plausible[1].guide.name}" in text
    # a sure answer shows none
    assert "如果您问的不是这个事项" not in convo.say("失业保险金申领要什么材料", "ask_materials")


def test_switch_ignores_words_no_guide_name_contains(convo):
    convo.say("劳动人事争议仲裁申请要什么条件", "ask_conditions")
    text = convo.say("能不能先调解，调解要什么材料", "ask_materials")
    assert text.startswith("【劳动人事争议调解申请】\n申请材料")


def test_a_question_without_time_words_taken_for_an_hours_question_is_answered_as_asked(convo):
    text = convo.say("老伤又复发了，还能按工伤治吗", "ask_open_now", ACTION_OPEN_NOW)
    assert text.startswith("【工伤复发治疗申请】\n受理条件")


def test_a_question_taken_for_a_correction_says_which_field(convo):
    convo.say("企业社会保险登记要什么材料", "ask_materials")
    text = convo.say("我是事业单位职工，对单位给我的处分不服，能申诉吗", "correct_item", ACTION_INFORM_ITEM)
    assert text.startswith("【事业单位工作人员申诉、再申诉办理（申诉）】\n受理条件")
    text = convo.say("那再申诉呢", "inform_item", ACTION_INFORM_ITEM)  # a switch keeps the field
    assert text.startswith("【事业单位工作人员申诉、再申诉办理（再申诉）】\n受理条件")


def test_how_much_a_benefit_pays_is_its_summary(convo):
    text = convo.say("创业补贴一次能给多少钱", "ask_fees")
    assert text.startswith("【创业补贴申领】\n事项简述")


def test_a_pick_from_the_list_is_understood_whatever_it_was_classified_as(convo, sqlite_repo):
    offered = ["企业养老保险待遇补发申请", "机关事业养老保险待遇补发申请", "城乡居民养老保险待遇补发申请"]
    convo.slots["candidate_ids"] = [sqlite_repo.by_name(name).id for name in offered]
    text = convo.say("农村的那种城乡居民养老", "ask_complaint")  # a misread intent, no item in context
    assert text.startswith("【城乡居民养老保险待遇补发申请】")


def test_asking_whether_one_item_exists_answers_it_not_a_list(convo):
    text = convo.say("我留学回国想创业，有没有启动支持计划可以申报", "browse", ACTION_BROWSE)
    assert text.startswith("【中国留学人员回国创业启动支持计划申报】")
    text = convo.say("有没有补贴", "browse", ACTION_BROWSE)  # nothing named in particular: a list
    assert "相关的事项" in text and not text.startswith("【")


def test_a_switch_or_correction_taken_for_a_field_question_keeps_the_field_asked_before(convo):
    convo.say("工伤医疗费用申报要什么材料", "ask_materials")
    text = convo.say("那住院伙食费呢", "ask_summary")  # the classifier's field, but nothing asks it
    assert text.startswith("【住院伙食补助费申领】\n申请材料")
    text = convo.say("不是不是，我说的是工伤康复", "ask_summary")
    assert text.startswith("【工伤康复申请】\n申请材料")


def test_a_document_of_the_item_in_context_is_asked_about_that_item(convo, sqlite_repo):
    convo.say("人员调配审批要什么材料", "ask_materials")
    assert "档案" in sqlite_repo.by_name("人员调配审批").field(Field.MATERIALS)
    text = convo.say("档案也得一起交吗", "ask_conditions")  # not a question about 档案转递
    assert text.startswith("【人员调配审批】\n申请材料")
    text = convo.say("人事档案也得一起交吗", "ask_materials")  # a phrase to jieba, a document here
    assert text.startswith("【人员调配审批】\n申请材料")


def test_where_an_online_only_service_is_done_is_answered_with_its_channel(convo):
    text = convo.say("电子社会保障卡申领在哪办", "ask_location")
    assert text.startswith("【电子社会保障卡申领（含本地、异地）】\n服务渠道")
    assert "互联网手机端" in text


def test_follow_ups_whose_words_name_nothing_stay_on_the_item(convo):
    convo.say("工伤保险供养亲属待遇终止申请要带什么？", "ask_materials")
    # stripping question words leaves no thing asked about ("办事的人" is not "事人")
    text = convo.say("办事的人推来推去我要投诉 打哪个电话", "ask_complaint")
    assert text.startswith("【工伤保险供养亲属待遇终止申请】\n监督投诉渠道")
    convo.say("国家级高级研修项目申报要什么材料", "ask_materials")
    assert convo.say("报上去多长时间有结果", "ask_time_limit").startswith("【国家级高级研修项目申报】\n办结时限")


def test_a_fee_or_document_asked_about_the_item_in_context_is_about_that_item(convo):
    convo.say("我们公司想参加毕业生就业市场的招聘会招人，怎么报名？", "ask_overview")
    name = "【用人单位参加毕业生就业市场招聘】"
    assert convo.say("收不收摊位费", "ask_fees").startswith(f"{name}\n收费依据及标准")  # a fee it might charge
    # 营业执照 is another department's business, but a material of this item
    assert convo.say("要交营业执照吗", "ask_materials").startswith(f"{name}\n申请材料")


def test_another_departments_word_the_linked_guide_tells_is_part_of_the_story(convo):
    text = convo.say("我家是低保户，我今年大四马上毕业，听说学校能帮困难学生申请一笔找工作用的补贴，能给多少钱？",
                     "ask_summary")
    assert text.startswith("【求职创业补贴申领】")  # 低保 is one of its conditions


def test_a_switch_while_a_list_is_pending_reads_against_its_first_item(convo):
    text = convo.say("养老待遇终止撤销需要满足什么条件", "ask_conditions")
    assert "可能是以下事项" in text
    text = convo.say("那企业的呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【企业养老保险待遇终止撤销】\n受理条件")


def test_a_question_about_the_assistant_itself_gets_who_it_is(convo):
    convo.say("你们这个系统是干啥的", "ask_summary", confidence=0.57)  # classified as a question
    assert [m["response"] for m in convo.last] == ["utter_bot_identity"]


def test_a_channel_named_in_a_follow_up_is_no_unknown_item(convo):
    convo.say("失业登记要带什么", "ask_materials")
    for question in ("可以去网点办吗", "在微信公众号上能办吗"):
        assert convo.say(question, "ask_channels").startswith("【失业登记】\n服务渠道"), question


def test_a_cue_word_inside_the_items_name_asks_no_field(convo, sqlite_repo):
    guide = sqlite_repo.by_name("工伤预防项目协议机构费用结算")
    text = convo.say("工伤预防项目协议机构费用节算怎么办", "ask_fees")  # 费用 of the name, 结算 mistyped
    assert text.startswith("【工伤预防项目协议机构费用结算】")
    assert convo.slots["field"] is None  # the overview, not the fees
    convo.say("工伤预防项目协议机构费用结算收费吗", "ask_fees")  # a fee cue of its own still asks the fees
    assert convo.slots["field"] == Field.FEES.value
    assert guide is not None


def test_an_unclear_may_i_question_reads_boilerplate_conditions_like_a_clear_one(convo, sqlite_repo):
    guide = sqlite_repo.by_name("单位参保暂停申请")
    assert guide.field(Field.CONDITIONS).startswith("情况属实，材料齐全的。")
    text = convo.say("单位参保暂停申请，厂里停工了能先办吗", "nlu_fallback", ACTION_FALLBACK, confidence=0.3)
    assert text.startswith("【单位参保暂停申请】")
    assert text.index(guide.field(Field.SUMMARY)) < text.index(guide.field(Field.CONDITIONS))


def test_a_bank_card_asked_of_in_a_follow_up_keeps_the_item(convo):
    convo.say("失业保险金怎么申领", "ask_overview")
    assert convo.say("还要带银行卡复印件吗", "ask_materials").startswith("【失业保险金申领】\n申请材料")


def test_the_amount_of_a_benefit_asked_before_the_item_is_known_waits_for_its_summary(convo):
    text = convo.say("我们小公司招了个毕业半年的大学生，签了一年合同交了社保，一次性能补贴多少钱", "ask_fees")
    assert text.startswith("您问的事项简述可能是以下事项")
    assert "\n事项简述" in convo.say("第一个", "choose", ACTION_CHOOSE)
