"""Concrete facts of the source pinned for items spread over the whole document.

Runs on each database (SQLite and PostgreSQL) through the repository.
"""

import pytest

from knowledge.fields import Field

# (document position, 事项编码, 事项名称, field, a verbatim fragment of that field)
FACTS = [
    (1, "002014105001", "创业补贴申领", Field.SUMMARY, "补贴标准为每个创业项目5000元"),
    (1, "002014105001", "创业补贴申领", Field.TIME_LIMIT, "限时办结（10个工作日）"),
    (2, "132014105002", "小微企业场地租金补贴申领", Field.SUMMARY, "100平方米以下的，每年3000元"),
    (3, "132014105003", "房租物业水电费补贴申领", Field.CHANNELS, "大厅、互联网电脑端"),
    (19, "000114003002", "职业培训学校办学许可", Field.MATERIALS, "（7）场地消防验收报告。"),
    (20, "000114003002", "中外、内地与港澳、大陆与台湾合作职业技能培训项目审批", Field.TIME_LIMIT, "限时办结（15个工作日）"),
    (43, "002014104001", "失业登记", Field.LOCATION, "阁院路体育公园对面邮政储蓄银行三楼职业介绍服务中心"),
    (43, "002014104001", "失业登记", Field.TIME_LIMIT, "即时办结"),
    (48, "132014105005", "个人申请创业担保贷款", Field.MATERIALS, "（5）经办担保机构要求的其他材料。"),
    (49, "132014105006", "小微企业申请创业担保贷款", Field.MATERIALS, "（5）经办担保机构需要的材料。"),
    (60, "132014009003", "企业年金方案终止备案", Field.MATERIALS, "（5）职工（代表）大会决议。"),
    (101, "002014003001", "缴费人员增减申报", Field.TIME_LIMIT, "即时办结"),
    (130, "002014006001", "职工正常退休(职)申请", Field.TIME_LIMIT, "限时办结（5个工作日）"),
    (150, "132014006017", "机关事业单位养老保险待遇终止撤销", Field.TIME_LIMIT, "限时办结（15个工作日）"),
    (174, "002014006018", "多重养老保险关系个人账户退费（账户合并）", Field.SUMMARY, "工伤职工旧伤复发需继续治疗的"),
    (200, "132014007037", "工伤保险定期待遇暂停申请", Field.FEES, "本业务为即时业务：即时办结。"),
    (210, "002014008001", "失业保险金申领", Field.CHANNELS, "自助柜员机、第三方接口"),
    (231, "002014010001", "实体社会保障卡申领（含本地、异地）", Field.TIME_LIMIT, "即时/限时办结（5个工作日）"),
    (232, "002014010002", "电子社会保障卡申领（含本地、异地）", Field.CHANNELS, "互联网手机端"),
    (250, "002014207003", "职称申报评审及证书管理", Field.FEES, "收费标准：高级360元、中级160元。"),
    (280, "132014203007", "事业单位岗位聘用核准", Field.LOCATION, "涞源县广昌大街73号，涞源县人力资源和社会保障局。"),
    (299, "130714203025", "省部级及以上表彰奖励获得者、记一等功奖励人员荣誉津贴审核", Field.MATERIALS, "（3）记一等功奖励人员获奖决定。"),
    (302, "002014208003", "监理工程师", Field.FEES, "《建设工程监理案例分析》代国家收取每人每科19元"),
    (335, "000114008001", "劳务派遣经营许可", Field.MATERIALS, "（2）劳务派遣经营情况报告。"),
    (357, "002014302002", "劳动人事争议仲裁申请", Field.LOCATION, "石家庄市新华区合作路81号"),
    (365, "002014904006", "人社领域信用信息查询", Field.CHANNELS, "大厅、网点、互联网电脑端、互联网手机端、自助柜员机、第三方接口"),
]


@pytest.mark.parametrize(("position", "code", "name", "field", "fragment"), FACTS, ids=lambda v: str(v)[:12])
def test_fact(repo, position, code, name, field, fragment):
    guide = repo.by_name(name)
    assert guide is not None
    assert (guide.position, guide.code) == (position, code)
    assert fragment in guide.field(field)


def test_multiline_materials_keep_their_lines(repo):
    guide = repo.by_name("创业补贴申领")
    lines = guide.field(Field.MATERIALS).splitlines()
    assert lines[0] == "1.本人社会保障卡或居民身份证。"
    assert lines[-1] == "（4）稳定经营6个月的佐证材料（如报税单、工资单）。"
    assert len(lines) == 6


def test_shared_code_pair_has_two_stable_ids(repo):
    pair = repo.by_code("000114003002")
    assert [g.name for g in pair] == ["职业培训学校办学许可", "中外、内地与港澳、大陆与台湾合作职业技能培训项目审批"]
    assert [g.id for g in pair] == ["000114003002", "000114003002-2"]
    assert repo.get("000114003002-2").position == 20


def test_stats(repo):
    stats = repo.stats()
    assert (stats.guides, stats.distinct_codes, stats.fields_per_guide) == (365, 364, 12)
    counts = dict(stats.categories)
    assert sum(counts.values()) == 365
    assert "其他" not in counts
    assert counts["社会保险"] > counts["就业创业"] > 0


def test_aliases_curated_and_generated(repo):
    assert [g.name for g in repo.by_alias("失业金")] == ["失业保险金申领"]
    assert [g.name for g in repo.by_alias("见习补贴")] == ["就业见习补贴申领"]
    assert [g.name for g in repo.by_alias("创业补贴")] == ["创业补贴申领"]  # generated: 申领 stripped
    assert repo.by_alias("没有这个别名") == []
    # a trailing bracket that tells twins apart is an alias of its own; one that says where is not
    assert [g.name for g in repo.by_alias("再申诉")] == ["事业单位工作人员申诉、再申诉办理（再申诉）"]
    assert [g.name for g in repo.by_alias("稳岗补贴")] == ["稳岗返还（稳岗补贴）申领"]
    assert repo.by_alias("含本地异地") == [] and repo.by_alias("缴费人员") == []


def test_list_by_category(repo):
    cards = repo.list_category("社会保障卡")
    assert len(cards) == 11
    assert cards[0].name == "实体社会保障卡申领（含本地、异地）"


def test_search_ranks_relevant_items(repo):
    top = repo.search("失业保险金申领", limit=3)
    assert top[0].guide.name == "失业保险金申领"
    assert 0 < top[-1].score <= top[0].score < 1


@pytest.mark.parametrize(
    "conditions, bare",
    [
        ("情况属实，材料齐全的。", True),
        ("情况属实，材料齐全的。本业务为预授权业务，需向前台主管申请授权办理。", True),
        ("符合人社部通知要求。", True),
        ("无", True),
        ("劳动年龄内的劳动者。", False),  # short, but a real condition
        ("已领取社会保障卡。", False),
        ("已向劳动能力鉴定机构办理工伤复发确认业务。情况属实，材料齐全的。", False),
    ],
)
def test_bare_conditions_are_boilerplate_only(conditions, bare):
    from knowledge.fields import bare_conditions

    assert bare_conditions(conditions) is bare
