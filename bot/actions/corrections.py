"""How a correction is worded ("我说的是终止，不是暂停", "是鉴定的鉴，不是见习的见") and what it means
instead: read by the resolver's ``correction`` step (bot/actions/resolver.py)."""

from __future__ import annotations

import re

from knowledge import lexicon
from knowledge.normalize import mention_of

SWAPPED_CHARS = 4  # "不是暂停，是终止": a word put for a word; longer words describe the item instead
# "是鉴定的鉴，不是见习的见": one character put right
CHAR_FIX = re.compile(r"是(?P<new_word>[\u4e00-\u9fff]{1,4})的(?P<new>[\u4e00-\u9fff])[，,\s]*不是(?P<old_word>[\u4e00-\u9fff]{1,4})的(?P<old>[\u4e00-\u9fff])")
# "不是暂停，是终止" / "是终止，不是暂停": one word for another
_NOT_BUT = re.compile(r"不是(?P<old>[^，,。？?\s]{1,8}?)(的|那个)?[，,。\s]*(而)?是(?P<new>[^，,。？?\s]{1,12})")
_DENIES = re.compile(r"^[哎唉嗯哦啊，,\s]*(不是|并不是|不对)")  # a turn that opens by denying
_DENIED = re.compile(r"(并)?不是[^，,。？?\s]{1,8}")  # "不是仲裁": what the user denies, not what they mean
_BUT_NOT = re.compile(r"是(?P<new>[^，,。？?\s]{1,12}?)(的|那个)?[，,。\s]*不是(?P<old>[^，,。？?\s]{1,8})")


def _without_correction_words(text: str) -> str:
    for w in lexicon.words("dialogue", "correction"):
        text = text.replace(w, "")
    return text


def corrects(text: str) -> bool:
    """Whether a turn says the last one got the item wrong (words of correction, "不是X，是Y", or a
    turn that opens by denying: "不是失业金，我是问培训补贴…")."""
    worded = any(w in text for w in lexicon.words("dialogue", "correction"))
    return worded or bool(CHAR_FIX.search(text) or _NOT_BUT.search(text) or _BUT_NOT.search(text) or _DENIES.match(text))


def corrected_readings(text: str, before: str, focus_name: str) -> list[str]:
    """What the user meant, most literal first: the last question with the word or character
    corrected, the focus item's name so corrected, the correction's own words, and these after the
    last question.

    >>> corrected_readings("我说的是终止，不是暂停", "养老金暂停得准备啥", "暂停养老保险待遇申请")[:2]
    ['养老金终止得准备啥', '终止养老保险待遇申请']
    """
    if (m := CHAR_FIX.search(text)) and m["old"] in before:
        return [before.replace(m["old"], m["new"])]
    readings = []
    for pattern in (_NOT_BUT, _BUT_NOT):
        if (m := pattern.search(text)) and len(m["new"]) <= SWAPPED_CHARS:  # a word for a word, not a description
            old, new = m["old"], m["new"]
            for base in (before, focus_name):
                if old and old in base:
                    readings.append(base.replace(old, new))
    own = corrected_words(text)
    readings += [own, f"{before}，{own}"] if before else [own]
    return [r for r in dict.fromkeys(readings) if mention_of(r)]


def corrected_words(text: str) -> str:
    """A correction's own words, without what was wrong ("说错了，是城乡居民的" → "，是城乡居民的";
    "不是失业金，我是问培训补贴" → "，我是问培训补贴")."""
    own = _without_correction_words(text)
    own = _NOT_BUT.sub(lambda m: m["new"], own)
    own = _BUT_NOT.sub(lambda m: m["new"], own)
    return _DENIED.sub("", own)
