"""Browsing categories derived from the 事项编码 catalogue structure.

A code such as ``132014105002`` reads: region/level (``132``), item kind (``0`` public
service, ``1`` licence, ``7``/``8`` other powers), the ministry (``14``, 人社), then a
three-digit catalogue class (``105`` = 就业创业 · 创业扶持) and a serial. Licences and
other powers use their own class numbers, so the 6-digit key ``kind+14+class`` is mapped.
"""

from __future__ import annotations

from dataclasses import dataclass

EMPLOYMENT = "就业创业"
SKILLS = "职业能力"
SOCIAL_INSURANCE = "社会保险"
SOCIAL_SECURITY_CARD = "社会保障卡"
LABOUR = "劳动关系"
PERSONNEL = "人事人才"
GENERAL = "综合服务"
OTHER = "其他"

CATEGORIES = (EMPLOYMENT, SKILLS, SOCIAL_INSURANCE, SOCIAL_SECURITY_CARD, LABOUR, PERSONNEL, GENERAL)


@dataclass(frozen=True)
class CategoryPath:
    """A guide's top-level category and its sub-category."""

    category: str
    subcategory: str


# catalogue key (code[3:9]) -> (category, subcategory)
_CATALOGUE: dict[str, tuple[str, str]] = {
    "014001": (SOCIAL_INSURANCE, "参保登记"),
    "014002": (SOCIAL_INSURANCE, "信息变更"),
    "014003": (SOCIAL_INSURANCE, "缴费申报"),
    "014005": (SOCIAL_INSURANCE, "查询打印"),
    "014006": (SOCIAL_INSURANCE, "养老保险"),
    "014007": (SOCIAL_INSURANCE, "工伤保险"),
    "014008": (SOCIAL_INSURANCE, "失业保险"),
    "014009": (SOCIAL_INSURANCE, "企业年金"),
    "014010": (SOCIAL_SECURITY_CARD, "社会保障卡"),
    "014101": (EMPLOYMENT, "就业政策"),
    "014102": (EMPLOYMENT, "职业介绍与指导"),
    "014103": (EMPLOYMENT, "就业服务活动"),
    "014104": (EMPLOYMENT, "就业失业登记"),
    "014105": (EMPLOYMENT, "创业扶持"),
    "014106": (EMPLOYMENT, "就业援助"),
    "014107": (EMPLOYMENT, "高校毕业生就业"),
    "014108": (EMPLOYMENT, "创业与输出服务"),
    "014201": (SKILLS, "职业培训"),
    "014202": (SKILLS, "技能鉴定"),
    "014203": (PERSONNEL, "事业单位人事"),
    "014204": (PERSONNEL, "人事档案"),
    "014205": (SKILLS, "技能评价"),
    "014207": (PERSONNEL, "专业技术人才"),
    "014208": (PERSONNEL, "职业资格考试"),
    "014209": (PERSONNEL, "职业资格证书"),
    "014210": (PERSONNEL, "人员调配"),
    "014301": (LABOUR, "劳动用工"),
    "014302": (LABOUR, "劳动人事争议"),
    "014901": (GENERAL, "信访"),
    "014903": (GENERAL, "政府信息公开"),
    "014904": (GENERAL, "人社服务查询"),
    "114002": (SKILLS, "技工院校审批"),
    "114003": (SKILLS, "职业培训机构审批"),
    "114006": (PERSONNEL, "人力资源服务"),
    "114007": (LABOUR, "工时制度审批"),
    "114008": (LABOUR, "劳务派遣"),
    "114009": (SOCIAL_INSURANCE, "企业年金"),
    "114010": (SKILLS, "国外职业资格"),
    "114108": (EMPLOYMENT, "外国人来华工作"),
    "714006": (SOCIAL_INSURANCE, "养老保险"),
    "714203": (PERSONNEL, "表彰奖励待遇"),
    "714205": (SKILLS, "技能评价"),
    "814206": (SKILLS, "技能人才评选"),
}

# Fallback by the domain digit (code[6]) for classes not in the table above.
_DOMAIN = {"0": SOCIAL_INSURANCE, "1": EMPLOYMENT, "2": SKILLS, "3": LABOUR, "9": GENERAL}


def categorise(code: str) -> CategoryPath:
    """The browsing category of a guide from its 事项编码."""
    key = code[3:9]
    if key in _CATALOGUE:
        return CategoryPath(*_CATALOGUE[key])
    domain = _DOMAIN.get(code[6:7], OTHER) if len(code) >= 7 else OTHER
    return CategoryPath(domain, OTHER)
