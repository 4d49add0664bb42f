"""Vocabulary kept as data (``data/lexicon/*.yml``), which the bureau's staff can read and correct.

Each file maps a meaning (a scheme such as ``机关事业``, or what a turn does such as ``correction``)
to entries; an entry is a list of words and a real example sentence that contains one of them::

    机关事业:
      - words: [事业编, 行政编]
        example: 他在县医院上班，事业编

A word may hold "…" for a few characters between its parts ("户口…迁" also finds "户口要迁回来").
Python keeps the mechanisms that use the words; the words themselves live here. Files are checked
when the knowledge base is built (``python -m knowledge build``): an empty entry, an example that
has none of its words, or a word listed twice stops the build with the file and line named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from knowledge.settings import DATA_DIR

LEXICON_DIR = DATA_DIR / "lexicon"
# files whose meanings may share words ("时间" is asked of both 办事时间 and 办结时限)
OVERLAPPING = frozenset({"field_words.yml"})
GAP = "…"  # in a word: up to ``GAP_CHARS`` characters between its parts
GAP_CHARS = 8


class LexiconError(ValueError):
    """A lexicon file that cannot be used, with where and why."""


@dataclass(frozen=True)
class Entry:
    """Words that mean one thing, and a sentence a citizen said with one of them."""

    meaning: str
    words: tuple[str, ...]
    example: str
    line: int


class _Lines(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (for error messages)."""


def _mapping_with_line(loader: _Lines, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def parse(text: str, source: str = "<text>", overlapping: bool = False) -> dict[str, tuple[Entry, ...]]:
    """The entries of one lexicon file's text, checked; ``LexiconError`` names the line at fault.

    >>> parse("机关事业:\\n  - words: [事业编]\\n    example: 他是事业编\\n")["机关事业"][0].words
    ('事业编',)
    """
    data = yaml.load(text, Loader=_Lines) or {}  # noqa: S506 - a SafeLoader subclass
    data.pop("__line__", None)
    out: dict[str, tuple[Entry, ...]] = {}
    seen: dict[str, str] = {}
    for meaning, rows in data.items():
        if not isinstance(rows, list) or not rows:
            raise LexiconError(f"{source}: “{meaning}” 下没有词条")
        entries = []
        for row in rows:
            line = row.get("__line__", 0) if isinstance(row, dict) else 0
            where = f"{source}:{line}"
            words = tuple(str(w).strip() for w in (row.get("words") or []) if str(w).strip()) if isinstance(row, dict) else ()
            example = str(row.get("example") or "").strip() if isinstance(row, dict) else ""
            if not words:
                raise LexiconError(f"{where}: “{meaning}”的词条没有词语（words）")
            if not example:
                raise LexiconError(f"{where}: “{meaning}”的词条没有例句（example）")
            if not any(found(w, example) for w in words):
                raise LexiconError(f"{where}: 例句“{example}”不含本条的任何一个词语")
            for word in words:
                if word in seen and (seen[word] == meaning or not overlapping):
                    raise LexiconError(f"{where}: 词语“{word}”重复（已在“{seen[word]}”下）")
                seen[word] = meaning
            entries.append(Entry(str(meaning), words, example, line))
        out[str(meaning)] = tuple(entries)
    return out


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(f".{{0,{GAP_CHARS}}}?".join(re.escape(part) for part in word.split(GAP)))


def found(word: str, text: str) -> bool:
    """Whether a lexicon word occurs in a text ("户口…迁" in "户口要迁回来").

    >>> found("户口…迁", "俺儿媳妇户口要迁过来"), found("户口…迁", "迁户口")
    (True, False)
    """
    return word in text if GAP not in word else _pattern(word).search(text) is not None


def where(word: str, text: str) -> tuple[int, int] | None:
    """Where a lexicon word occurs in a text (start, end), if it does."""
    match = _pattern(word).search(text)
    return match.span() if match else None


@cache
def load(name: str, directory: Path = LEXICON_DIR) -> dict[str, tuple[Entry, ...]]:
    """The checked entries of ``data/lexicon/<name>.yml`` (read once per process)."""
    path = directory / f"{name}.yml"
    return parse(path.read_text(encoding="utf-8"), f"data/{directory.name}/{path.name}", path.name in OVERLAPPING)


def words(name: str, meaning: str) -> tuple[str, ...]:
    """All words of one meaning of a lexicon file, longest first (so that a longer word is tried first)."""
    found = {w for entry in load(name).get(meaning, ()) for w in entry.words}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


def meanings_in(name: str, text: str) -> list[str]:
    """The meanings of a lexicon file whose words the text has, in the file's order.

    >>> meanings_in("schemes", "他在县医院上班，事业编")
    ['机关事业']
    """
    return [meaning for meaning, entries in load(name).items() if any(found(w, text) for e in entries for w in e.words)]


def check_all(directory: Path = LEXICON_DIR) -> list[str]:
    """Every lexicon file parsed; the names of the files checked (``LexiconError`` on the first fault)."""
    checked = []
    for path in sorted(directory.glob("*.yml")):
        load.cache_clear()
        load(path.stem, directory)
        checked.append(path.name)
    return checked
