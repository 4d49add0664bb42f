"""Materials for the user's situation, cut from the guide's own 申请材料 text.

Many lists say which applicant a line or clause is for ("单位办事时…", "高校毕业生提供毕业证",
"他人代办的，同时提供…"). A clause that names no applicant applies to everyone; a clause that
names some applies only to them. Nothing is rewritten: the result is clauses of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# situation → words that mark a clause as being about it
SITUATIONS: dict[str, tuple[str, ...]] = {
    "高校毕业生": ("高校毕业生", "毕业生", "在校学生", "大学生"),
    "就业困难人员": ("就业困难人员",),
    "脱贫劳动力": ("脱贫劳动力", "脱贫人口", "贫困劳动力"),
    "退役军人": ("退役军人", "退役士兵", "军人"),
    "残疾人": ("残疾人", "残疾"),
    "单位": ("单位办事", "单位申办"),
    "个人": ("个人办事",),
    "他人代办": ("他人代办", "代办人", "委托"),
    "外国人": ("外国", "护照"),
    "港澳台居民": ("港澳", "台湾", "台胞"),
}
# what users say → situation
SAYINGS: dict[str, str] = {
    "毕业生": "高校毕业生", "大学生": "高校毕业生", "应届": "高校毕业生", "刚毕业": "高校毕业生",
    "就业困难": "就业困难人员", "困难人员": "就业困难人员", "脱贫": "脱贫劳动力", "贫困户": "脱贫劳动力",
    "退役": "退役军人", "退伍": "退役军人", "转业": "退役军人", "残疾": "残疾人",
    "单位": "单位", "公司": "单位", "企业": "单位", "个人": "个人", "自己": "个人", "本人": "个人",
    "代办": "他人代办", "替": "他人代办", "帮": "他人代办", "委托": "他人代办", "家属": "他人代办",
    "外国": "外国人", "老外": "外国人", "港澳": "港澳台居民", "台湾": "港澳台居民",
}
_CLAUSE = re.compile(r"[^。；;]+[。；;]?")


@dataclass(frozen=True)
class Checklist:
    """The materials that apply to one situation, in source order."""

    situation: str
    items: tuple[str, ...]
    filtered: bool  # False when the list does not differ by situation


def situation_of(text: str) -> str | None:
    """The applicant situation a user describes ("我是应届毕业生" → 高校毕业生), if any."""
    for saying, situation in SAYINGS.items():
        if saying in text:
            return situation
    return None


def situation_stated(text: str, materials: str) -> str | None:
    """The applicant's situation a text states, if the materials list treats it apart ("我是退役军人，
    要带什么" of a list with lines only for 退役军人); else None (the whole list applies).

    >>> situation_stated("我是刚退伍的，要带啥", "1.身份证。2.退役军人提供退役证。")
    '退役军人'
    """
    stated = situation_of(text) if text else None
    return stated if stated and stated in situations_in(materials) else None


def _allowed(situation: str) -> set[str]:
    """A situation and those it implies: every applicant but a unit (单位) is a person (个人)."""
    return {situation} if situation == "单位" else {situation, "个人"}


def _mentions(clause: str) -> set[str]:
    return {s for s, words in SITUATIONS.items() if any(w in clause for w in words)}


def situations_in(materials: str) -> list[str]:
    """Situations the materials list treats differently (at least one clause is only for them)."""
    found: list[str] = []
    for clause in _clauses(materials):
        for situation in _mentions(clause):
            if situation not in found and situation not in ("个人",):
                found.append(situation)
    return found


def _clauses(materials: str) -> list[str]:
    return [c for line in materials.splitlines() for c in _CLAUSE.findall(line) if c.strip()]


def checklist(materials: str, situation: str) -> Checklist:
    """The clauses of the materials list that apply to ``situation``, verbatim."""
    items: list[str] = []
    differs = False
    for line in materials.splitlines():
        kept = []
        for clause in _CLAUSE.findall(line):
            mentioned = _mentions(clause)
            if mentioned and not mentioned & _allowed(situation):
                differs = True
                continue
            kept.append(clause)
        text = "".join(kept).strip()
        if text and not re.fullmatch(r"[（(]?\d+[)）.、]?", text):
            items.append(text)
    return Checklist(situation, tuple(items), differs)
