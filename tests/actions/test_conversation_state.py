"""Every turn is read against what was said before (bot/actions/resolver.py), one test per pattern.

The sentences are written for these tests; none is taken from an evaluation set.
"""

from bot.actions.constants import (
    ACTION_ANSWER,
    ACTION_FALLBACK,
    ACTION_INFORM_ITEM,
    ACTION_SITUATION,
    ACTION_SMALL_TALK,
)
from bot.actions.corrections import corrected_readings
from bot.actions.dialogue import Turn
from bot.actions.resolver import _after_done


def head(text: str) -> str:
    """The item and field line of an answer: "【name】\\nlabel"."""
    return "\n".join(text.splitlines()[:2])


def test_a_statement_after_a_list_tells_which_item_and_keeps_the_field(convo):
    text = convo.say("养老保险待遇终止要带什么材料", "ask_materials")
    assert "可能是以下事项" in text and convo.slots["candidate_ids"]
    text = convo.say("他在乡政府上班，是公务员", "inform_situation", ACTION_SITUATION)
    assert head(text) == "【机关事业单位养老保险待遇终止】\n申请材料："


def test_a_scheme_told_after_an_answer_moves_to_the_same_service_of_that_scheme(convo):
    assert convo.say("养老保险缴费记录少了一年，咋改过来", "ask_overview").startswith("【企业养老保险个人参保信息维护申请】")
    text = convo.say("她是村里种地的，每年交几百块钱那种", "inform_situation", ACTION_SITUATION)
    assert text.startswith("【城乡居民养老保险个人参保信息维护申请】")  # not another service of that scheme


def test_a_first_question_that_tells_its_scheme_gets_that_schemes_step(convo):
    assert convo.say("俺是种地的，养老金停了咋恢复", "ask_overview").startswith("【城乡居民养老保险待遇恢复申请】")
    assert convo.say("我在乡政府上班，养老金停了咋恢复", "ask_overview").startswith("【机关事业养老保险待遇恢复申请】")
    # no step of a benefit: the item linked stays (打零工 is 灵活就业, whatever 没单位 says of a scheme)
    assert convo.say("平时打零工没单位，想自己交养老保险在哪登记", "ask_location").startswith("【灵活就业人员养老保险参保登记】")


def test_a_qualifier_after_an_answer_moves_to_the_variant_it_names(convo):
    assert convo.say("养老金停发了要办什么手续", "ask_materials").startswith("【暂停养老保险待遇申请】")
    text = convo.say("他是在县医院上班的", "ask_overview")
    assert text.startswith("【机关事业养老保险待遇暂停申请】")


def test_a_step_said_in_place_of_the_focus_items_keeps_the_field(convo):
    convo.say("职业年金转出申请要多久", "ask_time_limit")
    assert head(convo.say("转入那头呢", "inform_item", ACTION_INFORM_ITEM)) == "【职业年金转入申请】\n办结时限："


def test_a_switch_naming_several_items_alike_takes_the_one_nearest_the_focus(convo):
    convo.say("失业金怎么领", "ask_overview")
    text = convo.say("那丧葬补助金呢", "inform_item", ACTION_INFORM_ITEM)
    assert text.startswith("【失业人员丧葬补助金和抚恤金申领】")  # not the 企业 one, nor a list


def test_another_scheme_said_switches_to_that_schemes_variant(convo):
    convo.say("城乡居民养老保险待遇补发申请要带什么", "ask_materials")
    text = convo.say("我舅舅是厂里退休的，他的补发要拿啥", "ask_materials")
    assert head(text) == "【企业养老保险待遇补发申请】\n申请材料："


def test_the_next_step_after_one_said_done_is_another_item(convo):
    convo.say("工伤认定申请要什么材料", "ask_materials")
    assert convo.say("认定下来以后，评残咋弄", "ask_overview").startswith("【劳动能力鉴定申请】")


def test_a_next_step_asked_with_no_field_word_answers_the_whole_item(convo):
    convo.say("失业登记要带什么", "ask_materials")  # the field of the step before is not carried over
    assert head(convo.say("登记完了以后，失业金那块呢", "ask_materials")).startswith("【失业保险金申领】\n■")


def test_a_statement_that_says_a_step_is_done_is_a_next_step_not_more_about_the_focus(convo):
    convo.say("失业登记要带什么", "ask_materials")
    assert convo.say("登记办完了，接着领失业金", "ask_materials").startswith("【失业保险金申领】")


def test_the_same_step_for_another_case_is_not_the_next_step(convo):
    convo.say("病退核准要带什么材料", "ask_materials")  # …核准（因病或非工伤）
    text = convo.say("核准批了以后，养老金咋申领", "ask_overview")
    assert text.startswith("【职工提前退休（退职）申请】")  # not its twin …核准（特殊工种）


def test_a_twin_whose_qualifier_is_said_after_a_step_done_is_the_next_step():
    from bot.actions.resolver import _qualifier_said, _twins

    assert _twins("企业退休人员社会化管理服务（社区变更）", "企业退休人员社会化管理服务（社区登记）")
    assert _qualifier_said("企业退休人员社会化管理服务（社区变更）", "企业退休人员社会化管理服务（社区登记）", "登记完了以后，社区要变更咋办")


def test_words_that_name_no_other_item_stay_on_the_item_in_focus(convo):
    item = "【社会保障卡补领、换领、换发（含本地、异地）】"
    assert convo.say("社会保障卡补领要带什么", "ask_materials").startswith(item)
    assert head(convo.say("大厅在几楼", "ask_location")) == f"{item}\n办事机构及地点："
    # someone else doing it: where the guide says what a proxy brings, only what applies to a proxy
    assert head(convo.say("让我闺女替我跑一趟行不行", "ask_conditions")) == f"{item}\n申请材料：（他人代办适用，摘自办事指南）"


def test_a_thing_the_focus_items_guide_names_in_its_own_words_names_no_other_item(convo):
    convo.say("企业退休职工去世了，丧葬补助金怎么领", "ask_overview")
    text = convo.say("老人那张社保卡早就不能用了，我们去办要准备啥", "ask_materials")  # the guide writes 社会保障卡
    assert text.startswith("【丧葬补助金、抚恤金申领】")


def test_a_situation_stated_with_the_question_lists_only_what_applies(convo):
    text = convo.say("我是退役军人，办创业补贴要带什么", "ask_materials")
    assert text.startswith("【创业补贴申领】\n申请材料：（退役军人适用") or "退役军人" not in text.split("\n")[1]
    convo.say("创业补贴申领要什么材料", "ask_materials")
    assert convo.say("我是高校毕业生", "nlu_fallback", ACTION_FALLBACK, confidence=0.3).startswith(
        "【创业补贴申领】\n申请材料：（高校毕业生适用")


def test_going_back_to_the_first_item_of_the_conversation(convo):
    convo.say("失业保险金申领要什么材料", "ask_materials")
    convo.say("创业补贴申领在哪办", "ask_location")
    assert head(convo.say("回到刚才第一个，要多久", "ask_time_limit")) == "【失业保险金申领】\n办结时限："
    assert convo.slots["recent_ids"][-1] == convo.slots["guide_id"]


def test_a_correction_names_the_right_word_and_keeps_the_field(convo):
    convo.say("暂停养老保险待遇申请要什么材料", "ask_materials")
    text = convo.say("我说的是恢复，不是暂停", "correct_item", ACTION_INFORM_ITEM)
    assert head(text) == "【恢复养老保险待遇申请】\n申请材料："


def test_another_departments_business_in_passing_keeps_the_focus(convo):
    convo.say("失业保险金申领要什么材料", "ask_materials")
    text = convo.say("顺便问一句公积金怎么提", "out_of_scope", ACTION_FALLBACK)
    assert "住房公积金管理中心" in text and "0312-7318400" in text and not text.startswith("【")
    assert head(convo.say("那要多久", "ask_time_limit")) == "【失业保险金申领】\n办结时限："


def test_small_talk_stays_small_talk_while_an_item_is_in_focus(convo):
    convo.say("失业保险金申领要什么材料", "ask_materials")
    assert not convo.say("你是机器人吗", "bot_identity", ACTION_SMALL_TALK).startswith("【")
    assert convo.slots["guide_id"] == convo.assistant.repo.by_name("失业保险金申领").id


def test_an_item_named_outright_is_a_new_question_not_a_follow_up(convo):
    convo.say("失业保险金申领要什么材料", "ask_materials")
    assert convo.say("就业登记在哪办", "ask_location").startswith("【就业登记】")
    assert "可能是以下事项" in convo.say("养老保险怎么办", "ask_overview", ACTION_ANSWER)


def test_what_follows_a_step_said_done():
    assert _after_done("认定完了 伤残等级咋评") == " 伤残等级咋评"
    assert _after_done("办完了") is None  # nothing follows
    assert _after_done("要带什么材料") is None


def test_a_correction_is_read_in_the_last_question_and_in_the_item_name():
    readings = corrected_readings("是鉴定的鉴，不是见习的见", "职业技能见定补贴怎么申请", "")
    assert readings == ["职业技能鉴定补贴怎么申请"]
    assert corrected_readings("不是换领，是补领", "社保卡换领要带啥", "x")[0] == "社保卡补领要带啥"


def test_the_state_survives_in_slots(convo):
    convo.say("失业保险金申领要什么材料", "ask_materials")
    assert convo.slots["asked_text"] == "失业保险金申领要什么材料"
    turn = Turn(text="那在哪办", guide_id=convo.slots["guide_id"], recent_ids=tuple(convo.slots["recent_ids"]),
                asked_text=convo.slots["asked_text"])
    reading = convo.assistant.resolver.read(turn)
    assert reading is not None and reading.step == "follow_up" and reading.guide_id == turn.guide_id


def test_a_guess_put_for_confirmation_is_a_question_not_a_reply(convo):
    convo.say("失业保险金申领要多久", "ask_time_limit")
    text = convo.say("户口本丢了是去派出所补吧", "out_of_scope")  # …吧: asks whether another office does it
    assert "公安部门" in text and not text.startswith("【")
    assert convo.slots["guide_id"]  # the focus stays for the next turn


def test_a_switch_that_says_a_scheme_takes_the_focus_items_variant_of_that_scheme(convo):
    convo.say("机关事业养老保险待遇补发申请要带什么", "ask_materials")
    assert convo.say("那工厂退休的呢", "inform_item", ACTION_INFORM_ITEM).startswith("【企业养老保险待遇补发申请】")
    convo.say("城乡居民养老保险待遇零星调整申请多久办完", "ask_time_limit")
    text = convo.say("那在厂里退休的呢", "inform_item", ACTION_INFORM_ITEM)
    assert head(text) == "【企业退休人员养老金零星调整申请】\n办结时限："  # 养老 as the focus, not 工伤's


def test_a_switch_read_in_context_as_the_focus_again_takes_the_item_it_names(convo):
    convo.say("企业年金方案备案要多久", "ask_time_limit")
    assert convo.say("那年金合同呢", "inform_item", ACTION_INFORM_ITEM).startswith("【年金基金管理合同备案】")
    convo.say("企业工资集体协议审查在哪办", "ask_location")
    assert convo.say("那要是集体合同呢", "inform_item", ACTION_INFORM_ITEM).startswith("【集体合同审查】")


def test_a_next_step_named_in_its_own_words_needs_no_process_prior(convo):
    convo.say("事业单位岗位设置方案备案去哪办", "ask_location")
    text = convo.say("方案备完了，下面公开招聘的工作方案报备咋弄", "ask_overview")
    assert text.startswith("【事业单位公开招聘工作方案、招聘信息审核备案】")  # not 岗位聘用核准, the process's next row


def test_after_a_step_said_done_an_item_whose_name_is_part_of_the_focus_items_is_not_next(convo):
    convo.say("工程建设项目申报变更要多久", "ask_time_limit")
    text = convo.say("变更报完了，农民工工资保证金存多少咋核定", "ask_overview")
    assert text.startswith("【农民工工资保证金存储核定】")  # not 工程建设项目申报, which adds no word


def test_a_step_that_did_not_work_out_is_followed_by_the_next_step(convo):
    convo.say("劳动人事争议调解申请在哪递", "ask_location")
    assert convo.say("没谈拢咋办 能仲裁吗", "ask_overview").startswith("【劳动人事争议仲裁申请】")


def test_a_conclusion_not_accepted_is_followed_by_its_reassessment(convo):
    convo.say("工伤康复可能性确认多久出结论", "ask_time_limit")  # data/process_steps.yml: 确认 → 再次鉴定
    assert convo.say("结论俺不认可，再鉴定咋申请", "ask_overview").startswith("【全省工伤职工康复可能性再次鉴定申请】")


def test_after_a_step_said_done_the_step_before_it_is_not_the_next_one(convo):
    convo.say("我爸养老金停发了，想恢复，怎么办", "ask_overview")  # 恢复养老保险待遇申请
    text = convo.say("恢复以后，停发那几个月的钱能补吗", "ask_summary")
    assert not text.startswith(("【暂停", "【失业"))  # 暂停 came before 恢复; 失业… is another insurance


def test_words_of_place_with_no_field_asked_ask_the_address_of_the_item_in_focus(convo):
    convo.say("企业年金方案备案要多久", "ask_time_limit")
    assert head(convo.say("去你们人社局咋走", "ask_overview")) == "【企业年金方案备案】\n办事机构及地点："


def test_another_insurance_said_in_place_of_the_focus_items_keeps_the_service(convo):
    assert convo.say("失业保险关系从外地转回来咋办", "ask_overview").startswith("【失业保险关系转移接续】")
    text = convo.say("那养老保险呢", "ask_overview")
    assert text.startswith("【企业职工基本养老保险关系转移接续申请】"), text  # the plain scheme is 企业's


def test_words_only_another_items_full_text_has_name_no_other_item(convo):
    assert convo.say("失业保险的缴费月数记少了，怎么更正", "ask_overview").startswith("【失业保险个人参保信息维护申请】")
    text = convo.say("人在省城干活回不来，叫俺哥去办中不", "ask_conditions")
    assert text.startswith("【失业保险个人参保信息维护申请】"), text


def test_who_files_said_in_place_of_the_focus_items_names_the_twin_service(convo):
    assert convo.say("单位参保证明要带什么材料", "ask_materials").startswith("【单位参保证明查询打印】\n申请材料")
    text = convo.say("那职工个人的呢", "ask_materials")
    assert text.startswith("【个人参保证明查询打印】\n申请材料"), text


def test_asking_only_what_comes_next_lists_what_may_follow_without_guessing(convo):
    assert convo.say("企业年金方案备案要交什么材料", "ask_materials").startswith("【企业年金方案备案】")
    text = convo.say("方案都备完了，接下来咋办", "ask_overview")
    assert text.startswith("办事指南里没有写明“企业年金方案备案”办完以后") and "可能是以下事项" in text, text
    assert convo.slots["candidate_ids"] and convo.slots["guide_id"]  # a list to pick from; the focus stays
    assert "■ 事项简述" in convo.say("2", "choose", "action_choose")  # a step picked: the whole guide


def test_a_correction_that_insists_on_the_item_understood_keeps_it(convo):
    assert convo.say("失业金算错了，想撤销重新核，要带什么", "ask_materials").startswith("【失业保险待遇撤销】")
    text = convo.say("不是暂停，我说的是撤销，算错了要撤了重来", "correct_item")
    assert text.startswith("【失业保险待遇撤销】"), text


def test_a_correction_of_the_users_own_facts_names_no_other_item(convo):
    assert convo.say("稳岗返还要啥条件", "ask_conditions").startswith("【稳岗返还（稳岗补贴）申领】")
    text = convo.say("不对 俺说岔了 公司统共二十五个人 去年辞了四个 这还能申请不", "correct_item")
    assert text.startswith("【稳岗返还（稳岗补贴）申领】"), text


def test_a_mark_only_an_earlier_item_has_goes_back_to_it(convo):
    assert convo.say("国家级高级研修项目申报要啥材料", "ask_materials").startswith("【国家级高级研修项目申报】")
    assert convo.say("省级市级高级研修项目申报几天能办完", "ask_time_limit").startswith("【省级市级高级研修项目申报】")
    text = convo.say("国家级那个收费不", "ask_fees")
    assert text.startswith("【国家级高级研修项目申报】\n收费依据及标准"), text


def test_another_departments_word_in_the_users_story_is_no_aside(convo):
    assert convo.say("中级经济师报考要啥条件", "ask_conditions").startswith("【经济专业技术资格（初级、中级、高级）】")
    text = convo.say("俺在厂里管了八年会计了，能报高级吗", "ask_conditions")
    assert text.startswith("【经济专业技术资格（初级、中级、高级）】"), text


def test_a_scheme_said_moves_only_to_a_variant_that_does_what_the_focus_item_does(convo):
    assert convo.say("每年的单位年度核定要交哪些材料", "ask_materials").startswith("【单位年度核定申报】")
    text = convo.say("我们单位是事业编制的，另外还得交别的不", "ask_materials")
    assert text.startswith("【单位年度核定申报】")  # not 事业单位年度进人计划审核: no 核定 there
