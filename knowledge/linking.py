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
- an abbreviation: the name's characters said in order (专技 of 专业技术);
- BM25 full-text ranking over names, descriptions and the questions citizens ask about each
  guide (data/example_questions.yml) as the last resort.
Traditional characters are converted first. A previous item (dialogue context) gives a
second reading: a partial mention replaces part of its name, so "换成小微企业呢" after
个人申请创业担保贷款 links to 小微企业申请创业担保贷款.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import spacy
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher

from knowledge.link_result import (  # noqa: F401  (re-exported: the linker's results and decisions)
    AGREED,
    EXACT,
    FULL_TEXT_ONLY,
    LEAN_EXPLAINED,
    MARGIN,
    MAX_CANDIDATES,
    PLAUSIBLE,
    TIED_LEAD,
    LinkResult,
)
from knowledge.matching import GramIndex, HomophoneCorrector, in_order, weighted_share
from knowledge.normalize import compact, mention_of, names_only_documents, strip_fillers
from knowledge.repository import Candidate, CatalogueEntry, GuideRepository, GuideSummary
from knowledge.search import SearchIndex, char_ngrams
from knowledge.vocabulary import (
    ALSO_READ,
    KINSHIP,
    MARKED_WORDS,
    REVERSED,
    SECTORS,
    SYNONYMS,
    actions_in,
    asked_actions,
    insurances_named,
    insurances_of,
    official_reading,
    other_readings,
    qualified,
    reversed_name,
    rewrite_synonyms,
    sectors_of,
    sectors_said,
    sibling_actions,
    states_asked,
    steps_told,
    told_actions,
)

KNOWN_CHARS = 8  # words up to this long are looked up among the pieces of names and aliases
RECENT_LINKS = 512  # link results remembered per linker (they depend only on text, context and limit)

_NAME, _CURATED, _GENERATED = 1.0, 1.0, 0.97
_PINYIN_FACTOR = 0.92
_FUZZY_FACTOR = 0.75
# An abbreviation says a name's characters in order, leaving most out (专技 of 专业技术, 丧抚 of
# 丧葬补助金、抚恤金): a mention of at least this many characters…
ABBREVIATION_CHARS = 3
ABBREVIATION_SHARE = 0.85  # …whose weighted characters a name has in the same order, this share of them
_ABBREVIATION_FACTOR = 0.85
MIN_RECALL = 0.3
SHADOWED = 0.8  # recall of a surface said only inside a longer surface of another guide
QUALIFIED = 0.6  # …or only as a party or thing of the story ("工伤认定那边")
BM25_DEPTH = 10
BM25_WEIGHT_SLOPE, BM25_WEIGHT_MAX = 0.6, 0.9
LONG_MENTION_CHARS, LONG_MENTION_SLOPE = 8, 0.03  # full text weighs more per character beyond 8
BM25_MIN_EXPLAINED = 0.05
BM25_WEIGHT = 0.3  # final = (1 - w) * name evidence + w * full-text score relative to the top one
BM25_ALONE = 0.8  # a guide without name evidence is kept only if its full-text score is this close to the top
MIN_LEXICAL = 0.25
AGREED_BONUS = 0.07  # full text and name evidence agreeing on a guide is evidence too
BM25_TIE = 0.999  # full-text scores this close to the top one are a tie
TIED_SHARE = 0.9  # a mention this much inside both top names does not tell them apart (see TIED_LEAD)
ACTION_PENALTY = 0.15  # per action word of the question (暂停、恢复…) missing from the guide's names
DONE_PENALTY = 0.1  # a guide of a step said done, lacking the step asked after it (挂失 in "挂失完了补一张")
STEP_PENALTY = 0.03  # per step asked (补发…) missing from a guide's names, after full text is blended in
MARKED_PENALTY = 0.05  # per word marking a variant of a plainer item (电子、撤销…) the question does not say
SECTOR_PENALTY = 0.15  # a guide of another scheme than the one said (机关事业 when the user said 企业)

TWIN_BAND = 0.05  # candidates this close to the top are told apart by their names…
TWIN_LEAD = 0.05  # …the one whose own name words the user said goes first, ahead by this
VARIANT_BAND = 0.06  # …else the one plain of marked words not said (电子, 供养亲属) goes first, from this close
QUALIFIER_BAND = 0.1  # a twin this close whose bracketed qualifier the user said in full goes first
INSURANCE_BAND = 0.10  # a candidate of the insurance named, this close to a top one of another, goes first
GENERIC_NAME_WORDS = frozenset({"申请", "申报", "办理", "服务", "管理", "手续", "业务"})

PICK_SHARE, PICK_LEAD = 0.35, 0.2  # choosing among offered items by what the user names
SWITCH_COVER = 0.6  # share of a switching mention ("小微企业") a candidate's name must contain
SWITCH_EXPLAINED = 0.6  # weight of "explained by mention + previous name" against "keeps the previous name"
FAMILY_SHARE = 0.6  # share of a guide's service words another's name keeps to be of its family
COUNTERPART_KEEPS = 0.7  # share of the previous name's other words a counterpart in another scheme keeps
FOLLOW_UP_CHARS = 8  # with an item in context, a mention this short that no name explains is a follow-up
FRAGMENT_CHARS = 4  # a mention this short, with an item in context, is first read as a switch
FOLLOW_UP_FRAGMENT = 2  # …and one this short that is no guide's name or alias is a follow-up's words
# A name followed by one of these is a party, place or thing of the story, not the service asked.
_QUALIFIES = re.compile(r"那边|那里|那儿|那办|中心|机构|费的?|结论|确认书")
# …and one said as what the user already receives ("一直领失业金，现在找到工作了") is the story too.
_RECEIVING = re.compile(r"(一直|正在|还在)领(取)?(着|的)?.?$|领着.?$")
# …and one said not to be the case ("孩子还没就业登记") names nothing asked for.
_NEGATED = re.compile(r"(没|没有|未|不|还没|还不)$")
# Words that introduce a switch without naming anything: "倒过来企转机呢", "换成单位的呢".
_SWITCH_MARK = re.compile(r"呢[？?。.!！\s]*$")
_SWITCH_WORDS = re.compile(r"反过来|倒过来|换成|改成|如果是|要是|那么|那|的")


@dataclass(frozen=True)
class Surface:
    """One way of naming a guide."""

    index: int  # into the catalogue
    text: str
    weight: float
    grams: frozenset[str]
    pinyin: tuple[str, ...]
    pinyin_grams: frozenset[str]


def _put_first(result: LinkResult, chosen: Candidate, band: float, lead: float) -> LinkResult:
    """``chosen`` first, at the top score; the others within ``band`` of the top put ``lead`` below it."""
    top = result.candidates[0].score
    rest = tuple(
        replace(c, score=round(min(c.score, top - lead), 4)) if c.score >= top - band else c
        for c in result.candidates if c.guide.id != chosen.guide.id
    )
    return replace(result, candidates=(replace(chosen, score=top), *sorted(rest, key=lambda c: -c.score)))


def _in_context(guide: GuideSummary, mention: str) -> LinkResult:
    """The one item the conversation's context decides on."""
    return LinkResult((Candidate(guide, 1.0, "上下文"),), mention, from_context=True)


def _grams(text: str) -> frozenset[str]:
    return frozenset(char_ngrams(text))


_SCHEME_WORDS = frozenset(w for words in SECTORS.values() for w in words)
_SPECIAL_SCHEMES = frozenset({"机关事业", "城乡居民"})  # schemes a user names when asking of them
_SCHEME_GRAMS = frozenset().union(*(_grams(w) for w in _SCHEME_WORDS))
# a mention of nothing but schemes or levels ("是企业的", "省级的") names no service (工伤 and 居民养老 do)
_SCHEMES_ONLY = re.compile(
    "^(" + "|".join(sorted((w for w in _SCHEME_WORDS if "工伤" not in w and "养老" not in w), key=len, reverse=True)) + "|的)+$"
)


@lru_cache(maxsize=8192)  # the same mention is heard in several readings of one turn
def _pinyin(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text, errors="ignore"))


def _pinyin_grams(syllables: Sequence[str]) -> frozenset[str]:
    grams = set(syllables)
    grams.update(f"{a}_{b}" for a, b in zip(syllables, syllables[1:]))
    return frozenset(grams)


ALL_SIGNALS = frozenset(
    {"exact", "ngram", "pinyin", "fuzzy", "abbreviation", "bm25", "examples", "context", "traditional"}
)


class ItemLinker:
    """Links text to guides of one catalogue (build once, query many times).

    ``signals`` switches parts off for ablation measurements (eval/ablation.py).
    """

    def __init__(self, catalogue: Sequence[CatalogueEntry], signals: frozenset[str] = ALL_SIGNALS) -> None:
        self._signals = signals
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
        self._surfaces_of: dict[int, list[Surface]] = {}
        for surface in self._surfaces:
            self._surfaces_of.setdefault(surface.index, []).append(surface)
        self._union = {i: frozenset().union(*(s.grams for s in ss)) for i, ss in self._surfaces_of.items()}
        self._union_py = {i: frozenset().union(*(s.pinyin_grams for s in ss)) for i, ss in self._surfaces_of.items()}
        foreign = sibling_actions([entry.guide.name for entry in self._entries])
        self._actions = {
            i: set().union(*(actions_in(s.text) for s in ss)) - foreign.get(self._entries[i].guide.name, set())
            for i, ss in self._surfaces_of.items()
        }
        self._sectors = {i: sectors_of(self._entries[i].guide.name) for i in self._surfaces_of}
        # words marking a variant in the official name (an alias may say 再次申诉 for 再申诉)
        self._marked = {i: actions_in(e.guide.name) & MARKED_WORDS - foreign.get(e.guide.name, set())
                        for i, e in enumerate(self._entries)}
        self._qualified = {i: parts for i, e in enumerate(self._entries) if (parts := qualified(e.guide.name))}
        # every piece of a name or alias up to KNOWN_CHARS long: ``knows`` looks a word up at once
        self._known = frozenset(s.text[i:j] for s in self._surfaces for i in range(len(s.text))
                                for j in range(i + 1, min(len(s.text), i + KNOWN_CHARS) + 1))
        self._homophones = HomophoneCorrector([s.text for s in self._surfaces] + list(SYNONYMS) + list(ALSO_READ))
        self._chars = GramIndex([s.grams for s in self._surfaces])
        self._pinyin = GramIndex([s.pinyin_grams for s in self._surfaces])
        self._nlp = spacy.blank("zh")  # character segmentation: matches work inside any word
        self._matcher = PhraseMatcher(self._nlp.vocab)
        for number, surface in enumerate(self._surfaces):
            self._matcher.add(str(number), [self._nlp.make_doc(surface.text)])
        examples = "examples" in self._signals
        self._bm25 = SearchIndex(
            [(e.guide.name, e.aliases, e.description, e.examples if examples else ()) for e in self._entries]
        )
        self._by_id = {entry.guide.id: index for index, entry in enumerate(self._entries)}
        self._name_grams = [_grams(compact(entry.guide.name)) for entry in self._entries]
        by_name = {entry.guide.name: index for index, entry in enumerate(self._entries)}
        reversals = {i: by_name.get(reversed_name(entry.guide.name)) for i, entry in enumerate(self._entries)}
        self._reversal = {i: j for i, j in reversals.items() if j is not None and j != i}  # 企转机 ↔ 机转企
        self._recent = lru_cache(maxsize=RECENT_LINKS)(self._link)

    @classmethod
    def from_repository(cls, repo: GuideRepository) -> ItemLinker:
        """A linker over the repository's current catalogue."""
        return cls(repo.catalogue())

    def knows(self, word: str) -> bool:
        """Whether a word occurs in any guide name or alias."""
        if len(word) <= KNOWN_CHARS:
            return word in self._known
        return any(word in surface.text for surface in self._surfaces)

    def closest(self, text: str, guide_ids: Sequence[str]) -> str | None:
        """Of the guides offered, the one whose names clearly explain most of what the text names
        ("村里交的那个居民养老" among three 养老保险待遇补发 items), or else the only one whose
        name has words the user said and the others lack ("转出去的那个" among 转入 and 转出)."""
        said = _grams(rewrite_synonyms(mention_of(text)))
        shares = sorted(
            ((weighted_share(said, self._union[self._by_id[i]], self._chars.idf), i) for i in guide_ids if i in self._by_id),
            reverse=True,
        )
        if shares and shares[0][0] >= PICK_SHARE and (len(shares) < 2 or shares[0][0] - shares[1][0] >= PICK_LEAD):
            return shares[0][1]
        indices = [self._by_id[i] for i in guide_ids if i in self._by_id]
        one = self._only_named(indices, self._readings(mention_of(text))) if len(indices) > 1 else None
        return self._entries[one].guide.id if one is not None else None

    def name_pairs(self, text: str) -> frozenset[str]:
        """The character pairs of a text that some guide's name or alias has (words that could name
        an item: 伤残, 等级; not 加一, 一块)."""
        return frozenset(g for g in _grams(text) if len(g) == 2 and g in self._chars.idf)

    def kinship(self, guide_id: str, other_id: str) -> float:
        """How much of one guide's service the other's name keeps: the weighted share of the first
        name's character pairs, scheme words aside, that the second name has (企业养老保险待遇终止 →
        机关事业单位养老保险待遇终止: high; → 失业登记: low)."""
        one, other = self._by_id.get(guide_id), self._by_id.get(other_id)
        if one is None or other is None:
            return 0.0
        service = frozenset(g for g in self._name_grams[one] if len(g) == 2 and g not in _SCHEME_GRAMS)
        return weighted_share(service, self._name_grams[other], self._chars.idf)

    def family(self, guide_id: str, share: float = FAMILY_SHARE) -> list[str]:
        """The guides whose names keep at least ``share`` of this guide's service, closest first
        (its variants of other schemes and steps: 暂停 / 恢复 / 终止 of the same benefit)."""
        kin = sorted(((self.kinship(guide_id, e.guide.id), e.guide.id) for e in self._entries
                      if e.guide.id != guide_id), reverse=True)
        return [i for score, i in kin if score >= share]

    def guide(self, guide_id: str) -> GuideSummary | None:
        """The catalogue entry of a guide id."""
        index = self._by_id.get(guide_id)
        return self._entries[index].guide if index is not None else None

    def exact_mentions(self, text: str) -> tuple[dict[int, float], frozenset[int], frozenset[int]]:
        """Guides whose surface occurs verbatim in the text, with the surface's weight × length
        share. Not counted: surfaces said only inside a longer surface of another guide (申诉 inside
        再申诉), returned second; and guides named only as a party or thing of the story
        ("工伤认定那边", "职业介绍中心"), returned third."""
        doc = self._nlp.make_doc(text)
        spans = [(start, end, int(self._nlp.vocab.strings[match_id])) for match_id, start, end in self._matcher(doc)]
        shadowed = frozenset(
            number for start, end, number in spans
            if any(s <= start and end <= e and e - s > end - start
                   and self._surfaces[n].index != self._surfaces[number].index for s, e, n in spans)
        )
        plain = {
            number for start, end, number in spans
            if not _QUALIFIES.match(text, doc[end - 1].idx + 1)
            and not _RECEIVING.search(text[: doc[start].idx] + self._surfaces[number].text[:1])
            and not _NEGATED.search(text[: doc[start].idx])
        }
        told = {number for _start, _end, number in spans} - plain
        found: dict[int, float] = {}
        for _start, _end, number in spans:
            surface = self._surfaces[number]
            if number not in shadowed and number not in told:
                found[surface.index] = max(found.get(surface.index, 0.0), surface.weight + 0.002 * len(surface.text))
        qualified = frozenset(self._surfaces[n].index for n in told) - set(found)
        return found, shadowed, qualified

    def link(self, text: str, context: str | None = None, limit: int = MAX_CANDIDATES) -> LinkResult:
        """Ranked candidates for the item the text is about; ``context`` is the previous item's id.

        Results are immutable and remembered for recent texts: one turn often asks twice (a
        greeting that may be a question, a pick among offered items, then the answer).
        """
        return self._recent(text, context, limit)

    def _link(self, text: str, context: str | None, limit: int) -> LinkResult:
        simplify = "traditional" in self._signals
        full = strip_fillers(compact(text, simplify))
        mention = mention_of(text, simplify)
        if not full or not mention or names_only_documents(mention):  # only question words or documents
            return LinkResult((), mention)  # "要带银行卡吗": nothing is named
        plain = self._qualifier_said(self._decide_twins(self._ranked(self._score(full, mention), mention, limit), full), full)
        plain = self._keep_insurance(plain, (full, self._homophones.correct(full)))
        if len(plain.candidates) >= 2:
            first, second = (self._by_id[c.guide.id] for c in plain.candidates[:2])
            # as said or in the guides' words ("养老金补发" is 养老保险待遇补发, in three names), of the
            # n-grams some name has (老待 of 养老待遇 names nothing and tells no name apart)
            readings = {frozenset(g for g in _grams(m) if g in self._chars.idf) for m in (mention, rewrite_synonyms(mention))}
            shares = [max(weighted_share(said, self._union[i], self._chars.idf) for said in readings)
                      for i in (first, second)]
            # …or nothing said is in one name and not the other ("职业年金转移": 转入 or 转出?)
            told = [_grams(m) for m in (mention, rewrite_synonyms(mention), official_reading(mention))]
            # …as heard too, in syllable pairs ("实业等级": 失业登记, not 就业登记)
            heard = frozenset(g for g in _pinyin_grams(_pinyin(mention)) if "_" in g)
            untold = len(mention) <= FOLLOW_UP_CHARS and all(
                said & self._union[first] == said & self._union[second] for said in told
            ) and heard & self._union_py[first] == heard & self._union_py[second]
            # …unless the second is a marked variant the user did not ask for (电子 beside 实体)
            variant = (self._actions[second] - self._actions[first]) & MARKED_WORDS
            unasked = {w for w in variant if w not in full}
            # …or the text as said has a word only the top one's name has (农村养老金申领: 申领 is a
            # question word, and a word of 城乡居民养老保险待遇申领 but not of …待遇补发申请)
            told_apart = self._only_named([first, second], (*self._readings(mention), full)) == first
            # …or the top one's own name or curated alias is said, and the next one's only in part, well behind
            alias_said = (plain.candidates[0].reason.startswith(EXACT) and not plain.candidates[1].reason.startswith(EXACT)
                          and plain.lead >= TWIN_LEAD)
            plain = replace(plain, tied=(min(shares) >= TIED_SHARE or untold) and not unasked and not told_apart
                            and not alias_said)
        if plain.candidates:
            top = self._by_id[plain.candidates[0].guide.id]
            explained = max(weighted_share(_grams(m), self._union[top], self._chars.idf)
                            for m in (mention, rewrite_synonyms(mention), self._homophones.correct(mention)))
            verbatim = any(self._verbatim(t, plain.candidates) for t in {full, self._homophones.correct(full)})
            plain = replace(plain, verbatim=verbatim, explained=explained)
        if _SCHEMES_ONLY.match(mention) and not plain.verbatim:
            plain = LinkResult((), mention)  # "说错了，是企业的": which service, the context may tell
        if context is None or context not in self._by_id or "context" not in self._signals:
            return plain
        if plain.best and plain.best.reason.startswith(FULL_TEXT_ONLY) and len(mention) <= FOLLOW_UP_CHARS:
            plain = LinkResult((), mention)  # "到自助机上办行吗": words of a follow-up, not a new item
        elif plain.best and not plain.best.reason.startswith(EXACT) and len(mention) <= FOLLOW_UP_FRAGMENT:
            plain = LinkResult((), mention)  # "报上去得多少天有结果": 报上 names nothing
        # a short mention ("补发呢") or one ending in 呢 ("那要是电子卡呢") with an item in
        # context is first read as a switch, unless it gives an item's full official name
        marked = _SWITCH_MARK.search(text) is not None and not (
            plain.best and compact(plain.best.guide.name) in rewrite_synonyms(mention)
        )
        # …or names a guide outright ("失业金要带什么材料" after 暂停养老保险待遇申请 is 失业保险金申领)
        outright = plain.best is not None and plain.best.reason.startswith(EXACT)
        if plain.confident and not marked and (len(mention) > FRAGMENT_CHARS or outright):
            return plain
        if REVERSED.search(text) and self._by_id[context] in self._reversal:  # "反过来呢" after 企转机: 机转企
            return _in_context(self._entries[self._reversal[self._by_id[context]]].guide, mention)
        twin = self._twin_said(text, self._by_id[context])
        if twin is not None and not outright:  # "没到领钱年纪、还在交的人呢" after …（待遇人员）: …（缴费人员）
            return _in_context(self._entries[twin].guide, mention)
        switched = self._switch(mention, self._by_id[context], limit)
        if switched.confident:
            return switched
        counterpart = self._counterpart(text, self._by_id[context])
        if counterpart is not None:  # "是企业退休的" after 机关事业单位养老保险待遇终止
            return _in_context(self._entries[counterpart].guide, mention)
        named_other = plain.best is not None and plain.best.reason.startswith(EXACT) and plain.best.guide.id != context
        if not plain.verbatim and not named_other and self._restates(mention, self._by_id[context]):
            return _in_context(self._entries[self._by_id[context]].guide, mention)  # "恢复的话几天能好" about 参保恢复
        if plain.best is not None and self._next_step(mention, self._by_id[context], self._by_id[plain.best.guide.id]):
            return _in_context(plain.best.guide, mention)  # "挂失完了补一张" after 挂失: 补领
        if plain.best is not None and plain.best.guide.id == context and not plain.tied:
            # "灵活就业的参保要啥条件" about 灵活就业人员养老保险参保登记: the top candidate is the item
            # talked about, which decides between it and the next
            return _in_context(plain.best.guide, mention)
        if plain.confident or plain.plausible:  # "养老保险咋弄" after 失业金: ask, don't guess
            return plain
        return switched if switched.candidates else plain

    def _twin_said(self, text: str, previous: int) -> int | None:
        """The previous item's bracket twin whose qualifier the text says, as written or in the
        guides' words, when it says no other twin's ("尚未开始领取的人" reads 缴费人员)."""
        if previous not in self._qualified:
            return None
        body = self._qualified[previous][0]
        reading = compact(text) + " " + official_reading(compact(text))
        said = [i for i, (words, qualifier) in self._qualified.items() if words == body and qualifier in reading]
        return said[0] if len(said) == 1 and said[0] != previous else None

    def _next_step(self, mention: str, previous: int, top: int) -> bool:
        """Whether the mention says the previous item's step is done and asks a step only the top
        candidate has ("挂失过后再补一张新卡" after 挂失与解挂 asks 补领)."""
        steps, past = steps_told(official_reading(mention))
        return (top != previous and bool(steps) and bool(past & self._actions[previous])
                and not steps & self._actions[previous] and steps <= self._actions[top])

    def _counterpart(self, text: str, previous: int) -> int | None:
        """The previous item's service in the scheme the text names instead ("企业的呢" after
        机关事业单位养老保险待遇终止 → 企业养老保险待遇终止): of the guides of that scheme only, the
        one whose name keeps most of the previous name's other words, if it keeps most and leads."""
        reading = official_reading(text)
        said = sectors_of(reading)
        if not said or said & self._sectors[previous]:
            return None
        before = frozenset(g for g in self._name_grams[previous] if not any(g in w for w in _SCHEME_WORDS))
        told = before | _grams(reading) | _SCHEME_GRAMS
        idf = self._chars.idf
        kept = sorted(  # keeps the previous name's words, and adds none the user did not say (撤销)
            ((0.5 * weighted_share(before, self._name_grams[i], idf) + 0.5 * weighted_share(self._name_grams[i], told, idf), i)
             for i, sectors in self._sectors.items() if said <= sectors and i != previous),
            reverse=True,
        )
        if kept and kept[0][0] >= COUNTERPART_KEEPS and (len(kept) < 2 or kept[0][0] - kept[1][0] >= MARGIN):
            return kept[0][1]
        return None

    def _decide_twins(self, result: LinkResult, text: str) -> LinkResult:
        """Of candidates scoring close to the top, the one whose name alone has words the user said
        ("领待遇的那种" among 缴费人员 and 待遇人员 twins) goes first, ahead by ``TWIN_LEAD``; when
        nothing said tells them apart, the only one without a marking word the user did not say
        ("社保卡申领": 实体, not 电子), from a little further (``VARIANT_BAND``)."""
        top = result.candidates[0].score if result.candidates else 0.0
        close = [c for c in result.candidates if c.score >= top - TWIN_BAND]
        # as the mention reads, and as everyday phrases of the text read ("第一次办": 申领)
        readings = (*self._readings(result.mention), *(alt for word, alt in ALSO_READ.items() if len(word) > 2 and word in text))
        one = self._only_named([self._by_id[c.guide.id] for c in close], readings) if len(close) > 1 else None
        named = [c for c in close if self._by_id[c.guide.id] == one]
        if named:
            return _put_first(result, named[0], TWIN_BAND, TWIN_LEAD)
        # nothing said tells them apart: the plain one, not a marked variant (电子, 撤销…)
        close = [c for c in result.candidates if c.score >= top - VARIANT_BAND]
        told = " ".join((*readings, *told_actions(text)))  # "还是不服": 再申诉 is said
        said = sectors_said(text)  # …and of no special scheme the user did not name
        plain = [c for c in close if not any(w not in told for w in self._marked[self._by_id[c.guide.id]])
                 and not (self._sectors[self._by_id[c.guide.id]] & _SPECIAL_SCHEMES) - said]
        if len(close) < 2 or len(plain) != 1:
            return result
        return _put_first(result, plain[0], VARIANT_BAND, MARGIN)

    def _qualifier_said(self, result: LinkResult, text: str) -> LinkResult:
        """Of twins that differ only by a bracketed qualifier naming no action ("居民养老保险注销登记撤销
        （待遇人员）" and "…（缴费人员）"), the one whose qualifier the text says in full, and no other's,
        goes first, ahead by ``MARGIN``."""
        top = self._qualified.get(self._by_id[result.candidates[0].guide.id]) if result.candidates else None
        if top is None or len(result.candidates) < 2:
            return result
        floor = result.candidates[0].score - QUALIFIER_BAND
        parts = [(c, self._qualified.get(self._by_id[c.guide.id])) for c in result.candidates if c.score >= floor]
        twins = [(c, p[1]) for c, p in parts if p is not None and p[0] == top[0]]
        actions = [actions_in(qualifier) for _, qualifier in twins]
        if len(twins) < 2 or set().union(*actions) != set.intersection(*actions):
            return result  # qualifiers that differ by an action (申诉/再申诉, 社区登记/社区变更) are the actions' to tell
        said = [c for c, qualifier in twins if qualifier in text]
        if len(said) != 1 or said[0] is result.candidates[0]:
            return result
        return _put_first(result, said[0], QUALIFIER_BAND, MARGIN)

    def _keep_insurance(self, result: LinkResult, readings: Sequence[str]) -> LinkResult:
        """A top candidate of another insurance than the one named ("失业保险关系从外地转回来" is not
        企业职工基本养老保险关系转移接续) yields to a close candidate of the named one: the one whose
        name shares most of the top one's (the same service, 关系转移接续), then the higher scored.
        A top candidate of the named one keeps those of other insurances a penalty behind it."""
        said = insurances_named(" ".join(readings))
        if not said or not result.candidates:
            return result
        top = result.candidates[0].score
        kinds = insurances_of(result.candidates[0].guide.name)
        if kinds & said:
            return self._lower_other_insurances(result, said)
        if not kinds:
            return result
        close = [c for c in result.candidates[1:] if c.score >= top - INSURANCE_BAND]
        named = [c for c in close if insurances_of(c.guide.name) & said]
        if not named:
            return result
        service = self._name_grams[self._by_id[result.candidates[0].guide.id]]
        shared = {c.guide.id: len(service & self._name_grams[self._by_id[c.guide.id]]) for c in named}
        return _put_first(result, max(named, key=lambda c: (shared[c.guide.id], c.score)), INSURANCE_BAND, TWIN_LEAD)

    @staticmethod
    def _lower_other_insurances(result: LinkResult, said: frozenset[str]) -> LinkResult:
        """The candidates of insurances other than the one named, lowered by ``SECTOR_PENALTY``
        ("养老金被停了想恢复": not 失业保险待遇恢复申请)."""
        def lowered(c: Candidate) -> Candidate:
            kinds = insurances_of(c.guide.name)
            return replace(c, score=round(c.score - SECTOR_PENALTY, 4)) if kinds and not kinds & said else c
        ranked = sorted((lowered(c) for c in result.candidates), key=lambda c: -c.score)
        return replace(result, candidates=tuple(ranked))

    def readings(self, mention: str) -> tuple[str, ...]:
        """A mention as said, in the guides' words and with homophones corrected (设保 → 社保)."""
        return (mention, rewrite_synonyms(mention), official_reading(mention), self._homophones.correct(mention))

    _readings = readings

    def _only_named(self, indices: Sequence[int], readings: Sequence[str]) -> int | None:
        """Of some guides, the only one whose name has words (bigrams) the others' names lack and
        the user said; None if none or several."""
        said = frozenset().union(*(_grams(m) for m in readings))
        named = []
        for index in indices:
            others = frozenset().union(*(self._name_grams[i] for i in indices if i != index))
            # not pairs of characters the others' names have too, apart (遇恢 of 待遇恢复 beside 恢复…待遇);
            # a pair the others have reversed tells them apart (乡转城 beside 城转乡)
            shared_chars = set().union(*others)
            own = {g for g in self._name_grams[index] - others
                   if len(g) == 2 and g not in GENERIC_NAME_WORDS and (not set(g) <= shared_chars or g[::-1] in others)}
            if own & said:
                named.append(index)
        return named[0] if len(named) == 1 else None

    def _restates(self, mention: str, previous: int) -> bool:
        """Whether a mention names something (words of guide names) and all of it is part of the
        previous item's names ("恢复的话几天能好" after 单位参保恢复申请): it is about that item."""
        named = _grams(rewrite_synonyms(_SWITCH_WORDS.sub("", mention)))
        known = {gram for gram in named if len(gram) == 2 and gram in self._chars.idf}
        # a step asked that the previous item lacks is another item ("挂失完了补一张" after 挂失)
        steps, _ = steps_told(official_reading(mention))
        return bool(known) and known <= self._union[previous] and steps <= self._actions[previous]

    @staticmethod
    def _verbatim(text: str, candidates: Sequence[Candidate]) -> bool:
        """Whether the top candidate's full official name is in the text and no other candidate's
        is, except as part of it (城转乡 vs 乡转城 differ in two characters only)."""
        name = compact(candidates[0].guide.name)
        if name not in text:
            return False
        return not any(
            (other := compact(c.guide.name)) in text and other not in name for c in candidates[1:]
        )

    def _ranked(
        self, scores: dict[int, tuple[float, str]], mention: str, limit: int, from_context: bool = False
    ) -> LinkResult:
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], self._entries[kv[0]].guide.position))[:limit]
        candidates = tuple(
            Candidate(self._entries[i].guide, round(min(score, 1.0), 4), reason) for i, (score, reason) in ranked
        )
        return LinkResult(candidates, mention, from_context)

    def _switch(self, mention: str, previous: int, limit: int) -> LinkResult:
        """Read a partial mention against the previous item: "换成小微企业呢" after 个人申请创业担保贷款.

        The mention replaces part of the previous item's name. A candidate must contain most of
        the mention; it scores by how much of its name the mention and the previous name explain,
        and by how much of the previous name it keeps (机关事业单位 after 企业社会保险登记 →
        机关事业单位社会保险登记, not another 机关事业单位 item).
        """
        named = _SWITCH_WORDS.sub("", mention)
        previous_name = compact(self._entries[previous].guide.name)
        before = self._name_grams[previous] | _grams(rewrite_synonyms(previous_name))
        idf = self._chars.idf
        scores: dict[int, tuple[float, str]] = {}
        # the mention as said and in the guides' words ("以后搬家" → "以后社区变更")
        for reading in [rewrite_synonyms(named)] + [m for _t, m in other_readings(named, named)]:
            said = _grams(reading)
            # what the mention adds that could name something: 再次 in "再次鉴定呢" after 复查鉴定
            # (n-grams no guide name contains, such as 以后 or 别人, cannot tell candidates apart)
            new = frozenset(gram for gram in said - before if gram in idf)
            words = frozenset(gram for gram in new if len(gram) > 1)  # 以, 后, 别, 人 alone tell little
            new = words or new
            if not new:  # "能补多少钱" after 创业补贴申领 names nothing new: no switch
                continue
            explained_by = said | before
            for index, name in enumerate(self._name_grams):
                if index == previous or weighted_share(new, name, idf) < SWITCH_COVER:
                    continue
                explained, kept = weighted_share(name, explained_by, idf), weighted_share(before, name, idf)
                score = SWITCH_EXPLAINED * explained + (1 - SWITCH_EXPLAINED) * kept
                if score > scores.get(index, (0.0, ""))[0]:
                    scores[index] = (score, "上下文")
        return self._ranked(scores, mention, limit, from_context=True)

    def _score(self, full: str, mention: str) -> dict[int, tuple[float, str]]:
        """Scores of every guide that shares something with the text (best over its variants).

        The guide that full-text ranking also puts first has ``AGREED`` appended to its reason.
        """
        best: dict[int, tuple[float, str]] = {}
        heard = [(full, mention)]
        if "pinyin" in self._signals:  # and as a homophone-corrected text (设保卡 → 社保卡)
            corrected = self._homophones.correct(full)
            if corrected != full:
                heard.append((corrected, self._homophones.correct(mention)))
        variants = []
        for text, said in heard:
            variants.append((text, said))
            if (rewritten := rewrite_synonyms(text)) != text:
                variants.append((rewritten, rewrite_synonyms(said)))
            variants += other_readings(text, said)
        explained = 0.0  # the largest share of the mention any guide's names explain
        # steps asked as heard count in every reading ("单位参保暂挺": 暂停, not 恢复)
        heard_actions = frozenset(asked_actions(heard[-1][1])) if len(heard) > 1 else frozenset()
        heard_actions |= told_actions(full)  # "还是不服": 再申诉, whichever reading
        for text, said in variants:
            scores, share = self._lexical(text, said, heard_actions)
            explained = max(explained, share)
            for index, (score, reason) in scores.items():
                if score > best.get(index, (0.0, ""))[0]:
                    best[index] = (score, reason)
        # a question that no name explains well describes a situation: trust full text more
        # …and so does a long question, which tells a situation more than it names an item
        longer = max(0, len(mention) - LONG_MENTION_CHARS) * LONG_MENTION_SLOPE
        weight = min(BM25_WEIGHT_MAX, BM25_WEIGHT + BM25_WEIGHT_SLOPE * (1.0 - explained) + longer)
        # full text only helps when some words of the question name something the guides know
        if "bm25" in self._signals and explained >= BM25_MIN_EXPLAINED:
            # the text as corrected (if it was), beside it in the guides' words ("工伤看病的钱" →
            # "工伤就医的钱"): descriptions use the official vocabulary
            query = KINSHIP.sub("", heard[-1][0])  # who the story is about names no service
            ranked = dict(self._bm25.rank(query + " " + official_reading(query), BM25_DEPTH))
            top = max(ranked.values(), default=0.0)
            reading = official_reading(heard[-1][1])
            steps, past = steps_told(reading)  # "挂失完了补一张": 挂失 is done, 补领 asked
            said_sectors = sectors_said(heard[-1][0])
            states = states_asked(heard[-1][0])  # "是不是挂失了": the state is looked up, not changed
            for index in set(best) | set(ranked):
                share = ranked.get(index, 0.0) / top if top else 0.0
                lexical, reason = best.get(index, (0.0, FULL_TEXT_ONLY))
                if lexical >= MIN_LEXICAL or share >= BM25_ALONE:
                    unnamed = len(steps - self._actions[index])
                    other_scheme = bool(said_sectors and self._sectors[index] and not said_sectors & self._sectors[index])
                    done = bool(steps and past & self._actions[index] and not steps & self._actions[index])
                    stated = bool(states & self._actions[index] and "查询" not in self._actions[index])
                    best[index] = ((1 - weight) * lexical + weight * share - STEP_PENALTY * unnamed
                                   - DONE_PENALTY * (done or stated) - SECTOR_PENALTY * other_scheme, reason)
                else:
                    best.pop(index, None)
            # of guides full text ties at the top (near-twins share most words), names decide
            tied = [i for i in ranked if ranked[i] >= BM25_TIE * top]
            if tied:
                leader = max(tied, key=lambda i: (best.get(i, (-1.0, ""))[0], -self._entries[i].guide.position))
                if leader in best:
                    score, reason = best[leader]
                    best[leader] = (score + AGREED_BONUS, reason + AGREED)
        return best

    def _lexical(self, text: str, mention: str, also_asked: frozenset[str] = frozenset()
                 ) -> tuple[dict[int, tuple[float, str]], float]:
        """Name/alias evidence (recall of a surface in the text, precision of the mention) per guide,
        and the best precision seen; ``also_asked``: action words asked besides the mention's own."""
        said = _grams(mention or text)
        exact, shadowed, qualified = (
            self.exact_mentions(text) if "exact" in self._signals else ({}, frozenset(), frozenset())
        )
        recalls: dict[int, float] = {}
        py_recalls: dict[int, float] = {}
        if "ngram" in self._signals or "fuzzy" in self._signals:
            for number, share in self._chars.recall(_grams(text)).items():
                surface = self._surfaces[number]
                share *= (SHADOWED if number in shadowed else 1.0) * (QUALIFIED if surface.index in qualified else 1.0)
                recalls[surface.index] = max(recalls.get(surface.index, 0.0), share * surface.weight)
        for index, weight in exact.items():
            recalls[index] = max(recalls.get(index, 0.0), min(weight, 1.0))
        said_py: frozenset[str] = frozenset()
        if "pinyin" in self._signals:
            for number, share in self._pinyin.recall(_pinyin_grams(_pinyin(text))).items():
                surface = self._surfaces[number]
                share *= (SHADOWED if number in shadowed else 1.0) * (QUALIFIED if surface.index in qualified else 1.0)
                py_recalls[surface.index] = max(py_recalls.get(surface.index, 0.0), share * surface.weight)
            said_py = _pinyin_grams(_pinyin(mention or text))
        abbreviated = self._abbreviated(mention) if "abbreviation" in self._signals else {}
        actions = asked_actions(mention or text) | also_asked
        scores: dict[int, tuple[float, str]] = {}
        explained = 0.0
        for index in set(recalls) | set(py_recalls) | set(abbreviated):
            options = []
            recall = recalls.get(index, 0.0)
            if recall >= MIN_RECALL and ("ngram" in self._signals or index in exact):
                precision = weighted_share(said, self._union[index], self._chars.idf)
                explained = max(explained, precision)
                options.append((0.55 * recall + 0.45 * precision, EXACT if index in exact else "部分名称"))
            py_recall = py_recalls.get(index, 0.0)
            if py_recall >= 0.5 and py_recall > recall:
                py_precision = weighted_share(said_py, self._union_py[index], self._pinyin.idf)
                explained = max(explained, _PINYIN_FACTOR * py_precision)  # as heard ("就业等级": 就业登记)
                options.append((_PINYIN_FACTOR * (0.55 * py_recall + 0.45 * py_precision), "拼音相近"))
            if "fuzzy" in self._signals and 0.5 <= recall < 0.95:
                ratio = max(fuzz.ratio(s.text, mention or text) for s in self._surfaces_of[index]) / 100.0
                options.append((_FUZZY_FACTOR * ratio, "字面相近"))
            if index in abbreviated:
                options.append((_ABBREVIATION_FACTOR * abbreviated[index], "缩写"))
            if not options:
                continue
            score, reason = max(options)
            missing = actions - self._actions[index]
            unasked = (self._actions[index] & MARKED_WORDS) - actions  # 电子 of 电子社保卡, not said
            score -= min(ACTION_PENALTY * len(missing), 0.3) + MARKED_PENALTY * len(unasked)
            scores[index] = (score, reason)
        return scores, explained


    def _abbreviated(self, mention: str) -> dict[int, float]:
        """Guides whose names have the mention's characters in order, leaving others out ("省级专技
        继教基地": 专技 is in no name): the weighted share of the mention so said, where at least
        ``ABBREVIATION_SHARE``."""
        if len(set(mention)) < ABBREVIATION_CHARS or all(
            mention[i : i + 2] in self._chars.idf for i in range(len(mention) - 1)
        ):  # words the names have, as they have them ("社保卡申领"): not an abbreviation
            return {}
        default = max(self._chars.idf.values(), default=1.0)
        weights = [self._chars.idf.get(ch, default) for ch in mention]
        total = sum(weights)
        present: dict[int, float] = {}  # weight of the mention's characters each surface has at all
        for ch, weight in dict(zip(mention, weights)).items():
            for number in self._chars.containing(ch):
                present[number] = present.get(number, 0.0) + weight * mention.count(ch)
        found: dict[int, float] = {}
        for number, weight in present.items():
            if weight < ABBREVIATION_SHARE * total:
                continue
            surface = self._surfaces[number]
            share = in_order(mention, weights, surface.text) / total
            if share >= ABBREVIATION_SHARE:
                found[surface.index] = max(found.get(surface.index, 0.0), share)
        return found
