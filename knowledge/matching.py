"""Text-matching primitives of item linking: weighted n-gram indexes, ordered characters
(abbreviations) and homophone correction against the guides' vocabulary."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import jieba
from pypinyin import lazy_pinyin

EVERYDAY_FREQ = 50  # a word jieba's dictionary counts this often is everyday speech (实业, 坚定), maybe a slip
COMMON_FREQ = 2000  # …and this often, what was almost surely meant (手机, 以前, 自己)
# Characters of grammar, not of names: a pair with one ("是不" of 是不是) is only corrected where the
# correction fits its neighbours on both sides as the guides write them (创业不贴申请 → 补贴)
FUNCTION_CHARS = frozenset("的了吗呢吧啊嘛么是不没有要能会可在这那哪什怎我你他她们就还也都和把被去来到上下里个")


@lru_cache(maxsize=1)
def everyday_words() -> dict[str, int]:
    """Two-character words of jieba's dictionary common enough to be what was said, with counts."""
    words = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split()
            if len(word) == 2 and int(freq) >= EVERYDAY_FREQ:
                words[word] = int(freq)
    return words


def in_order(chars: str, weights: Sequence[float], text: str) -> float:
    """The largest weight of ``chars`` that occur in ``text`` in the same order (weighted LCS)."""
    previous = [0.0] * (len(text) + 1)
    for ch, weight in zip(chars, weights):
        current = [0.0]
        for j, other in enumerate(text):
            current.append(max(previous[j + 1], current[j], previous[j] + weight if ch == other else 0.0))
        previous = current
    return previous[-1]


class HomophoneCorrector:
    """Fixes speech-recognition homophones against the guides' vocabulary: 实业保险 → 失业保险.

    A two-character pair the guides' names never use, whose toneless pinyin equals one they do
    use, is replaced by it. The more likely the pair was said as it is, the more of the guides'
    words the replacement must fit (see ``_evidence``): 实业保险 → 失业保险, but 手机 stays 手机 and
    是不是 stays 是不是. Among several replacements the best fitting, then the most frequent, wins.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._everyday = everyday_words()
        self._bigrams: Counter[str] = Counter()
        self._trigrams: set[str] = set()
        self._quadgrams: set[str] = set()
        for text in texts:
            self._bigrams.update(text[i : i + 2] for i in range(len(text) - 1))
            self._trigrams.update(text[i : i + 3] for i in range(len(text) - 2))
            self._quadgrams.update(text[i : i + 4] for i in range(len(text) - 3))
        self._by_sound: dict[str, list[str]] = {}
        for bigram in self._bigrams:
            if all("\u4e00" <= ch <= "\u9fff" for ch in bigram):
                self._by_sound.setdefault(" ".join(lazy_pinyin(bigram)), []).append(bigram)

    def _fits(self, chars: Sequence[str], i: int, option: str) -> tuple[bool, bool, bool]:
        """How ``option`` in place of the pair at ``i`` fits the guides' words: as four characters
        with its neighbours; as three on some side; as three on every side with a neighbour of
        substance (not a character of grammar)."""
        left, right = "".join(chars[max(i - 2, 0) : i]), "".join(chars[i + 2 : i + 4])
        quad = (left + option)[-4:] in self._quadgrams or (option + right)[:4] in self._quadgrams
        sides = [(left[-1:] + option, left[-1:]), (option + right[:1], right[:1])]
        some = any(near and gram in self._trigrams for gram, near in sides)
        told = [gram for gram, near in sides if near and near not in FUNCTION_CHARS]
        every = bool(told) and all(gram in self._trigrams for gram in told)
        return quad, some, every

    def _evidence(self, chars: Sequence[str], i: int, option: str) -> bool:
        """Whether the guides' words back replacing the pair at ``i`` with ``option``.

        Four characters always do. Otherwise: a replacement that changes a character of an
        everyday word formed with a neighbour (单位推荐: 位推 → 位退) is refused; a common word or a
        pair with a character of grammar needs a fit on every side (创业不贴申请); a rarer everyday
        word one fit (投诉实业金: 失业金); any other pair a fit, or no known word beside it to straddle.
        """
        quad, some, every = self._fits(chars, i, option)
        if quad:
            return True
        bigram = chars[i] + chars[i + 1]
        before, after = (chars[i - 1] if i else ""), (chars[i + 2] if i + 2 < len(chars) else "")
        if (option[0] != bigram[0] and before + bigram[0] in self._everyday) or (
            option[1] != bigram[1] and bigram[1] + after in self._everyday
        ):
            return False
        if self._everyday.get(bigram, 0) >= COMMON_FREQ or not FUNCTION_CHARS.isdisjoint(bigram):
            return every
        if bigram in self._everyday:
            return some
        straddles = before + bigram[0] in self._bigrams or bigram[1] + after in self._bigrams
        return some or not straddles

    def correct(self, text: str) -> str:
        """The text with pairs the guides never use replaced by homophones they use."""
        chars = list(text)
        i = 0
        while i < len(chars) - 1:
            bigram = chars[i] + chars[i + 1]
            if bigram in self._bigrams or not all("\u4e00" <= ch <= "\u9fff" for ch in bigram):
                i += 1
                continue
            options = [o for o in self._by_sound.get(" ".join(lazy_pinyin(bigram)), [])
                       if self._evidence(chars, i, o)]
            if options:
                best = max(options, key=lambda o: (self._fits(chars, i, o), self._bigrams[o]))
                chars[i], chars[i + 1] = best[0], best[1]
                i += 2
            else:
                i += 1
        return "".join(chars)


class GramIndex:
    """IDF weights and an inverted index of n-grams over the surfaces."""

    def __init__(self, documents: Sequence[frozenset[str]]) -> None:
        df: Counter[str] = Counter()
        for grams in documents:
            df.update(grams)
        self.idf = {gram: math.log(1 + len(documents) / n) for gram, n in df.items()}
        self._postings: dict[str, list[int]] = {}
        self._totals = []
        for number, grams in enumerate(documents):
            self._totals.append(sum(self.idf[g] for g in grams) or 1.0)
            for gram in grams:
                self._postings.setdefault(gram, []).append(number)

    def containing(self, gram: str) -> list[int]:
        """The documents that have the n-gram."""
        return self._postings.get(gram, [])

    def recall(self, grams: frozenset[str]) -> dict[int, float]:
        """For every document sharing an n-gram with ``grams``: its weighted share covered."""
        hits: dict[int, float] = {}
        for gram in grams:
            weight = self.idf.get(gram)
            if weight is None:
                continue
            for number in self._postings[gram]:
                hits[number] = hits.get(number, 0.0) + weight
        return {number: hit / self._totals[number] for number, hit in hits.items()}


def weighted_share(part: frozenset[str], whole: frozenset[str], idf: dict[str, float]) -> float:
    """Weighted share of ``part``'s n-grams that also occur in ``whole`` (unknown n-grams weigh most)."""
    if not part:
        return 0.0
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(g, default) for g in part)
    hit = sum(idf.get(g, default) for g in part if g in whole)
    return hit / total if total else 0.0
