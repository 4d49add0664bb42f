"""Text-matching primitives of item linking: weighted n-gram indexes, ordered characters
(abbreviations) and homophone correction against the guides' vocabulary."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from pypinyin import lazy_pinyin


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

    A two-character word the guides never use, whose toneless pinyin equals one they do use,
    is replaced by it; among several, the one that fits the neighbouring characters (as the
    guides write them) and is most frequent wins.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._bigrams: Counter[str] = Counter()
        self._trigrams: set[str] = set()
        for text in texts:
            self._bigrams.update(text[i : i + 2] for i in range(len(text) - 1))
            self._trigrams.update(text[i : i + 3] for i in range(len(text) - 2))
        self._by_sound: dict[str, list[str]] = {}
        for bigram in self._bigrams:
            if all("\u4e00" <= ch <= "\u9fff" for ch in bigram):
                self._by_sound.setdefault(" ".join(lazy_pinyin(bigram)), []).append(bigram)

    def correct(self, text: str) -> str:
        """The text with unknown two-character words replaced by known homophones."""
        chars = list(text)
        i = 0
        while i < len(chars) - 1:
            bigram = chars[i] + chars[i + 1]
            if bigram in self._bigrams or not all("\u4e00" <= ch <= "\u9fff" for ch in bigram):
                i += 1
                continue
            options = self._by_sound.get(" ".join(lazy_pinyin(bigram)), [])
            before = chars[i - 1] if i else ""
            after = chars[i + 2] if i + 2 < len(chars) else ""
            fits = {o: (before + o)[-3:] in self._trigrams or (o + after)[:3] in self._trigrams for o in options}
            # a pair that straddles two known words ("恢复需要" → 复需) is corrected only where the
            # correction fits its neighbours as the guides write them
            straddles = before + bigram[0] in self._bigrams or bigram[1] + after in self._bigrams
            if options and (any(fits.values()) or not straddles):
                best = max(options, key=lambda o: (fits[o], self._bigrams[o]))
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
