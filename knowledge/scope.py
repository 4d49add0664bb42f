"""Questions that belong to other departments, so the assistant says so instead of guessing.

Citizens ask the 人社局 assistant about 公积金, 医保报销, 身份证, 低保… Those words share
characters with real guides (补缴, 备案, 报销, 津贴), so the linker can find a weak match; a
question about one of these topics is answered only when it names a guide outright or links to
one almost certainly (a side remark such as "家里是低保户" in a question about 就业困难人员认定).

The table of departments and their typical services is data the bureau's staff review:
``data/lexicon/departments.yml`` (department → words, each entry with a real example). A word that
occurs in any guide's name or alias is refused when the knowledge base is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge import lexicon
from knowledge.normalize import compact

NOT_GOVERNMENT = "非政务"  # the table's name for things no government office handles (the weather, shares…)


@dataclass(frozen=True)
class Topic:
    """Another department's business a text mentions: the words as said, and who handles it."""

    words: str
    department: str

    @property
    def governmental(self) -> bool:
        return self.department != NOT_GOVERNMENT


def other_department(text: str) -> Topic | None:
    """The first other department's business the text mentions, if any.

    >>> other_department("俺儿媳妇户口要迁过来 找谁办")
    Topic(words='户口要迁', department='公安部门')
    """
    cleaned = compact(text)
    for department, entries in lexicon.load("departments").items():
        for word in (w for entry in entries for w in entry.words):
            span = lexicon.where(word, cleaned)
            if span is not None:
                return Topic(cleaned[span[0]:span[1]], department)
    return None


def all_departments(text: str) -> list[tuple[int, int, Topic]]:
    """Every other department's business a text mentions: (start, end, topic), punctuation kept.

    >>> [(start, topic.department) for start, _end, topic in all_departments("特困供养基本生活费去哪领")]
    [(0, '民政部门')]
    """
    found = []
    for department, entries in lexicon.load("departments").items():
        for word in (w for entry in entries for w in entry.words):
            span = lexicon.where(word, text)
            if span is not None:
                found.append((span[0], span[1], Topic(text[span[0]:span[1]], department)))
    return sorted(found, key=lambda row: row[0])


def other_department_topic(text: str) -> str | None:
    """The words of the first other department's business the text mentions, if any."""
    topic = other_department(text)
    return topic.words if topic else None


def topic_words() -> list[str]:
    """Every word of the departments table (for checks against the guides' names)."""
    return [w for entries in lexicon.load("departments").values() for entry in entries for w in entry.words]


def check_against(surfaces: list[str]) -> None:
    """Refuse a department word that a guide's name or alias has (it would hide a guide of ours):
    ``LexiconError`` names the file and line."""
    for entries in lexicon.load("departments").values():
        for entry in entries:
            clash = next(((w, s) for w in entry.words if lexicon.GAP not in w for s in surfaces if w in s), None)
            if clash:
                raise lexicon.LexiconError(f"data/lexicon/departments.yml:{entry.line}: 词语“{clash[0]}”在人社事项"
                                           f"“{clash[1]}”的名称或别名里，不能算作其他部门的业务")
