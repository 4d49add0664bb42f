"""Words that point at the item in focus itself, whatever else the turn tells (issue 24, pattern 4).

A follow-up often names other things as its circumstances: "多交的钱还没退回去，能先办这个不" names
money to pay back (an item of its own) but asks about *this* one; "要是账上的钱已经取了，还能撤不"
names an account but asks whether the focus item's own step (撤销) can still be done. Such a turn
stays on the item in focus.

Two marks, both read from the turn's last clause (where the question is put):
- a verb with 这个 as its object ("办这个", "申请这事"): ``data/lexicon/dialogue.yml`` ``this_one``;
- a bare step asked yes or no, with no object ("还能撤不", "能恢复吗"): the verb is part of one of the
  steps the focus item's name has (撤 of 撤销, 停 of 暂停).
"""

from __future__ import annotations

import re

from knowledge import lexicon
from knowledge.vocabulary import steps_in

_CLAUSES = re.compile(r"[，,。？?！!；;\s]+")
# "还能撤不": the modal words before the verb and the yes/no words after it
_BARE_STEP = re.compile(r"^(?:那|就|还|也|再|现在)*(?:能不能|可不可以|能|可以|让|给)?(?P<verb>[\u4e00-\u9fff]{1,2}?)"
                        r"(?:不了|得了吗|得了不|了吗|不|吗|么|没)$")
_BARE_CHARS = 2  # "撤" or "恢复": a longer verb names something of its own


def last_clause(text: str) -> str:
    """The turn's last clause, where a question is put.

    >>> last_clause("要是钱已经退了 还能撤不")
    '还能撤不'
    """
    clauses = [c for c in _CLAUSES.split(text) if c]
    return clauses[-1] if clauses else ""


def bare_step(text: str, focus_name: str) -> str | None:
    """The step of the focus item's name that the turn's last clause asks about bare, if any.

    >>> bare_step("要是钱已经退了 还能撤不", "在职职工参保终止撤销")
    '撤销'
    >>> bare_step("还能领不", "在职职工参保终止撤销") is None
    True
    """
    match = _BARE_STEP.match(last_clause(text))
    if match is None or len(match["verb"]) > _BARE_CHARS:
        return None
    verb = match["verb"]
    return next((step for step in sorted(steps_in(focus_name)) if set(verb) <= set(step)), None)


def this_one(text: str) -> bool:
    """Whether the turn's last clause makes the item in focus the object of its verb.

    >>> this_one("多交的钱还没退回去 能先办这个不")
    True
    >>> this_one("这个退休手续咋办")
    False
    """
    clause = last_clause(text)
    return any(w in clause for w in lexicon.words("dialogue", "this_one"))


def points_at_focus(text: str, focus_name: str) -> bool:
    """Whether the turn asks about the item in focus itself, by 这个 or by its own step asked bare."""
    return this_one(text) or bare_step(text, focus_name) is not None
