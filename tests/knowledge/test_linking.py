"""Item linking: names, aliases, partial names, homophones, traditional characters, twins, context."""

import pytest

from knowledge.linking import ItemLinker


@pytest.fixture(scope="module")
def linker(sqlite_repo):
    return ItemLinker.from_repository(sqlite_repo)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("失业保险金申领需要什么材料", "失业保险金申领"),  # official name
        ("失业金怎么领", "失业保险金申领"),  # curated alias
        ("创业补贴要带啥", "创业补贴申领"),  # generated alias
        ("失業保險金申領需要什麼材料", "失业保险金申领"),  # traditional characters
        ("嗯那个我想问一下实业保险今怎么申请", "失业保险金申领"),  # speech: fillers and homophones
        ("设保卡丢了怎么办", "社会保障卡（社会保障功能）挂失与解挂"),  # 设保 → 社保
        ("劳动仲裁去哪", "劳动人事争议仲裁申请"),
        ("评职称要交多少钱", "职称申报评审及证书管理"),
        ("杰出专技人才评选要什么材料", "河北省杰出专业技术人才、优秀留学回国人员和科技创新团队评选表彰"),  # abbreviation
        ("333人才资助项目怎么申报", "河北省三三三人才资助项目申报"),  # digits as the name writes them
        ("丧抚费怎么领", "丧葬补助金、抚恤金申领"),  # the trade's abbreviation, a curated alias
        ("报到证丢了怎么补办", "高等学校等毕业生接收手续办理"),  # a service its 事项简述 lists
        ("考试作弊资格证书被宣布作废是怎么回事", "专业技术人员资格证书或成绩证明宣布无效"),  # 作废: 无效
    ],
)
def test_links_confidently(linker, text, expected):
    result = linker.link(text)
    assert result.confident, result.candidates[:3]
    assert result.best.guide.name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("暂停养老保险待遇申请要什么材料", "暂停养老保险待遇申请"),
        ("恢复养老保险待遇申请要什么材料", "恢复养老保险待遇申请"),
        ("实体社保卡申领", "实体社会保障卡申领（含本地、异地）"),
        ("电子社保卡怎么领", "电子社会保障卡申领（含本地、异地）"),
        ("个人创业担保贷款", "个人申请创业担保贷款"),
        ("小微企业创业担保贷款", "小微企业申请创业担保贷款"),
        ("工伤保险定期待遇暂停申请", "工伤保险定期待遇暂停申请"),
    ],
)
def test_near_twins_stay_apart(linker, text, expected):
    result = linker.link(text)
    assert result.best.guide.name == expected
    assert result.confident


def test_abbreviation_needs_words_no_name_has(linker):
    # 社会保障卡申领 uses the names' own words: read as words, not as scattered characters of names
    assert not any(c.reason.startswith("缩写") for c in linker.link("社会保障卡申领要带什么").candidates)
    assert linker.link("专技资格证书怎么领").best.reason.startswith("缩写")  # 专技 is in no name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("企业退休的养老金恢复要带什么", "恢复养老保险待遇申请"),  # the enterprise one's name says no scheme
        ("机关退休的养老金恢复要带什么", "机关事业养老保险待遇恢复申请"),
        ("农村养老金恢复要带什么", "城乡居民养老保险待遇恢复申请"),
        ("省级继续教育基地怎么申报", "省级专业技术人员继续教育基地申报"),  # a level rules out the other level
    ],
)
def test_the_scheme_said_rules_out_the_other_schemes_services(linker, text, expected):
    result = linker.link(text)
    assert result.confident and result.best.guide.name == expected, result.candidates[:3]


def test_vague_mention_is_ambiguous(linker):
    result = linker.link("养老保险怎么办")
    assert not result.confident
    assert len(result.plausible) >= 2


def test_unknown_thing_links_to_nothing_plausible(linker):
    result = linker.link("护照在哪里办")
    assert not result.confident and result.plausible == ()
    assert result.mention == "护照"


def test_context_switch(linker, sqlite_repo):
    previous = sqlite_repo.by_name("个人申请创业担保贷款").id
    result = linker.link("那小微企业的呢", context=previous)
    assert result.confident and result.best.guide.name == "小微企业申请创业担保贷款"
    previous = sqlite_repo.by_name("暂停养老保险待遇申请").id
    assert linker.link("那恢复呢", context=previous).best.guide.name == "恢复养老保险待遇申请"


def test_follow_up_without_mention_links_nothing(linker):
    assert linker.link("那在哪里办").plausible == ()


def test_mention_keeps_name_words_made_of_question_characters():
    from knowledge.normalize import mention_of

    assert mention_of("再次鉴定呢") == "再次鉴定"  # 再 and 次 alone are stripped as question words
    assert mention_of("能再申诉吗") == "再申诉"
    assert mention_of("失业金要带什么材料") == "失业金"


def test_second_readings_of_colloquial_words_and_digits(linker):
    from knowledge.linking import other_readings

    assert ("失业保险待遇暂停", "失业保险待遇暂停") in other_readings("失业金暂停", "失业金暂停")
    assert linker.link("失业金暂停去哪办").best.guide.name == "失业保险待遇暂停申请"
    assert linker.link("失业金要什么材料").best.guide.name == "失业保险金申领"  # the first reading still wins
    result = linker.link("333人才资助怎么申报")
    assert result.confident and result.best.guide.name == "河北省三三三人才资助项目申报"


def test_everyday_words_read_in_the_guides_vocabulary(linker):
    from knowledge.vocabulary import other_readings

    readings = dict(other_readings("社保卡丢了要补办", "社保卡丢补办"))
    assert "社会保障卡挂失了要补办" in readings  # each word alone…
    assert "社会保障卡挂失了要补领" in readings  # …and all of them together
    result = linker.link("嗯那个工上医药费报销去哪报")  # 工上 → 工伤, 医药费 → 医疗费用, 报销 → 费用申报
    assert result.confident and result.best.guide.name == "工伤医疗（康复）费用申报"


def test_homophones_are_not_forced_across_two_known_words(linker):
    from knowledge.matching import HomophoneCorrector

    corrector = HomophoneCorrector(["恢复养老保险待遇申请", "丧葬补助金、抚恤金申领", "社保卡", "需要"])
    assert corrector.correct("养老金停了恢复需要带什么") == "养老金停了恢复需要带什么"  # not 恢抚恤要
    assert corrector.correct("设保卡丢了") == "社保卡丢了"  # 社保卡 fits its neighbour
    assert corrector.correct("嗯设保卡丢了") == "嗯社保卡丢了"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("实业保险待遇暂停", "失业保险待遇暂停"),  # an everyday word (实业) where the guides' words fit four characters
        ("投诉实业金发得晚", "投诉失业金发得晚"),  # …or fit on its one side of substance
        ("复查坚定以后", "复查鉴定以后"),
        ("养老今的卡丢了", "养老金的卡丢了"),  # 养老 is kept, only 今 changes
        ("创业不贴申请", "创业补贴申请"),  # a pair of grammar fitting on both sides
        ("能在手机上办吗", "能在手机上办吗"),  # common words stay: not 收集, not 上班
        ("社保卡是不是挂失了", "社保卡是不是挂失了"),  # not 食补是
        ("打零工自己交社保", "打零工自己交社保"),  # not 工资基
        ("单位推荐我报拔尖人才", "单位推荐我报拔尖人才"),  # 位推 → 位退 would break 推荐
        ("我公公领工伤待遇", "我公公领工伤待遇"),
    ],
)
def test_homophones_need_more_evidence_the_likelier_the_words_were_meant(linker, said, meant):
    assert linker._homophones.correct(said) == meant


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电子社保卡到底启用了没有、有没有挂失，在哪能查？", "电子社会保障卡应用状态查询（含本地、异地）"),
        ("社保卡激活了没有", "实体社会保障卡应用状态查询（含本地、异地）"),
        ("社保卡还没激活怎么激活", "社会保障卡（社会保障功能）启用（含本地、异地）"),  # the step itself
        ("社保卡丢了，先挂失，在哪挂", "社会保障卡（社会保障功能）挂失与解挂"),
    ],
)
def test_a_cards_state_asked_about_is_looked_up(linker, text, expected):
    assert linker.link(text).best.guide.name == expected


def test_full_text_ties_between_twins_are_settled_by_names(linker):
    # 注消 → 注销 makes the official name appear; full text scores both 注销登记撤销 twins alike
    result = linker.link("居民养老保险注消登记撤销（待遇人员）要多久")
    assert result.confident and result.best.guide.name == "居民养老保险注销登记撤销（待遇人员）"


def test_full_text_alone_is_not_confident_by_agreeing_with_itself(sqlite_repo):
    from knowledge.linking import AGREED, FULL_TEXT_ONLY, LinkResult
    from knowledge.repository import Candidate

    first, second = (entry.guide for entry in sqlite_repo.catalogue()[:2])
    named = LinkResult((Candidate(first, 0.6, "部分名称" + AGREED), Candidate(second, 0.5, "部分名称")), "x")
    assert named.confident  # name evidence that full text agrees with, leading
    alone = LinkResult((Candidate(first, 0.6, FULL_TEXT_ONLY + AGREED), Candidate(second, 0.5, "部分名称")), "x")
    assert not alone.confident  # full text "agreeing" with itself is no second opinion


def test_switch_reads_everyday_words_in_the_guides_vocabulary(linker, sqlite_repo):
    registered = sqlite_repo.by_name("企业退休人员社会化管理服务（社区登记）")
    result = linker.link("以后搬家了呢", context=registered.id)  # 搬家 → 社区变更
    assert result.confident and result.from_context
    assert result.best.guide.name == "企业退休人员社会化管理服务（社区变更）"


def test_a_marked_variant_needs_its_mark(linker):
    # 社保卡 without 电子 is the physical card; 终止 without 撤销 is the termination itself
    for text in ("社保卡申领在哪办", "社保卡申领要带什么"):
        result = linker.link(text)
        assert result.confident and result.best.guide.name == "实体社会保障卡申领（含本地、异地）"
    assert linker.link("电子社保卡申领在哪办").best.guide.name == "电子社会保障卡申领（含本地、异地）"
    assert linker.link("企业养老金终止要什么材料").best.guide.name == "企业养老保险待遇终止"
    # registering new workers is not closing an account (注销 unsaid)
    result = linker.link("我们单位新招了工人社保登记要带什么")
    assert not (result.confident and result.best.guide.name == "机关事业单位注销社会保险登记")


def test_a_step_the_previous_item_lacks_is_not_a_restatement(linker, sqlite_repo):
    lost = sqlite_repo.by_name("社会保障卡（社会保障功能）挂失与解挂")
    result = linker.link("挂失以后补一张新卡要多久", context=lost.id)  # 挂失 done, 补领 asked
    assert result.confident and result.best.guide.name == "社会保障卡补领、换领、换发（含本地、异地）"


def test_the_item_talked_about_decides_when_it_is_the_top_candidate(linker, sqlite_repo):
    pension = sqlite_repo.by_name("灵活就业人员养老保险参保登记")
    assert not linker.link("灵活就业参保有啥条件").confident  # alone: it or the 灵活就业 subsidy
    result = linker.link("灵活就业参保有啥条件", context=pension.id)
    assert result.confident and result.best.guide.name == pension.name


def test_a_passed_exam_asks_for_its_certificate_not_the_exam(linker):
    result = linker.link("考过了一建，证书去哪领")  # 一建 names the exam; the certificate is handed out elsewhere
    assert result.confident and result.best.guide.name == "专业技术人员职业资格证书发放"
    assert linker.link("一建考试在哪报名").best.guide.name == "一级建造师"
    assert not linker.link("电工证考过了证书去哪领").confident  # a skill's certificate is not that service's


def test_switch_reads_words_not_single_characters(linker, sqlite_repo):
    licence = sqlite_repo.by_name("劳务派遣经营许可")
    result = linker.link("办好以后别人怎么查许可证", context=licence.id)  # 以, 后, 别, 人 name nothing
    assert result.confident and result.best.guide.name == "劳务派遣经营许可证查询"


def test_refunds_are_read_in_each_of_the_guides_words(linker):
    result = linker.link("工程完了保证金怎么退")  # 退 → 退费, 退回 or 返还
    assert result.confident and result.best.guide.name == "农民工工资保证金返还申请"


def test_official_reading_puts_every_everyday_word_in_the_guides_words():
    from knowledge.vocabulary import official_reading

    assert official_reading("社保卡丢了要补办") == "社会保障卡挂失了要补领"  # 丢了 is done: 补领 is asked
    assert official_reading("想查交了几年") == "想查参保人员信息查询"  # the longer phrase before 交


def test_phrasings_are_read_like_words(linker):
    from knowledge.vocabulary import official_reading

    assert official_reading("厂子要裁二十多个人") == "厂子要裁员"
    assert "录用未成年工" in official_reading("招了两个16岁的学徒")
    result = linker.link("厂子效益不好要裁二十多个人要跟人社局报告吗")
    assert result.confident and result.best.guide.name == "企业经济性裁员报告"


def test_steps_told_before_the_asked_one_are_the_story():
    from knowledge.vocabulary import asked_actions

    story = "伤残津贴之前暂停了，现在恢复发放了，但暂停那几个月的钱没补上，怎么申请补发"
    assert {"补发"} <= asked_actions(story) and not {"暂停", "恢复"} & asked_actions(story)
    assert {"注销", "撤销"} <= asked_actions("居民养老保险注销登记撤销")  # one name, both steps asked


def test_a_name_told_as_a_party_of_the_story_is_not_an_exact_mention(linker):
    found, _inside, told = linker.exact_mentions("劳动能力鉴定那边已经出了结论")
    assert not found and told  # "劳动能力鉴定那边": where the user has been, not what is asked
    found, _inside, told = linker.exact_mentions("劳动能力鉴定要带什么")
    assert found and not told
    found, _inside, told = linker.exact_mentions("我一直领失业金，现在找到工作了")
    assert not found and told  # what the user already receives is the story, not the question


def test_twins_are_told_apart_by_words_only_one_name_has(linker):
    # 缴费人员 and 待遇人员 twins share the rest of their names; "领待遇的" says which
    result = linker.link("居民养老保险注销登记撤销 已经领待遇的")
    assert result.best.guide.name == "居民养老保险注销登记撤销（待遇人员）"


def test_a_short_follow_up_only_full_text_matches_keeps_the_item_in_context(linker, sqlite_repo):
    card = sqlite_repo.by_name("社会保障卡密码修改与重置")
    result = linker.link("嗯那个在自助机上能弄不", context=card.id)
    assert not result.confident and not result.leaning


def test_an_answer_names_barely_explain_shows_the_other_candidates(linker):
    # full text (with the guides' example questions) may decide, but not surely
    result = linker.link("职业资格考试报名费多少")
    assert result.explained < 0.15 and not result.sure, result.candidates[:2]  # 考试 of some exams' aliases


def test_numbers_are_also_read_as_the_guides_write_them():
    from knowledge.vocabulary import other_readings

    texts = [text for text, _mention in other_readings("孩子满16岁能交吗", "孩子满16岁")]
    assert "孩子满十六岁能交吗" in texts and "孩子满一六岁能交吗" in texts


@pytest.mark.parametrize(
    ("previous", "text", "expected"),
    [
        ("机关事业单位养老保险待遇终止", "是企业退休的", "企业养老保险待遇终止"),  # not 终止撤销: nothing more said
        ("暂停养老保险待遇申请", "那城乡居民的呢", "城乡居民养老保险待遇暂停申请"),
    ],
)
def test_a_switch_of_scheme_finds_the_same_service_there(linker, sqlite_repo, previous, text, expected):
    result = linker.link(text, context=sqlite_repo.by_name(previous).id)
    assert result.confident and result.from_context and result.best.guide.name == expected


def test_a_lost_card_to_be_replaced_is_not_answered_as_reporting_the_loss(linker):
    from knowledge.vocabulary import asked_actions, official_reading

    assert asked_actions(official_reading("社保卡丢了想补一张")) == {"补领"}  # 丢了 is what happened
    result = linker.link("社保卡丢了想补一张")
    assert result.best.guide.name == "社会保障卡补领、换领、换发（含本地、异地）"
    assert linker.link("社保卡丢了怎么办").best.guide.name == "社会保障卡（社会保障功能）挂失与解挂"


def test_one_who_never_received_a_pension_is_a_contributor(linker):
    result = linker.link("我母亲一直交着城乡居民养老保险，还没开始领钱人就走了，要办注销吗")
    assert result.best.guide.name == "居民养老保险注销登记（缴费人员）"
    assert linker.link("我爸领了三年城乡居民养老金去世了要注销吗").best.guide.name == "居民养老保险注销登记（待遇人员）"


def test_a_guide_named_outright_beats_guides_only_full_text_suggests(linker):
    result = linker.link("退休手续有问题想先打电话问问，号码多少")
    assert result.confident and result.best.guide.name == "职工正常退休(职)申请"
    assert all(c.reason.startswith("全文检索") for c in result.plausible[1:])


def test_a_generic_file_transfer_is_not_the_graduates_one(linker):
    assert linker.link("档案转递要多久").best.guide.name == "档案的接收、转递"
    assert linker.link("毕业生档案转递").best.guide.name == "接收转递毕业生档案"


def test_a_scheme_a_name_leaves_out_is_in_its_aliases(linker):
    # 暂停养老保险待遇申请 is the 企业 one: "企业退休的…暂停" must not lose to 企业养老保险待遇终止
    result = linker.link("我爸是企业退休的，走失好几个月联系不上了，他的养老金要申请暂停吗")
    answered = result.confident or result.leaning
    assert not answered or result.best.guide.name == "暂停养老保险待遇申请"
    assert "暂停养老保险待遇申请" in {c.guide.name for c in result.plausible}


def test_a_step_said_done_is_not_the_service_asked(linker):
    result = linker.link("挂失以后补一张新卡要多久")
    assert result.best.guide.name == "社会保障卡补领、换领、换发（含本地、异地）"


@pytest.mark.parametrize(
    ("previous", "text", "expected"),
    [
        ("机关事业单位基本养老保险与企业职工基本养老保险互转申请（企转机）", "那反过来呢，机关单位的转到企业去",
         "机关事业单位基本养老保险与企业职工基本养老保险互转申请（机转企）"),
        ("职业年金转入申请", "倒过来的要什么材料", "职业年金转出申请"),
        ("人员参保暂停（封存）申请", "反过来呢", "人员参保恢复（解封）申请"),
    ],
)
def test_the_reverse_of_the_item_in_context_is_the_step_undoing_it(linker, sqlite_repo, previous, text, expected):
    result = linker.link(text, context=sqlite_repo.by_name(previous).id)
    assert result.confident and result.best.guide.name == expected


@pytest.mark.parametrize("text", ["我的失业保险想从外省转到涞源来，网上能办吗", "那个我的实业保险想从外省转到涞源来"])
def test_an_insurance_named_outranks_another_insurance(linker, text):
    result = linker.link(text)  # the guides' examples of moving a pension from another province pull the other way
    assert result.best.guide.name == "失业保险关系转移接续"


@pytest.mark.parametrize("text", ["我是企业退休的，忘了做认证养老金被停了，怎么恢复",
                                  "我大伯是企业退休的，因为没按时做认证养老金给停了，现在想恢复发放，该怎么办？"])
def test_an_insurance_named_keeps_the_others_behind(linker, text):
    result = linker.link(text)  # 失业保险待遇恢复申请 has the service but not the insurance
    assert result.confident and result.best.guide.name == "恢复养老保险待遇申请"
    assert all("失业" not in c.guide.name for c in result.candidates[:4])


@pytest.mark.parametrize(("text", "expected"), [("那个我想问一下 办实业等级 是去哪个地方办啊", "失业登记"),
                                                ("嗯我现在上班了 想办个就业等级 那个夏天几点到几点能办", "就业登记")])
def test_a_twin_heard_with_homophones_leads(linker, text, expected):
    result = linker.link(text)  # 实业/等级 are words of their own; as heard, one twin's name is said
    assert result.best.guide.name == expected and not result.tied


def test_a_step_said_after_what_happened_is_the_one_asked(linker):
    result = linker.link("那个我的设保卡丢了 补办要不要交钱啊")  # 丢了 tells, 补办 asks
    assert result.best.guide.name == "社会保障卡补领、换领、换发（含本地、异地）"


def test_a_situation_word_is_not_an_insurance_named(linker):
    from knowledge.vocabulary import insurances_named

    assert insurances_named("失业了，养老保险怎么续") == {"养老"}  # 失业 tells a situation
    assert insurances_named("工伤险和养老金") == {"工伤", "养老"}


def test_a_word_of_one_twin_said_as_a_question_word_tells_them_apart(linker):
    result = linker.link("居民养老金申领 手机上能办吗")  # 申领 is stripped from the mention as a question word
    assert result.confident and result.best.guide.name == "城乡居民养老保险待遇申领"
    assert not linker.link("职业年金转移怎么办").confident  # 转入 or 转出: nothing said tells them apart


@pytest.mark.parametrize("text", ["是企业的", "省级的", "机关事业单位的"])
def test_a_scheme_alone_names_no_service(linker, text):
    assert not linker.link(text).confident  # not 军地养老保险关系转移接续申请（转入企业的）


def test_a_scheme_alone_still_switches_the_item_in_context(linker, sqlite_repo):
    previous = sqlite_repo.by_name("机关事业单位养老保险待遇终止").id
    assert linker.link("那企业的呢", context=previous).best.guide.name == "企业养老保险待遇终止"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我对处分不服已经申诉过一次了，决定下来我还是不服，想再往上申诉，要交哪些东西", "（再申诉）"),
        ("事业单位工作人员申诉完了还不服 那个再申素 去哪里办", "（再申诉）"),  # heard as 再申诉
        ("对处分不服想申诉", "（申诉）"),
    ],
)
def test_twins_that_share_their_words_are_told_apart_by_their_qualifier(linker, text, expected):
    result = linker.link(text)  # both names read "事业单位工作人员申诉、再申诉办理"
    assert result.confident and result.best.guide.name.endswith(expected)


def test_a_twins_qualifier_is_no_action_of_the_other():
    from knowledge.vocabulary import sibling_actions

    foreign = sibling_actions(["事业单位工作人员申诉、再申诉办理（申诉）", "事业单位工作人员申诉、再申诉办理（再申诉）", "失业登记"])
    assert foreign == {"事业单位工作人员申诉、再申诉办理（申诉）": {"再申诉"}, "事业单位工作人员申诉、再申诉办理（再申诉）": set()}


def test_everyday_words_for_an_action_count_in_every_reading_unless_told_before_another():
    from knowledge.vocabulary import told_actions

    assert told_actions("申诉决定下来我还是不服") == {"再申诉"}
    assert told_actions("社保卡的信息要修改") == {"变更"}
    assert told_actions("养老金被停了，怎么恢复") == set()  # 停了 happened before 恢复
    assert told_actions("公司要裁员") == set()  # 裁员 tells a situation, not 失业 asked


def test_whom_a_story_is_about_names_no_service(linker):
    # 奶奶 is no evidence of the 供养亲属 or other family services full text knows
    result = linker.link("我奶奶领着城乡居民养老金，村里报错当她去世了，给注销了，这种注销能撤销吗")
    assert result.confident and result.best.guide.name == "居民养老保险注销登记撤销（待遇人员）"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("机关事业退休的养老金漏调了找谁", "机关事业退休人员养老金零星调整申请"),  # 漏调: a missed adjustment
        ("单位社保交多了想退款去哪办", "单位退费退收申请"),  # 退款: 退费
        ("考过了一级建造师，要去领证书，带什么", "专业技术人员职业资格证书发放"),  # the exam is behind
    ],
)
def test_everyday_words_for_adjustments_refunds_and_certificates(linker, text, expected):
    result = linker.link(text)
    assert result.confident and result.best.guide.name == expected


def test_a_qualifier_said_in_full_tells_twins_apart(linker):
    result = linker.link("城乡居民养老待遇人员的注销登记办错了，死亡日期报错了，想撤销注销登记")
    assert result.confident and result.best.guide.name == "居民养老保险注销登记撤销（待遇人员）"


def test_employees_services_are_not_of_the_residents_scheme(linker):
    from knowledge.vocabulary import sectors_said

    assert sectors_said("我弟在单位上班病故了，不算工伤") == frozenset()  # a scheme said not to be the case
    assert sectors_said("是工伤，在单位受的伤") == {"工伤"}
    # 在职职工参保终止撤销 is of the employees' schemes: not what a 城乡居民 insured asks for
    result = linker.link("我的城乡居民养老保险关系转出去了，但钱一直没转走，现在状态显示终止了，这种能撤销注销吗？")
    assert all(c.guide.name != "在职职工参保终止撤销" for c in result.plausible[:1])
    assert any(c.guide.name == "居民养老保险注销登记撤销（缴费人员）" for c in result.plausible)


@pytest.mark.parametrize(("plain_score", "moved"), [(0.945, True), (0.93, False)])
def test_a_plain_twin_a_little_behind_a_variant_not_asked_for_goes_first(linker, sqlite_repo, plain_score, moved):
    from knowledge.linking import Candidate, LinkResult

    variant = sqlite_repo.by_name("企业养老保险供养亲属待遇终止撤销申请").summary
    plain = sqlite_repo.by_name("企业养老保险待遇终止撤销").summary
    text = "父亲企业退休办养老待遇终止时死亡日期报错了想撤销终止"  # 供养亲属 is not said
    result = LinkResult((Candidate(variant, 1.0, "部分名称"), Candidate(plain, plain_score, "部分名称")), text)
    decided = linker._decide_twins(result, text)
    assert (decided.best.guide.name == plain.name) is moved
    if moved:
        assert decided.lead >= 0.06  # ahead by the margin a confident answer needs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我后年就到退休年龄了，到时候人社会提前通知我吗", "退休到龄预告查询"),  # reaching the age is the story…
        ("到退休年龄了，想办退休要带什么", "职工正常退休(职)申请"),  # …办退休 the service
    ],
)
def test_reaching_retirement_age_is_the_story_not_the_retirement_application(linker, text, expected):
    result = linker.link(text)
    assert result.confident and result.best.guide.name == expected


def test_everyday_words_for_a_marked_variant_count_as_its_marking_word():
    from knowledge.vocabulary import told_actions

    assert "再次" in told_actions("对市里的鉴定结论不服，还能再申请鉴定吗")  # 再申请鉴定: 再次鉴定
    assert "复查" in told_actions("伤情加重了，想重新评个等级")  # 加重: 复查鉴定
    assert told_actions("我想做劳动能力鉴定") == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("特贴发放找哪个部门办", "政府特殊津贴管理发放"),  # curated aliases of guides that had none
        ("人社信用查询在哪查", "人社领域信用信息查询"),
        ("单位社保缴费申报怎么弄", "社会保险缴费申报与变更"),
    ],
)
def test_guides_once_without_aliases_are_named_by_their_everyday_names(linker, text, expected):
    result = linker.link(text)
    assert result.confident, result.candidates[:3]
    assert result.best.guide.name == expected


def test_stopping_a_scheme_one_pays_into_is_its_suspension(linker):
    result = linker.link("以前自己交灵活就业社保，现在进厂了，要先把那个停掉吗")  # 停掉: 暂停
    assert result.confident, result.candidates[:3]
    assert result.best.guide.name == "人员参保暂停（封存）申请"


def test_benefits_stopped_after_a_death_are_ended_not_paused():
    from knowledge.vocabulary import other_readings

    texts = [text for text, _mention in other_readings("老人去世了，要停发养老金", "老人去世停发养老金")]
    assert any("待遇终止" in text for text in texts)
    said_pause = [text for text, _mention in other_readings("人去世了，养老金暂停发放有哪些情况", "人去世养老金暂停发放情况")]
    assert not any("待遇终止" in text for text in said_pause)  # 暂停 said outright stays 暂停


def test_a_death_is_kept_whole_in_the_mention():
    from knowledge.normalize import mention_of

    assert "去世" in mention_of("我父亲上个月去世了怎么办")  # 去 alone is a question word


def test_a_homophone_of_an_aliases_word_is_corrected(linker):
    result = linker.link("博士后出战要什么材料")  # 出战: 出站, a curated alias's word
    assert result.confident and result.best.guide.name == "博士后进出站办理"


@pytest.mark.parametrize("text", ["我是教授，学校想留我，能不能晚几年再退休", "正高职称能推迟退休吗"])
def test_retiring_later_is_a_later_retirement(linker, text):
    result = linker.link(text)
    assert result.confident and result.best.guide.name == "高级专家延长退休申请"


def test_a_special_schemes_twin_goes_behind_the_plain_one_when_the_scheme_is_unsaid(linker):
    result = linker.link("老人的养老金叫停了，想申请恢复，能去网点办吗")
    assert result.best.guide.name == "恢复养老保险待遇申请"
    assert linker.link("机关事业单位的养老待遇停了想恢复").best.guide.name == "机关事业养老保险待遇恢复申请"


def test_an_everyday_phrase_of_the_text_tells_twins_apart_when_the_mention_lost_it(linker):
    # the mention drops 办; "第一次办" still reads 申领, which only the 实体 card's name has
    assert linker.link("孩子第一次办社保卡要照片吗").best.guide.name == "实体社会保障卡申领（含本地、异地）"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("再申述的决定书怎么领", "事业单位工作人员申诉、再申诉办理（再申诉）"),  # 申述 for 申诉
        ("项目完工了，农民工工资专户要撤掉带什么", "农民工工资专用账户撤销申请"),  # 撤掉: 撤销
    ],
)
def test_everyday_words_for_appeal_and_closing(linker, text, expected):
    assert linker.link(text).best.guide.name == expected


def test_a_curated_alias_said_outright_is_not_tied_with_a_name_that_only_contains_it(linker):
    # 职称评审 is 职称申报评审及证书管理's alias, and only part of 职称评审委员会备案
    result = linker.link("职称评审要不要交钱")
    assert result.confident and result.best.guide.name == "职称申报评审及证书管理"


def test_characters_two_names_share_in_another_order_tell_no_twin_apart(linker):
    # 待遇恢复 said: 遇恢 is a pair of 机关事业养老保险待遇恢复申请 only, but 恢复养老保险待遇申请 has both characters
    assert linker.link("养老金恢复发放得满足啥要求").best.guide.name == "恢复养老保险待遇申请"
    # …while a pair the other name has reversed still tells them apart
    result = linker.link("想把城乡居民养老转到企业职工养老（乡转城）要带什么")
    assert result.best.guide.name.endswith("（乡转城）")


def test_a_bank_card_names_the_account_a_question_is_about_but_no_item_alone(linker):
    assert linker.link("领工伤待遇的银行卡丢了想换一张新卡").best.guide.name == "工伤保险待遇发放账户维护申请"
    assert linker.link("要带银行卡吗").candidates == ()


def test_separable_verbs_said_apart_are_read_whole():
    from knowledge.vocabulary import official_reading, rejoined

    assert rejoined("前年就退了休") == "前年就退休"
    assert rejoined("去年参过保") == "去年参保"
    assert "挂失" in official_reading("卡上礼拜挂了失")
    assert rejoined("报名费交了") == "报名费交了"  # nothing put between


def test_the_yearly_face_check_is_read_as_the_benefit_certification(linker):
    result = linker.link("老人家拿养老金 年年得刷脸 今年在哪弄")
    assert "待遇资格认证" in result.candidates[0].guide.name
