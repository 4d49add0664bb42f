"""Question words as a second opinion on the field asked."""

import pytest

from bot.actions.field_cues import (
    addressed_field,
    amount_asked,
    asked_field,
    cued_field,
    field_asked,
    field_cues,
    implausible,
    name_masked,
    refined,
    where_done,
    yes_no,
)
from knowledge.fields import Field


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("今天交材料什么时候能办好", Field.TIME_LIMIT),  # materials as context yield to the asked field
        ("办得太慢了想投诉，打哪个电话", Field.COMPLAINT),  # 电话 of a complaint is not the consult phone
        ("证书在哪个网站能下载", Field.CHANNELS),  # 在哪 + 网站 asks for the channel, not an address
        ("批下来的结果是去大厅拿还是网上下载", Field.DELIVERY),  # downloading the result is its delivery…
        ("参保证明能不能在网上直接下载", Field.DELIVERY),  # …not the channel the service is applied through
        ("我下个月满六十，还能接着交吗", Field.CONDITIONS),  # a yes/no "能…吗" asks whether one qualifies
        ("能在网上办吗", Field.CHANNELS),  # …unless other words say what is asked
        ("考务费按科收吗", Field.FEES),  # a fee the guides' 收费依据及标准 names
        ("在哪办", Field.LOCATION),
        ("终止撤销申请在那办", Field.LOCATION),  # 那 for 哪
        ("这个事项是干什么的", None),
        ("咨询工程师考试报名费多少", Field.FEES),  # 咨询 of a name is not a consult question
        ("以前考的职业资格证书在哪能查", Field.LOCATION),  # nor 资格 of 资格证书 a conditions one
        ("哪儿可以领失业金", Field.LOCATION),
        ("工伤医疗费用申报要什么材料", Field.MATERIALS),
        ("我有没有资格申请", Field.CONDITIONS),
        ("去人社局提信访事项周六能去吗", Field.HOURS),  # a day of the week asks for office hours
        ("申报材料要交到哪里去", Field.LOCATION),
        ("奖励备案要交哪些表", Field.MATERIALS),
        ("什么样的单位能申报", Field.CONDITIONS),
        ("需要什么样的材料", Field.MATERIALS),
        ("上下班路上出车祸申请工伤认定要交什么证明", Field.MATERIALS),  # 上下班 is the story, not office hours
        ("社保登记里的联系电话要改，是不是当场就能改好", Field.TIME_LIMIT),  # a phone number to change
        ("工龄认定要提供啥", Field.MATERIALS),
        ("劳动能力再次鉴定费多少", Field.FEES),
        ("单位错缴职业年金退费要啥", Field.MATERIALS),
        ("报人社审查有时间限制吗", Field.TIME_LIMIT),  # not office hours
        ("权益记录手机能打吗", Field.CHANNELS),
        ("哪些情况要暂停", Field.CONDITIONS),
        ("发票要交吗，还要什么", Field.MATERIALS),
        ("一造现场确认周几能去", Field.HOURS),  # 周几 like 周六
        ("评中级职称评审费交多少", Field.FEES),  # what a fee costs
        ("协调要申请书吗", Field.MATERIALS),  # whether a document is needed
        ("推荐函是必须的吗", Field.MATERIALS),  # …or required
        ("推荐函是必须要的吗", Field.MATERIALS),
        ("原件一定要吗，复印件行不行", Field.MATERIALS),
        ("他没有银行卡，待遇能不能让我代领，要怎么弄", None),  # how to do it: the whole guide
        ("社保卡里登记的地址要改一下咋弄", None),  # an address to change, not where to go…
        ("地址变了去哪改", Field.LOCATION),  # …unless asked
        ("价格临时补贴能不能在自助柜员机上办", Field.CHANNELS),  # any self-service machine
        ("我想咨询一下就业政策法规 那个收不收钱", Field.FEES),  # 咨询 opens and names, 收不收钱 asks
        ("企业退休条件认定 结果怎么拿", Field.DELIVERY),  # 条件 of the name
        ("求职登记线下什么时间能去办", Field.HOURS),
        ("培训机构乱收钱要上哪投诉", Field.COMPLAINT),  # the complaint is asked, the fee told
        ("灵活就业参保登记结果能自助打印吗", Field.DELIVERY),  # the result's delivery, not the channel
        ("备案办完了结果网上能下吗", Field.DELIVERY),  # 下 for 下载…
        ("材料交了很久没人审，想投述该打哪个电话", Field.COMPLAINT),  # 投述: 投诉 misspelt
        ("想弄个电子社保卡，得先有什么才能申请", Field.CONDITIONS),  # a prerequisite
        ("变更以后结果能在网上下栽吗", Field.DELIVERY),  # …or misspelt
        ("把发票和费用清单交上去报销，一般多少天能审完", Field.TIME_LIMIT),  # 费用清单 is a document, not a fee
        ("我父亲前几天去世了，养老金要办待遇终止", None),  # 前几天 tells when, asks nothing
        ("孩子刚出生，想给他办张社保卡需要什么", Field.MATERIALS),  # what is needed, said last
        ("办社保卡需要什么条件", Field.CONDITIONS),
        ("事业单位定岗方案报哪备案", Field.LOCATION),  # where it is handed in…
        ("能报哪个级别的注册计量师考试", None),  # …not which level to sit
        ("劳动合同要签多长时间才够格", Field.CONDITIONS),  # a duration to reach, not how long it takes
        ("在涞源哪个地方交材料", Field.LOCATION),
        ("报完了 结果在哪看", Field.DELIVERY),  # where the result is seen: its delivery, not an address
        ("我们怎么知道县里收到了没有", Field.DELIVERY),
        ("做好了能不能油寄到家里", Field.DELIVERY),  # 油寄 heard for 邮寄; 寄到 says it
        ("线上报名是不是啥时候都行", Field.HOURS),  # at any hour: the 办事时间, not the channel
        ("申诉结果出来了我还是不服，能再申诉吗", Field.CONDITIONS),  # the result is out: the story, not its delivery
        ("想提前出站，最少得在站待满多久", Field.CONDITIONS),  # a duration to reach
        ("每年要做那个资格认正 就是证明还活着那个 怎么弄啊", None),  # 资格 of 资格认证 (misheard): how to do it
        ("干工程咨询5年了，能报考咨询工程师吗", Field.CONDITIONS),  # 工程咨询 is the work done
        ("还在交钱的居民养老保险人出国定居了能注销吗", Field.CONDITIONS),  # 交钱 told, not asked
        ("营业执照也得一起交吗", Field.MATERIALS),  # whether a document is among the materials…
        ("这个要交钱吗", Field.FEES),  # …not money
        ("线下一般什么时候能去", Field.HOURS),  # when to go is office hours…
        ("今天交的什么时候能办好", Field.TIME_LIMIT),  # …when it is done is the time limit
    ],
)
def test_cued_field(text, field):
    assert cued_field(text) is field


def test_asked_materials_outrank_a_weak_conditions_cue():
    assert cued_field("能不能先调解，调解要什么材料") is Field.MATERIALS
    assert cued_field("带着材料去哪办") is Field.LOCATION


def test_going_to_work_is_not_asking_office_hours():
    assert implausible(Field.HOURS, "在外省打工交了几年养老，现在回涞源上班了，怎么转回来")
    assert not implausible(Field.HOURS, "你们现在在上班吗")
    assert not implausible(Field.HOURS, "现在能去办吗")
    assert implausible(Field.CONSULT, "能报考咨询工程师（投资）吗")  # 咨询 of a name


def test_a_closed_vocabulary_field_needs_one_of_its_words():
    from bot.actions.field_cues import implausible

    assert implausible(Field.HOURS, "老伤又复发了，还能按工伤治吗")  # no word of time
    assert not implausible(Field.HOURS, "周六上班吗")
    assert implausible(Field.FEES, "有没有奖补")
    assert not implausible(Field.MATERIALS, "随便什么话")  # an open-vocabulary field is never doubted
    assert implausible(Field.HOURS, "我养老保险的参保时间记录得不对，怎么更正")  # 时间 of a record
    assert not implausible(Field.HOURS, "劳动能力鉴定申请的办是时间")
    assert implausible(Field.DELIVERY, "工程完工了项目上的工伤保险怎么注销")
    assert not implausible(Field.DELIVERY, "结果怎么拿")
    assert implausible(Field.HOURS, "回涞源上班了，养老保险怎么转回来")  # going to work, not office hours
    assert implausible(Field.LOCATION, "工伤职工调到别的单位了，保险关系怎么转")
    assert not implausible(Field.LOCATION, "在那办")


def test_refined_field_for_deadlines_and_remote_verbs():
    from bot.actions.field_cues import refined

    assert refined(Field.TIME_LIMIT, "企业社会保险登记多少天之内要办") is Field.SUMMARY  # the applicant's deadline
    assert refined(Field.TIME_LIMIT, "要多少天能办好") is Field.TIME_LIMIT
    assert refined(Field.TIME_LIMIT, "用工备案要在多长时间内办") is Field.SUMMARY  # a deadline said first
    assert refined(Field.MATERIALS, "新招了两个员工，备案最晚什么时候得办") is Field.SUMMARY  # the latest one may act
    assert refined(Field.TIME_LIMIT, "伤残津贴多长时间得认证一次") is Field.SUMMARY  # how often, which the rules say
    assert refined(None, "待遇撤了以后养老金会怎么样") is Field.SUMMARY  # what follows from it
    assert refined(Field.LOCATION, "翻译考试在哪报名") is Field.CHANNELS
    assert refined(Field.LOCATION, "改密码在哪操作") is Field.CHANNELS
    assert refined(Field.LOCATION, "省级特聘专家评选报名在哪里办理") is Field.LOCATION  # 报名 of the name
    assert refined(Field.LOCATION, "办完了有什么凭证，去哪拿") is Field.DELIVERY
    assert refined(Field.LOCATION, "考过了，证书什么时候发，去哪领") is Field.DELIVERY
    assert refined(Field.LOCATION, "失业金去哪领") is Field.LOCATION  # where to apply
    assert refined(Field.LOCATION, "窗口不给办，去哪投诉") is Field.COMPLAINT
    assert refined(Field.FEES, "社保缓缴期间收滞纳金吗") is Field.SUMMARY  # the rules, not the service's fee
    assert refined(Field.FEES, "办这个收费吗") is Field.FEES


def test_a_fee_question_about_a_benefit_asks_its_amount():
    from bot.actions.field_cues import amount_asked

    assert amount_asked(Field.FEES, "创业补贴一次给多少钱", "创业补贴申领")
    assert not amount_asked(Field.FEES, "创业补贴申领收费吗", "创业补贴申领")
    assert not amount_asked(Field.FEES, "评职称多少钱", "职称申报评审及证书管理")
    assert amount_asked(None, "场地租金补贴一年能补多少", "小微企业场地租金补贴申领")
    assert not amount_asked(None, "退休以后能拿多少养老金", "人社待遇测算服务")  # a service, not a benefit


@pytest.mark.parametrize(
    ("text", "classified", "confidence", "field"),
    [
        ("材料交上去要等几天", Field.MATERIALS, 0.99, Field.TIME_LIMIT),  # question words decide…
        ("停发的那几个月怎么申请补发", Field.SUMMARY, 0.99, None),  # …how-to words ask for the whole guide…
        ("结果怎么拿", None, 0.99, Field.DELIVERY),  # …unless a field's words say more…
        ("减员原因选错了 能不能改 怎么改", Field.CONDITIONS, 0.99, None),  # …than weak ones (能不能)
        ("他这样的也能拿到吗", Field.SUMMARY, 0.95, Field.CONDITIONS),  # "能…吗" asks whether one qualifies…
        ("他这样的也能拿到吗", Field.SUMMARY, 0.5, Field.CONDITIONS),  # …however sure the classifier
        ("撤了以后会影响养老金吗", Field.SUMMARY, 0.95, Field.SUMMARY),  # …unless it asks what follows
        ("老伤又复发了，还能按工伤治吗", Field.HOURS, 0.99, Field.CONDITIONS),  # a dropped field is no opinion
        ("老伤又复发了，这个是什么", Field.HOURS, 0.99, None),
        ("要带什么，多久能办好", Field.MATERIALS, 0.9, Field.MATERIALS),  # two fields asked: the classifier
        ("招了几个十七岁的工人要去备案吗", Field.CONDITIONS, 0.99, None),  # whether to do it at all
        ("企业年金方案缴费比例改了要重新备案吗", Field.FEES, 0.99, None),  # 缴费 of a rate is no fee question
        ("工伤了要转到外地去治，要申请什么", Field.MATERIALS, 0.99, None),  # which service: the whole guide…
        ("想开个中介公司，需要办什么许可", Field.MATERIALS, 0.99, None),
        ("申请前得先办什么", Field.CONDITIONS, 0.99, Field.CONDITIONS),  # …a prerequisite is a condition
    ],
)
def test_field_asked(text, classified, confidence, field):
    assert field_asked(text, classified, confidence, sure=0.8) is field


def test_where_a_service_offered_only_online_is_done_is_its_channel():
    assert where_done(Field.LOCATION, "互联网手机端") is Field.CHANNELS  # 电子社保卡在哪申领
    assert where_done(Field.LOCATION, "大厅、互联网电脑端") is Field.LOCATION
    assert where_done(Field.MATERIALS, "互联网手机端") is Field.MATERIALS


@pytest.mark.parametrize(
    ("text", "asked"),
    [("还能按工伤治吗", True), ("工伤去外地治疗路费能报不", True), ("要不要办终止", True), ("是否需要本人到场", True),
     ("失业金要带什么材料", False), ("在哪办", False), ("多久能办好", False), ("交了几年能领", False),
     ("受理条件是什么", False), ("要准备什么", False), ("这个怎么", False), ("能办么", True)],
)
def test_yes_no(text, asked):
    assert yes_no(text) is asked


def test_where_a_record_can_be_looked_up_is_its_channel():
    from bot.actions.field_cues import asked_field

    assert asked_field("我交了几年社保哪里能查") is Field.CHANNELS
    assert asked_field("哪里能打印参保证明") is Field.CHANNELS
    assert asked_field("哪里能领失业金") is Field.LOCATION


def test_cue_words_are_heard_through_homophones_of_the_same_tones():
    assert cued_field("企业养老保险个人参保信息有误要维护 需要什么财料") is Field.MATERIALS  # 财料: 材料 misheard
    assert cued_field("参保信息有误要维护 什么财聊") is None  # another tone is another word


def test_a_deadline_is_read_where_the_guide_states_it():
    from bot.actions.field_cues import stated_field

    asked = "新招了两个服务员，最晚多少天之内得办用工备案？"
    summary, conditions = "用人单位招用职工，应办理劳动用工备案手续。", "新招用劳动者一个月内进行用工备案。"
    assert stated_field(Field.SUMMARY, asked, summary, conditions) is Field.CONDITIONS
    assert stated_field(Field.SUMMARY, asked, "应当在30日内办理。", conditions) is Field.SUMMARY  # the summary states one
    assert stated_field(Field.SUMMARY, "用工备案是什么", summary, conditions) is Field.SUMMARY  # no deadline asked
    assert stated_field(Field.SUMMARY, "新招了一批工人，用工备案要在多长时间内办", summary, conditions) is Field.CONDITIONS
    assert stated_field(Field.SUMMARY, "新招了两个员工，备案最晚什么时候得办", summary, conditions) is Field.CONDITIONS


def test_situations_are_read_where_the_guide_lists_them():
    from bot.actions.field_cues import stated_field

    summary, bare = "待遇人员发生如下情形之一的，单位申报暂停：（一）死亡的。", "情况属实，材料齐全的。"
    assert stated_field(Field.CONDITIONS, "哪些情况要暂停", summary, bare) is Field.SUMMARY
    assert stated_field(Field.CONDITIONS, "要什么条件", summary, bare) is Field.CONDITIONS  # not asked
    assert stated_field(Field.CONDITIONS, "哪些情况要暂停", summary, "有下列情形之一的…") is Field.CONDITIONS


def test_a_free_course_told_in_the_story_is_no_fee_question():
    from bot.actions.field_cues import amount_asked

    assert amount_asked(Field.FEES, "报了个免费的技能培训班，生活费一天最多给多少", "生活费补贴申领")
    assert not amount_asked(Field.FEES, "创业补贴申请免费吗，要交多少", "创业补贴申领")


def test_whether_one_may_do_it_is_read_in_the_summary_beside_boilerplate_conditions():
    from bot.actions.field_cues import stated_field

    summary = "参保职工由于以下原因之一，需要补缴社会保险费差额的，申办本业务：（一）当年个人缴费基数少申报的。"
    bare, real = "情况属实，材料齐全的。", "劳动年龄内，处于就业状态的劳动者。"
    assert stated_field(Field.CONDITIONS, "缴费基数报少了，差的那部分能补吗", summary, bare) is Field.SUMMARY
    assert stated_field(Field.CONDITIONS, "缴费基数报少了，差的那部分能补吗", summary, real) is Field.CONDITIONS
    for asked in ("差额补缴需要什么条件", "有年龄限制吗", "是不是得先办完认定才能申请", "还得先办啥", "谁能申请"):
        assert stated_field(Field.CONDITIONS, asked, summary, bare) is Field.CONDITIONS, asked  # conditions as such
    assert stated_field(Field.CONDITIONS, "公司停产了，单位社保能先暂停吗", summary, bare) is Field.SUMMARY


def test_an_applicants_deadline_is_not_how_long_processing_takes():
    assert refined(Field.TIME_LIMIT, "失业登记几天之内能办好") is Field.TIME_LIMIT
    assert refined(Field.TIME_LIMIT, "创业补贴几天以内能批下来") is Field.TIME_LIMIT
    assert refined(Field.TIME_LIMIT, "一般几个工作日内？") is Field.TIME_LIMIT
    for asked in ("设保要在用工以后多少天以内给他登记啊", "我自己多长时间内能去申请工伤认定", "退休认定要提前多长时间去办",
                  "不服还能再申请吗？多少天内？"):
        assert refined(Field.TIME_LIMIT, asked) is Field.SUMMARY, asked


def test_a_time_rule_is_the_deadline_the_guide_states_else_how_long_it_takes():
    from bot.actions.field_cues import stated_field

    summary = "对鉴定结论不服的，可以在收到该鉴定结论之日起15日内提出再次鉴定申请。"
    assert asked_field("想申请再鉴定，有没有时间限制") is Field.TIME_LIMIT
    assert asked_field("是不是得先去把失业金停了？有时间要求吗？") is Field.TIME_LIMIT  # not 要求, a condition
    assert stated_field(Field.TIME_LIMIT, "想申请再鉴定，有没有时间限制", summary, "情况属实，材料齐全的。") is Field.SUMMARY
    assert stated_field(Field.TIME_LIMIT, "失业登记有没有时间限制", "为劳动者办理失业登记。", "劳动年龄内的劳动者。") is Field.TIME_LIMIT
    assert stated_field(Field.TIME_LIMIT, "失业登记几天能办好", summary, "") is Field.TIME_LIMIT  # no rule asked


def test_how_long_one_must_wait_before_applying_is_a_condition():
    assert asked_field("劳鉴复查要隔多久才能申请") is Field.CONDITIONS


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("社保才交了十二年，还能接着往下交吗", Field.CONDITIONS),  # whether one qualifies, however classified
        ("旧伤又犯了，还能算工伤治吗", Field.CONDITIONS),
        ("被认定违纪以后会影响下次报名吗", Field.SUMMARY),  # what follows: the rules
        ("用工信息是不是每个月都要报", Field.SUMMARY),  # how often
        ("缓缴的时候收利息吗", Field.SUMMARY),
    ],
)
def test_a_yes_no_question_with_no_question_words_asks_whether_one_qualifies(text, field):
    assert field_asked(text, Field.SUMMARY, 0.95, 0.8) is field
    assert field_asked(text, Field.CONDITIONS, 0.95, 0.8) in (field, Field.CONDITIONS)


def test_who_qualifies_by_years_since_graduating_is_no_deadline():
    from bot.actions.field_cues import stated_field

    summary = "毕业5年内高校毕业生、就业困难人员，初次创业、正常运营6个月以上的，给予一次性创业补贴。"
    conditions = "符合条件人员应于取得营业执照并稳定经营6个月后、12个月内向人社部门申请创业补贴。"
    asked = "营业执照办下来以后多长时间以内要去申请"
    assert stated_field(Field.SUMMARY, asked, summary, conditions) is Field.CONDITIONS
    assert stated_field(Field.SUMMARY, asked, "应自成立之日起30日内申请登记。", conditions) is Field.SUMMARY


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("办得太慢了想头诉，打哪个电话", Field.COMPLAINT),  # 头诉: 投诉, heard in the neutral tone after 想
        ("这个审批要收废吗", Field.FEES),  # 收废: 收费
        ("需要准备什么才料", Field.MATERIALS),
        ("这个要手续吗", None),  # 手续 is not 收费 (shou3 xu4)
    ],
)
def test_distinctive_two_character_cue_words_are_heard_too(text, field):
    assert asked_field(text) is field


def test_runs_of_an_items_name_are_masked_with_typos_beside_them():
    assert name_masked("工伤预防项目协议机构费用节算怎么办", "工伤预防项目协议机构费用结算") == "□" * 12 + "节算怎么办"
    assert name_masked("就业政策法规咨询电话多少", "就业政策法规咨询") == "□" * 8 + "电话多少"
    assert name_masked("失业金要带什么材料", "失业保险金申领") == "失业金要带什么材料"  # no run of three


def test_a_yes_no_question_naming_no_materials_is_no_materials_question():
    assert field_asked("缴费年限还不够，到龄以后还能接着交吗", Field.MATERIALS, 0.96, 0.9) is Field.CONDITIONS
    assert field_asked("给孩子办社保卡要不要照片啊", Field.MATERIALS, 0.99, 0.9) is Field.MATERIALS  # a document named


def test_paying_out_of_pocket_is_a_fee_question_but_money_received_on_a_card_is_not():
    assert cued_field("参加那种创业培训，报名要自己掏钱吗") is Field.FEES
    assert cued_field("待遇卡丢了，想换张卡收钱，能换成家里人的吗") is not Field.FEES


def test_what_went_wrong_with_a_result_is_the_complaints_story():
    assert cued_field("结果查询页面老打不开，想投诉该打哪个电话") is Field.COMPLAINT


_REFUND_SUMMARY = "上年度未裁员或裁员率不高于规定比例，且上年度按时足额缴纳失业保险费的企业，可以申请稳岗返还。"
_REFUND_CONDITIONS = "符合当年政策范围的单位，确需通过大厅前台办理的，申办本业务。"


def test_a_long_story_is_answered_by_the_descriptive_field_that_speaks_to_it():
    story = "我们厂二十来个人，去年一个人都没裁掉，失业保险费也一直按时足额交着，这样能申请返还吗"
    assert addressed_field(Field.CONDITIONS, story, "稳岗返还申领", _REFUND_SUMMARY, _REFUND_CONDITIONS) is Field.SUMMARY


@pytest.mark.parametrize(
    "text",
    [
        "我们厂去年没裁人能申请返还吗",  # too short to tell a situation: the field chosen stands
        "我们厂二十来个人，去年一个人都没裁掉，失业保险费也按时交着，申请返还要满足什么条件",  # conditions as such
    ],
)
def test_short_questions_and_questions_of_conditions_keep_their_field(text):
    assert addressed_field(Field.CONDITIONS, text, "稳岗返还申领", _REFUND_SUMMARY, _REFUND_CONDITIONS) is Field.CONDITIONS


@pytest.mark.parametrize(
    "text",
    [
        "村里都涨了养老金就我家的没涨，找谁",  # who does it: the whole guide
        "单位的缴费基数报错了找谁改",
        "我打算退休以后把两边的养老保险合到一起",  # a wish, not a question
    ],
)
def test_who_to_turn_to_and_a_wish_ask_for_the_whole_guide(text):
    assert field_asked(text, Field.SUMMARY, 0.99, 0.5) is None


def test_a_keyword_search_keeps_the_classified_field():
    assert field_asked("一次性创业补贴标准", Field.SUMMARY, 0.99, 0.5) is Field.SUMMARY


def test_the_money_claimed_back_is_no_fee_question():
    assert field_asked("自己垫钱配的轮椅，现在报销这笔辅助器具费用要带啥", Field.CONDITIONS, 0.99, 0.5) is Field.MATERIALS
    assert field_asked("人才项目申报是否收取费用", None, 0.99, 0.5) is Field.FEES


def test_a_fee_named_in_a_whether_question_is_no_document_to_bring():
    assert field_asked("想申请延长康复期，这个要交评估费吗", None, 0.99, 0.5) is Field.FEES


def test_what_follows_is_read_in_the_summary_even_when_a_condition_is_guessed():
    assert field_asked("被认定作弊了会记入个人档案吗", Field.CONDITIONS, 0.99, 0.5) is Field.SUMMARY
    # 会 of 社会 asks nothing
    assert field_asked("社会工作专业毕业两年能报社会工作师吗", Field.CONDITIONS, 0.99, 0.5) is Field.CONDITIONS


def test_a_qualifications_name_is_no_question_of_conditions():
    assert field_cues("当年考职业资格时的违纪记录能消掉吗") == set()


def test_the_amount_of_a_benefit_is_asked_even_when_a_condition_is_guessed():
    assert amount_asked(Field.CONDITIONS, "我们帮村里人外出务工，每送出去一个人能拿多少补贴", "有组织输出就业创业服务补贴")
    assert not amount_asked(Field.CONDITIONS, "要干满多少年才能拿补贴", "有组织输出就业创业服务补贴")


def test_late_charges_are_the_rules_not_a_document():
    assert field_asked("缓缴那几个月要交滞纳金吗", Field.FEES, 0.9, 0.5) is Field.SUMMARY


def test_where_to_ask_is_the_consult_channel():
    assert asked_field("专户变更的事哪里可以咨询") is Field.CONSULT


@pytest.mark.parametrize("text", ["俺儿子才十七 能报名不", "厂子还没注册下来 能先申请不", "他六十三了还能参保不"])
def test_a_yes_no_question_ending_in_bu_asks_whether_one_qualifies(text):
    """"能…不" is how many people say "能…吗": with no other question word, it asks the conditions."""
    assert cued_field(text) is Field.CONDITIONS


def test_a_bu_question_with_its_own_words_asks_their_field():
    assert cued_field("能在手机上弄不") is Field.CHANNELS


@pytest.mark.parametrize("text, field", [
    ("介绍信找谁开", Field.MATERIALS),           # where a document comes from
    ("身份证复印件交几份", Field.MATERIALS),     # how many copies
    ("户口本也得要？", Field.MATERIALS),          # whether a document is needed, said last
    ("就在政务大厅那办吧", Field.LOCATION),       # whether it is done at a hall named
])
def test_documents_and_halls_said_in_follow_ups(text, field):
    assert cued_field(text) is field
