"""Pinyin typed instead of characters ("gongshang rending yao dai shenme", "tuixiu shouxu 在哪办").

Citizens on phones without a Chinese keyboard type toneless pinyin, whole or mixed with
characters, with or without spaces. Each run of latin letters that reads entirely as pinyin is
written in characters: the run is cut into the words whose toneless pinyin spells it, preferring
the knowledge base's own vocabulary (guide names, aliases, field words, the lexicon's everyday and
question words), then common words (jieba's dictionary), longer words before shorter ones; a
syllable no word covers becomes its most common character. A run that does not read as pinyin
("app", "QQ") is left as typed. The result is then understood like any other question; homophones
left wrong (事业 for 失业) are the linker's pinyin matching's to forgive.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin

PROJECT_ROOT = Path(__file__).resolve().parent.parent
USERDICT = PROJECT_ROOT / "bot" / "jieba" / "userdict.txt"  # names, aliases and field words (bot/generate)
COMMON_WORDS = 60_000  # the most frequent words of jieba's dictionary that are read as well
MAX_WORD_LETTERS = 40  # no vocabulary word is spelt longer than this
WEIGHTS_FILE = PROJECT_ROOT / "data" / "pinyin_weights.yml"  # fitted: python -m knowledge pinyin-fit
_LATIN = re.compile(r"[A-Za-z][A-Za-z' ]*[A-Za-z]|[A-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Weights:
    """How a reading of a run of letters is scored (fitted to the bot's own training questions,
    ``knowledge/pinyin_fit.py``): a word is worth its source's weight times its syllables to the
    ``length_power``; every word cut off costs ``piece_cost``, a one-letter syllable (a, o, e, n)
    ``letter_cost`` more ("yao" is 要, not 呀哦), one starting with a vowel after another ``vowel_cost``
    more ("zhuandao" is 转到, not 住暗道)."""

    domain: float  # the knowledge base's own words: guide names, aliases, field words
    asking: float  # the lexicon's question and everyday words
    common: float  # jieba's most frequent words
    piece_cost: float
    letter_cost: float
    length_power: float
    vowel_cost: float  # a word starting with a, o or e after another: typed together, it was one syllable


@lru_cache(maxsize=1)
def fitted_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The weights of ``data/pinyin_weights.yml``."""
    import yaml

    return Weights(**yaml.safe_load(path.read_text(encoding="utf-8"))["weights"])


@dataclass(frozen=True)
class Spelling:
    """The best word for one pinyin spelling, and how much a match of it is worth."""

    word: str
    score: float


@lru_cache(maxsize=1)
def _sources() -> tuple[dict[str, int], set[str], set[str]]:
    """The words that may be read: jieba's most frequent (with frequencies), the lexicon's asking and
    everyday words, and the knowledge base's own."""
    import jieba

    from knowledge import lexicon, segment
    from knowledge.normalize import QUESTION_WORDS
    from knowledge.vocabulary import ALSO_READ, SYNONYMS

    common = _common_words(Path(jieba.__file__).parent / "dict.txt")
    domain: set[str] = set()
    if USERDICT.exists():
        for line in USERDICT.read_text(encoding="utf-8").splitlines():
            entry = line.split(" ")[0]
            domain.add(entry)
            domain.update(w for w in segment.cut(entry, guides=False) if len(w) >= 2)  # its words
    domain |= set(ALSO_READ) | set(SYNONYMS)  # everyday words for the guides' own ("失业金", "停了")
    asking = set(QUESTION_WORDS)
    for path in sorted(lexicon.LEXICON_DIR.glob("*.yml")):
        asking.update(w for entries in lexicon.load(path.stem).values() for e in entries for w in e.words
                      if lexicon.GAP not in w)
    return common, asking, domain


@lru_cache(maxsize=1)
def _vocabulary(weights: Weights) -> tuple[dict[str, Spelling], dict[str, str], int]:
    """Spelling → best word; syllable → most common character; the longest spelling."""
    common, asking, domain = _sources()
    spellings: dict[str, Spelling] = {}
    chars: dict[str, tuple[int, str]] = {}
    for word, freq in common.items():
        _offer(spellings, word, weights.common, freq, weights)
        if len(word) == 1:
            syllable = "".join(lazy_pinyin(word))
            if syllable.isalpha() and freq > chars.get(syllable, (0, ""))[0]:
                chars[syllable] = (freq, word)
    for word in sorted(asking):  # sorted: ties are broken the same way in every process
        _offer(spellings, word, weights.asking, common.get(word, 1), weights)
    for word in sorted(domain):
        _offer(spellings, word, weights.domain, common.get(word, 1), weights)
    longest = max((len(s) for s in spellings), default=1)
    return spellings, {s: c for s, (_f, c) in chars.items()}, longest


def _common_words(path: Path) -> dict[str, int]:
    """The most frequent words of a jieba dictionary file (word → frequency)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and _HAN.match(parts[0]):
            rows.append((parts[0], int(parts[1])))
    rows.sort(key=lambda row: -row[1])
    return dict(rows[:COMMON_WORDS])


@cache
def _syllables_of(word: str) -> list[str]:
    """A word's toneless syllables (computed once: refitting the weights offers every word again)."""
    return lazy_pinyin(word)


def _offer(spellings: dict[str, Spelling], word: str, weight: float, freq: int, weights: Weights) -> None:
    """Keep the word for its spelling if it is worth more than the one kept (longer words and
    the knowledge base's own words first, then more frequent ones)."""
    if not word or not all(_HAN.match(ch) for ch in word):
        return
    syllables = _syllables_of(word)
    spelling = "".join(syllables)
    if not spelling.isalpha() or len(spelling) > MAX_WORD_LETTERS or _run_together(syllables):
        return
    weight = weight if len(syllables) > 1 else weights.common  # one syllable: its most common reading only
    score = weight * len(syllables) ** weights.length_power + 0.01 * math.log1p(freq)
    typed = [spelling]
    if len(syllables) > 1 and word.endswith("儿"):  # 哪儿 is typed "nar" as often as "naer"
        typed.append("".join(syllables[:-1]) + "r")
    for each in typed:
        kept = spellings.get(each)
        if kept is None or score > kept.score:
            spellings[each] = Spelling(word, score)


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (of the CJK characters pypinyin knows)."""
    return frozenset(s for s in lazy_pinyin("".join(chr(c) for c in range(0x4E00, 0x9FA6))) if s.isalpha())


def _run_together(syllables: list[str]) -> bool:
    """Whether a word's spelling reads as fewer syllables when typed without apostrophes: 西安
    (xi'an) typed "xian" is 先/县, not 西安; 档案 (dang'an) stays."""
    return any(b[:1] in "aoe" and a + b in _syllables() for a, b in zip(syllables, syllables[1:]))


def _spelt(letters: str, weights: Weights | None = None) -> str | None:
    """The characters a run of letters spells, or ``None`` if it does not read as pinyin.

    >>> _spelt("shebaoka")
    '社保卡'
    """
    weights = weights or fitted_weights()
    spellings, chars, longest = _vocabulary(weights)
    n = len(letters)
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        score, words = best[i]  # type: ignore[misc]
        for j in range(i + 1, min(n, i + longest) + 1):
            piece = letters[i:j]
            found = spellings.get(piece)
            options = [(found.score, found.word)] if found else []
            if piece in chars:  # a syllable on its own: its most common character, worth little
                options.append((0.1, chars[piece]))
            cost = weights.piece_cost + (weights.letter_cost if j - i == 1 else 0.0) + (
                weights.vowel_cost if i and piece[0] in "aoe" else 0.0)  # "zhuandao": 转到, not 住暗道
            for gain, word in options:
                total = score + gain - cost
                if best[j] is None or total > best[j][0]:  # type: ignore[index]
                    best[j] = (total, [*words, word])
    return "".join(best[n][1]) if best[n] is not None else None  # type: ignore[index]


def hanzi_of(text: str) -> str:
    """The text with every run of pinyin written in characters (the rest as typed).

    >>> hanzi_of("tuixiu shouxu 在哪办")
    '退休手续 在哪办'
    """
    if not text or text.startswith("/") or not re.search(r"[A-Za-z]", text):
        return text  # a button's payload (/choose{"guide_id": …}) is no pinyin

    def convert(match: re.Match[str]) -> str:
        letters = re.sub(r"[' ]", "", match.group(0)).lower()
        spelt = _spelt(letters) if len(letters) >= 2 else None
        if spelt is None and " " in match.group(0).strip():  # a word that reads as no pinyin: the rest still does
            return "".join(_spelt(part.lower()) or f" {part} " for part in match.group(0).split()).strip()
        return spelt if spelt else match.group(0)

    return _LATIN.sub(convert, text)


def warm_up() -> None:
    """Build the vocabulary now rather than on the first pinyin question."""
    _vocabulary(fitted_weights())
