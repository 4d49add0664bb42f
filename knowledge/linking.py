"""Item linking: from what a user wrote to ranked guide candidates with scores.

Signals, per surface form (official name and aliases) of every guide:
- exact mention: the surface occurs in the text (a spaCy ``PhraseMatcher`` over all
  surfaces finds every occurrence in one pass);
- weighted n-gram coverage: how much of the surface the text mentions and how much of the
  text's mention the surface explains, with IDF weights so that 暂停/恢复/补发 count more
  than 养老保险 (this keeps near-twin items apart);
- the same coverage on toneless pinyin syllables, for speech-recognition homophones
  (设保→社保, 实业→失业);
- fuzzy matching (rapidfuzz) for typos;
- BM25 full-text ranking over names and descriptions as the last resort.
Traditional characters are converted first. A previous item (dialogue context) gives a
second reading: a partial mention replaces part of its name, so "那小微企业的呢" after
个人申请创业担保贷款 links to 小微企业申请创业担保贷款.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import spacy
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher

from knowledge.normalize import compact, mention_of, strip_fillers
from knowledge.repository import Candidate, CatalogueEntry, GuideRepository, GuideSummary
from knowledge.search import SearchIndex, char_ngrams

# Linking decisions
CONFIDENT = 0.80  # accept the top candidate at or above this score…
MARGIN = 0.06  # …when it leads the next one by at least this much
PLAUSIBLE = 0.50  # candidates at or above this score are worth offering in a clarification
MAX_CANDIDATES = 5
LONE_PLAUSIBLE, LONE_LEAD = 0.60, 0.20  # a lone plausible candidate far ahead is accepted too

_NAME, _CURATED, _GENERATED = 1.0, 1.0, 0.97
_PINYIN_FACTOR = 0.92
_FUZZY_FACTOR = 0.85
_BM25_FACTOR = 0.6
SWITCH_ACCEPT, SWITCH_LEAD = 0.6, 0.1  # accepting a switch from the previous item
SWITCH_COVER = 0.6  # share of a switching mention ("小微企业") a candidate's name must contain


@dataclass(frozen=True)
class Surface:
    """One way of naming a guide."""

    index: int  # into the catalogue
    text: str
    weight: float
    grams: frozenset[str]
    pinyin: tuple[str, ...]
    pinyin_grams: frozenset[str]


@dataclass(frozen=True)
class LinkResult:
    """Ranked candidates and what the linker concluded."""

    candidates: tuple[Candidate, ...]
    mention: str
    from_context: bool = False  # ranked as a switch from the previous item

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def confident(self) -> bool:
        """Whether the top candidate can be answered about without asking.

        Either it scores high and leads the next one, or it is the only plausible one by far.
        """
        if not self.candidates:
            return False
        top = self.candidates[0].score
        lead = top - (self.candidates[1].score if len(self.candidates) > 1 else 0.0)
        if self.from_context:
            return top >= SWITCH_ACCEPT and lead >= SWITCH_LEAD
        return (top >= CONFIDENT and lead >= MARGIN) or (top >= LONE_PLAUSIBLE and lead >= LONE_LEAD)

    @property
    def plausible(self) -> tuple[Candidate, ...]:
        """Candidates good enough to offer when asking the user to choose."""
        return tuple(c for c in self.candidates if c.score >= PLAUSIBLE)[:MAX_CANDIDATES]


def _grams(text: str) -> frozenset[str]:
    return frozenset(char_ngrams(text))


def _pinyin(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text, errors="ignore"))


def _pinyin_grams(syllables: Sequence[str]) -> frozenset[str]:
    grams = set(syllables)
    grams.update(f"{a}_{b}" for a, b in zip(syllables, syllables[1:]))
    return frozenset(grams)


class ItemLinker:
    """Links text to guides of one catalogue (build once, query many times)."""

    def __init__(self, catalogue: Sequence[CatalogueEntry]) -> None:
        self._entries = list(catalogue)
        self._surfaces: list[Surface] = []
        for index, entry in enumerate(self._entries):
            forms = [(entry.guide.name, _NAME)] + [
                (alias, _CURATED if i < len(entry.aliases) else _GENERATED) for i, alias in enumerate(entry.aliases)
            ]
            for text, weight in forms:
                key = compact(text)
                if key:
                    syllables = _pinyin(key)
                    self._surfaces.append(
                        Surface(index, key, weight, _grams(key), syllables, _pinyin_grams(syllables))
                    )
        self._chars = _GramIndex([s.grams for s in self._surfaces])
        self._pinyin = _GramIndex([s.pinyin_grams for s in self._surfaces])
        self._nlp = spacy.blank("zh")  # character segmentation: matches work inside any word
        self._matcher = PhraseMatcher(self._nlp.vocab)
        for number, surface in enumerate(self._surfaces):
            self._matcher.add(str(number), [self._nlp.make_doc(surface.text)])
        self._bm25 = SearchIndex([(e.guide.name, e.aliases, e.description) for e in self._entries])
        self._by_id = {entry.guide.id: index for index, entry in enumerate(self._entries)}

    @classmethod
    def from_repository(cls, repo: GuideRepository) -> "ItemLinker":
        """A linker over the repository's current catalogue."""
        return cls(repo.catalogue())

    def guide(self, guide_id: str) -> GuideSummary | None:
        """The catalogue entry of a guide id."""
        index = self._by_id.get(guide_id)
        return self._entries[index].guide if index is not None else None

    def exact_mentions(self, text: str) -> dict[int, float]:
        """Guides whose surface occurs verbatim in the text, with the surface's weight × length share."""
        doc = self._nlp.make_doc(text)
        found: dict[int, float] = {}
        for match_id, _start, _end in self._matcher(doc):
            surface = self._surfaces[int(self._nlp.vocab.strings[match_id])]
            found[surface.index] = max(found.get(surface.index, 0.0), surface.weight + 0.002 * len(surface.text))
        return found

    def link(self, text: str, context: str | None = None, limit: int = MAX_CANDIDATES) -> LinkResult:
        """Ranked candidates for the item the text is about; ``context`` is the previous item's id."""
        full = strip_fillers(compact(text))
        mention = mention_of(text)
        if not full:
            return LinkResult((), mention)
        plain = self._ranked(self._score(full, mention), mention, limit)
        if context is None or context not in self._by_id or plain.confident or not mention:
            return plain
        switched = self._switch(mention, self._by_id[context], limit)
        return switched if switched.candidates else plain

    def _ranked(
        self, scores: dict[int, tuple[float, str]], mention: str, limit: int, from_context: bool = False
    ) -> LinkResult:
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], self._entries[kv[0]].guide.position))[:limit]
        candidates = tuple(
            Candidate(self._entries[i].guide, round(min(score, 1.0), 4), reason) for i, (score, reason) in ranked
        )
        return LinkResult(candidates, mention, from_context)

    def _switch(self, mention: str, previous: int, limit: int) -> LinkResult:
        """Read a partial mention against the previous item: "那小微企业的呢" after 个人创业担保贷款.

        The mention replaces part of the previous item's name; candidates must contain the
        mention and are ranked by how well they match mention + previous name.
        """
        combined = mention + compact(self._entries[previous].guide.name)
        scores = self._score(combined, combined)
        mention_grams = _grams(mention)
        kept = {
            index: (score, "上下文")
            for index, (score, _reason) in scores.items()
            if index != previous
            and _weighted_share(mention_grams, _grams(compact(self._entries[index].guide.name)), self._chars.idf)
            >= SWITCH_COVER
        }
        return self._ranked(kept, mention, limit, from_context=True)

    def _score(self, full: str, mention: str) -> dict[int, tuple[float, str]]:
        best: dict[int, tuple[float, str]] = {}

        def offer(index: int, score: float, reason: str) -> None:
            if score > best.get(index, (0.0, ""))[0]:
                best[index] = (score, reason)

        for index, weight in self.exact_mentions(full).items():
            offer(index, 0.75 + 0.25 * min(weight, 1.0) * self._precision_hint(index, mention), "名称或别名")
        mention_grams = _grams(mention or full)
        text_py = _pinyin(full)
        mention_py_grams = _pinyin_grams(_pinyin(mention)) if mention else _pinyin_grams(text_py)
        recalls = self._chars.recall(_grams(full))
        py_recalls = self._pinyin.recall(_pinyin_grams(text_py))
        for number in set(recalls) | set(py_recalls):
            surface = self._surfaces[number]
            recall, py_recall = recalls.get(number, 0.0), py_recalls.get(number, 0.0)
            if recall >= 0.3:
                precision = _weighted_share(mention_grams, surface.grams, self._chars.idf)
                offer(surface.index, surface.weight * (0.7 * recall + 0.3 * precision) * 0.95, "部分名称")
                if 0.4 <= recall < 0.95 and len(surface.text) >= 3:
                    scorer = fuzz.partial_ratio if len(surface.text) <= len(full) else fuzz.ratio
                    offer(surface.index, surface.weight * scorer(surface.text, full) / 100.0 * _FUZZY_FACTOR, "字面相近")
            if py_recall >= 0.5 and py_recall > recall:
                py_precision = _weighted_share(mention_py_grams, surface.pinyin_grams, self._pinyin.idf)
                offer(
                    surface.index,
                    surface.weight * (0.7 * py_recall + 0.3 * py_precision) * _PINYIN_FACTOR,
                    "拼音相近",
                )
        for index, score in self._bm25.rank(full, 3):
            offer(index, score * _BM25_FACTOR, "全文检索")
        return best

    def _precision_hint(self, index: int, mention: str) -> float:
        """How much of the mention the guide's best surface explains (0..1)."""
        if not mention:
            return 1.0
        grams = _grams(mention)
        shares = [_weighted_share(grams, s.grams, self._chars.idf) for s in self._surfaces if s.index == index]
        return max(shares, default=0.0)


class _GramIndex:
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


def _weighted_share(part: frozenset[str], whole: frozenset[str], idf: dict[str, float]) -> float:
    """Weighted share of ``part``'s n-grams that also occur in ``whole`` (unknown n-grams weigh most)."""
    if not part:
        return 0.0
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(g, default) for g in part)
    hit = sum(idf.get(g, default) for g in part if g in whole)
    return hit / total if total else 0.0
