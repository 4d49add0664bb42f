"""Turns made only of pleasantries ("好的，谢谢你", "回头再问吧，拜拜啦", "你们是哪个部门的"), whatever intent they got.

The classifier sometimes takes them for a question; answering "没有找到与“好谢谢”相关的事项"
to a thank-you, or the whole guide again to "好嘞", is worse than any wrong field, so they are
recognised by their words (``data/lexicon/pleasantries.yml``, intent → words): a turn of such words
and fillers only, or a statement that asks nothing and ends by putting the matter off ("那等开春再说").
"""

from __future__ import annotations

import re
from functools import cache

from bot.actions.field_cues import asks
from knowledge import lexicon

ACK = "ack"  # an acknowledgement, or the matter put off: answered with ``utter_ack``
PUT_OFF = "put_off"  # words that put the matter off, at the end of a statement
# what may surround them: assent, particles, pronouns, punctuation
_FILLER = re.compile(r"[\s\W_]+|好的|好吧|好|行|嗯|哦|噢|啊|呀|啦|了|哈|吧|的|你|您|们|我|俺|咱|再|先|问题|事|ok|OK|这|是|吗|不",
                     re.UNICODE)
_ASSENT_ONLY = re.compile(r"^(好的|好吧|好|行|嗯|哦|噢|中|成|ok|OK|[\s\W_])+$", re.UNICODE)


@cache
def _intents() -> dict[str, tuple[str, ...]]:
    return {intent: lexicon.words("pleasantries", intent) for intent in lexicon.load("pleasantries") if intent != PUT_OFF}


def pleasantry_of(text: str) -> str | None:
    """The small-talk intent of a turn made only of pleasantries, else None.

    >>> pleasantry_of("好的，谢谢你"), pleasantry_of("嗯"), pleasantry_of("那俺回去跟家里合计合计"), pleasantry_of("好的，在哪办")
    ('thanks', 'ack', 'ack', None)
    """
    rest = text.strip()
    if _ASSENT_ONLY.match(rest):
        return ACK
    found = None
    for intent, words in _intents().items():
        for word in words:  # longest first
            if word in rest:
                found = found or intent
                rest = rest.replace(word, "")
    if found is None or _FILLER.sub("", rest):
        return _put_off(text)
    return found


def _put_off(text: str) -> str | None:
    """``ack`` for a statement that asks nothing and ends by putting the matter off ("哦，那等她满十六再说")."""
    ending = _FILLER.sub("", text[-8:])
    off = any(ending.endswith(_FILLER.sub("", w)) for w in lexicon.words("pleasantries", PUT_OFF))
    return ACK if off and not asks(text) else None
