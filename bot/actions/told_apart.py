"""Which of the items offered a reply means, by the marks that tell those items apart (issue 24).

After "您问的可能是以下事项…" the user answers with words, not a number: "老爷子在村里，每月领钱那种"
after a list of 居民养老保险注销登记（缴费人员） / （待遇人员） / 注销登记撤销…. Each offered item has
marks: the schemes its name says (企业, 机关事业, 城乡居民…), the steps it names (撤销, 恢复…) and
the words of its bracketed qualifier (待遇人员). Only marks that not every offered item has tell
them apart. A reply that says a mark counts for the item; a step the item names that neither the
reply nor the question before it says counts against it (a 撤销 nobody asked for), as does a
scheme when the user said another one.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge import lexicon
from knowledge.normalize import char_pairs, compact
from knowledge.vocabulary import official_reading, qualified, sectors_of, sectors_said, steps_in

LEAD = 1  # the item meant must have this many more marks said than any other offered item



def _qualifier_pairs(name: str) -> set[str]:
    parts = qualified(name)
    return char_pairs(parts[1]) if parts else set()


def _distinct(marks: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Each item's marks less those every offered item has."""
    common = set.intersection(*marks.values()) if marks else set()
    return {item: own - common for item, own in marks.items()}


def mark_scores(names: Mapping[str, str], reply: str, asked: str = "") -> dict[str, int]:
    """Marks said minus marks contradicted, per offered item (``names``: id → name).

    >>> mark_scores({"a": "居民养老保险注销登记（缴费人员）", "b": "居民养老保险注销登记（待遇人员）",
    ...              "c": "居民养老保险注销登记撤销（待遇人员）"}, "每月领着养老金呢", "老人走了，养老保险要注销")
    {'a': 0, 'b': 1, 'c': 0}
    """
    reading = official_reading(compact(reply))
    story = official_reading(compact(f"{asked}，{reply}"))
    schemes_said = set(sectors_said(reading)) | set(lexicon.meanings_in("schemes", reply))
    steps_said = steps_in(story)
    said_pairs = char_pairs(reading)
    schemes = _distinct({i: set(sectors_of(n)) for i, n in names.items()})
    steps = _distinct({i: steps_in(n) for i, n in names.items()})
    qualifiers = _distinct({i: _qualifier_pairs(n) for i, n in names.items()})
    scores = {}
    for item in names:
        score = len(schemes[item] & schemes_said) - (bool(schemes_said) and bool(schemes[item] - schemes_said))
        score += len(steps[item] & steps_said) - len(steps[item] - steps_said)
        score += bool(qualifiers[item] & said_pairs)
        scores[item] = score
    return scores


def told_apart(names: Mapping[str, str], reply: str, asked: str = "") -> str | None:
    """The offered item whose marks the reply says, if it leads every other one by ``LEAD``.

    >>> told_apart({"a": "居民养老保险注销登记（缴费人员）", "b": "居民养老保险注销登记（待遇人员）",
    ...             "c": "居民养老保险注销登记撤销（待遇人员）", "d": "企业注销社会保险登记"},
    ...            "老爷子是村里的，每月领养老金", "俺爹走了，养老保险要注销")
    'b'
    """
    if len(names) < 2:
        return None
    ranked = sorted(mark_scores(names, reply, asked).items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 1 and top - second >= LEAD else None
