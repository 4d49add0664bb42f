"""Words that say which field is asked: a second opinion when the classifier is unsure.

Long, descriptive questions ("我四十多岁下岗了……能认定成就业困难人员吗") carry many content
words that can pull the intent classifier off; the question words are usually unambiguous.
"""

from __future__ import annotations

import re

from knowledge.fields import Field

CUES: dict[Field, tuple[str, ...]] = {
    Field.MATERIALS: ("材料", "什么材料", "哪些材料", "啥材料", "带什么", "带啥", "要带", "证件", "资料", "提交什么", "准备什么", "准备啥"),
    Field.CONDITIONS: ("条件", "能不能", "能否", "符合", "资格", "够不够", "可以申请吗", "能申请吗", "能认定", "能领吗", "能补吗"),
    Field.CHANNELS: ("网上", "线上", "手机上", "手机办", "渠道", "app", "小程序", "不用去", "不去现场", "网站", "下载",
                     "自助机"),
    Field.TIME_LIMIT: ("多久", "多长时间", "几天", "时限", "多少天", "几个工作日", "什么时候能", "多快"),
    Field.DELIVERY: ("结果怎么", "怎么拿", "邮寄", "寄给", "送达", "去哪取", "下载结果"),
    Field.FEES: ("收费", "要钱", "多少钱", "费用", "免费", "花钱", "交钱"),
    Field.HOURS: ("几点", "上班时间", "办公时间", "周末", "中午", "下班"),
    Field.LOCATION: ("在哪", "哪里办", "去哪", "地址", "地点", "哪个窗口", "哪个大厅", "什么地方"),
    Field.CONSULT: ("电话", "咨询", "网址", "热线"),
    Field.COMPLAINT: ("投诉", "举报", "监督"),
}


# "能一次补够十五年吗", "我自己能申请认定吗": a yes/no question about doing something asks whether
# one qualifies, unless other question words say what is asked ("能在网上办吗").
_CAN_I = re.compile(r"(能|可以|可不可以|还能|能不能)[^，,。？?]{0,12}吗")
# When a complaint is asked for, 电话/网址 say how to complain, not whom to consult.
_OUTRANKS = {Field.COMPLAINT: Field.CONSULT, Field.CHANNELS: Field.LOCATION}


# Cue words that also occur as context ("带着材料去哪办", "能不能先调解，调解要什么材料"): a
# field found only through them yields to a field found through other words.
WEAK_CUES = frozenset({"材料", "证件", "资料", "要带", "能不能", "能否"})


def field_cues(text: str) -> set[Field]:
    """The fields whose cue words occur in the text (weak-only ones dropped beside others)."""
    lowered = text.lower()
    hits = {field: {w for w in words if w in lowered} for field, words in CUES.items()}
    found = {field for field, words in hits.items() if words}
    strong = {field for field, words in hits.items() if words - WEAK_CUES}
    if strong:
        found = strong
    for stronger, weaker in _OUTRANKS.items():
        if stronger in found:
            found.discard(weaker)
    return found


def cued_field(text: str) -> Field | None:
    """The one field the text's question words point to, or None if none or several.

    Materials are often mentioned as context ("今天交材料什么时候能办好", "带着材料去哪办"),
    so another cue beside them decides (see ``WEAK_CUES``). A yes/no "能…吗" with no other cue
    asks about conditions.
    """
    found = field_cues(text)
    if not found and _CAN_I.search(text):
        return Field.CONDITIONS
    return next(iter(found)) if len(found) == 1 else None
