"""The guide fields: Chinese labels as printed in the source, and their column names."""

from __future__ import annotations

import re
from enum import Enum


class Field(str, Enum):
    """One of the 11 content fields every guide has (besides 事项编码 and 事项名称)."""

    SUMMARY = "summary"
    CONDITIONS = "conditions"
    MATERIALS = "materials"
    CHANNELS = "channels"
    TIME_LIMIT = "time_limit"
    DELIVERY = "delivery"
    FEES = "fees"
    HOURS = "hours"
    LOCATION = "location"
    CONSULT = "consult"
    COMPLAINT = "complaint"

    @property
    def label(self) -> str:
        """The field's Chinese label, exactly as the source document prints it."""
        return FIELD_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> Field:
        """The field whose Chinese label is ``label``; ``KeyError`` if there is none."""
        return _BY_LABEL[label]

    @classmethod
    def parse(cls, value: str) -> Field | None:
        """A field from its column name or Chinese label, or ``None``."""
        if value in _BY_LABEL:
            return _BY_LABEL[value]
        try:
            return cls(value)
        except ValueError:
            return None


FIELD_LABELS: dict[Field, str] = {
    Field.SUMMARY: "事项简述",
    Field.CONDITIONS: "受理条件",
    Field.MATERIALS: "申请材料",
    Field.CHANNELS: "服务渠道",
    Field.TIME_LIMIT: "办结时限",
    Field.DELIVERY: "结果送达",
    Field.FEES: "收费依据及标准",
    Field.HOURS: "办事时间",
    Field.LOCATION: "办事机构及地点",
    Field.CONSULT: "咨询查询途径",
    Field.COMPLAINT: "监督投诉渠道",
}
_BY_LABEL = {label: field for field, label in FIELD_LABELS.items()}

CODE_LABEL = "事项编码"
NAME_LABEL = "事项名称"


# Conditions that say nothing about who qualifies ("情况属实，材料齐全的。", "符合人社部通知要求。", "无"):
# the guide's 事项简述 then tells who may apply and when. Short conditions can be real ones
# ("劳动年龄内的劳动者。"), so only these phrasings count.
_BOILERPLATE = re.compile(
    r"情况属实，材料齐全的?|本业务为预授权业务，需向前台主管申请授权办理|申请在受理期限内，材料齐备，属于受理机关管辖范围"
    r"|符合[^。，]{0,12}(要求|规定)(的|予以受理)?|待遇领取人按照经办机构要求，自助认证|开放查询功能|^无$|[。，\s]"
)


def bare_conditions(conditions: str) -> bool:
    """Whether a guide's 受理条件 says nothing beyond boilerplate."""
    return not _BOILERPLATE.sub("", conditions)
