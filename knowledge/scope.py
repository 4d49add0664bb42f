"""Questions that belong to other departments, so the assistant says so instead of guessing.

Citizens ask the 人社局 assistant about 公积金, 医保报销, 身份证, 低保… Those words share
characters with real guides (补缴, 备案, 报销, 津贴), so the linker can find a weak match; a
question about one of these topics is answered only when it names a guide outright or links to
one almost certainly (a side remark such as "家里是低保户" in a question about 就业困难人员认定).

The list is curated for the county's departments (医疗保障, 公安, 住建, 税务, 民政, 市场监管,
教育, 卫健, 公用事业); a word that occurs in any guide's name or alias is ignored at run time.
"""

from __future__ import annotations

from knowledge.normalize import compact

OTHER_DEPARTMENT_TOPICS = (
    # 医疗保障
    "医保报销", "医保缴费", "居民医保", "职工医保", "医保异地", "医保目录", "新农合", "合作医疗", "大病保险", "生育津贴", "生育保险",
    "门诊", "挂号", "住院押金",
    # 公安、交通
    "护照", "办身份证", "补办身份证", "身份证补办", "身份证丢", "身份证过期", "身份证到期", "迁户口", "户口迁", "户口从",
    "上户口", "落户", "户籍",
    "驾照", "驾驶证", "违章", "年检", "上牌", "车牌", "通行证", "居住证", "交通罚款",
    # 住建、不动产、公积金
    "公积金", "公租房", "廉租房", "不动产", "房产证", "宅基地",
    # 税务
    "个税", "个人所得税", "退税", "发票",
    # 民政、残联、退役军人
    "低保", "结婚登记", "结婚证", "离婚", "婚姻登记", "残疾证", "养老院", "老年证", "优待证",
    # 市场监管
    "营业执照", "食品经营许可",
    # 教育、卫健
    "学籍", "高考", "中考", "小学报名", "小学入学", "入学报名", "疫苗", "出生证明", "教师资格", "医师资格", "护士执业", "法律职业资格",
    # 公用事业和生活
    "天然气", "燃气", "水费", "交电费", "缴电费", "电费怎么", "话费", "手机欠费", "宽带", "火车票", "机票", "彩票", "天气",
)


def other_department_topic(text: str) -> str | None:
    """The first other-department topic the text mentions, if any."""
    cleaned = compact(text)
    return next((topic for topic in OTHER_DEPARTMENT_TOPICS if topic in cleaned), None)
