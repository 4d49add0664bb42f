"""Whose matter each item of the conversation was, for going back by person (issue 24, pattern 5).

One conversation often asks about several people's matters: the mother's pension, then the
father's; one's own transfer, then a comrade's. "我妈那个要多久" then goes back to the item asked
for the mother. The people are words of ``data/lexicon/people.yml`` (one meaning per person); a
question that names an item with no one else but says 我/俺/咱 is the user's own (``本人``).
The conversation keeps, per item answered, the people the question that named it was about
(slot ``recent_people``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from knowledge import lexicon

SELF = "本人"
_FIRST_PERSON = re.compile(r"[我俺咱]")
_REFERS = ("那", "的")  # "俺妈那个", "我自己的那笔": a person's matter referred to


def told_of(text: str) -> list[str]:
    """The people a question is about: those it names, else the user when it speaks in the first person.

    >>> told_of("今年养老金都调了，我妈的没调"), told_of("俺退下来了，养老保险咋接"), told_of("养老保险咋接")
    (['母亲'], ['本人'], [])
    """
    named = lexicon.meanings_in("people", text)
    return named or ([SELF] if _FIRST_PERSON.search(text) else [])


def referred(text: str) -> set[str]:
    """The people whose matter a turn refers back to: a person's word followed by 那 or 的.

    >>> sorted(referred("我妈那个要多久")), sorted(referred("我妈也能办吗"))
    (['母亲'], [])
    """
    found = set()
    for meaning, entries in lexicon.load("people").items():
        for word in (w for e in entries for w in e.words):
            span = lexicon.where(word, text)
            if span is not None and text.startswith(_REFERS, span[1]):
                found.add(meaning)
    return found


def whose_earlier(text: str, focus: str | None, earlier: Sequence[str],
                  people: Mapping[str, Sequence[str]]) -> str | None:
    """The one earlier item that was about the person the turn refers to, when the item in focus
    was not about them.

    >>> whose_earlier("我妈那个要多久", "b", ["a"], {"a": ["母亲"], "b": ["父亲"]})
    'a'
    """
    said = referred(text)
    if not said or said & set(people.get(focus or "", ())):
        return None
    theirs = [g for g in earlier if said & set(people.get(g, ()))]
    return theirs[0] if len(theirs) == 1 else None


def remembered(people: Mapping[str, Sequence[str]], focus: str, text: str, recent: Sequence[str]) -> dict[str, list[str]]:
    """The people per item after a turn that named ``focus`` (the first question that named an item
    tells whose it is), kept for the items still recent.

    >>> remembered({"a": ["母亲"]}, "b", "那俺爸的呢", ["a", "b"])
    {'a': ['母亲'], 'b': ['父亲']}
    """
    kept = {g: list(p) for g, p in people.items() if g in recent}
    if not kept.get(focus):
        kept[focus] = told_of(text)
    return kept
