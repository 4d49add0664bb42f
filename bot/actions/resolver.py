"""How a turn reads against what was said before: one resolver, named steps in a fixed order.

The conversation's state lives in slots (so that it survives a restart and any replica can answer
the next turn): the item in focus and the field last answered, the items offered in the last list
(a clarification, or the alternatives beside an answer), the items answered before, and what the
user said that named the item in focus (``Turn``). ``Resolver.read`` tries, in this order
(``Resolver._steps``; a turn that says a step is done tries ``next_step`` before the reply):

1. ``correction``     "我说的是终止，不是暂停": the last question again, the word corrected;
2. ``go_back``        "刚才问的第一件事，要带啥": an item answered earlier in the conversation;
3. ``this_one``       "还能撤不", "能先办这个不": the item in focus itself, whatever else is told;
4. ``situation``      "我是高校毕业生": the focus item's checklist for that situation;
5. ``reply_to_offer`` "他在县医院上班，事业编" after a list: the item offered it tells;
6. ``switch``         "那机关的呢": the focus item with a part replaced, the field kept;
7. ``aside``          "对了，那公积金咋提": another department's business; the focus stays;
8. ``next_step``      "停了以后要恢复得办啥": the next item of the same process;
9. ``follow_up``      "办公室在几楼": words but no other item: the item in focus;
10. ``general``       "星期六上班不" with nothing in focus: the bureau in general.

A step returns a ``Reading`` or ``None``; a turn no step reads is a new question (the caller's
ordinary path, which also reads "那X呢" switches through the linker's context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.actions.corrections import CHAR_FIX, corrected_readings, corrected_words, corrects
from bot.actions.field_cues import asked_field, asks, field_cues
from bot.actions.pointing import points_at_focus
from bot.actions.told_apart import told_apart
from bot.actions.whose import whose_earlier
from knowledge import lexicon, segment
from knowledge.fields import Field
from knowledge.link_result import EXACT, FULL_TEXT_ONLY, LEAN_EXPLAINED, MARGIN, PLAUSIBLE, LinkResult
from knowledge.linking import ItemLinker
from knowledge.normalize import char_pairs, compact, mention_of
from knowledge.process import earlier_names, related_names
from knowledge.repository import GuideRepository
from knowledge.scope import Topic, other_department
from knowledge.situations import situation_stated
from knowledge.vocabulary import (
    GENERIC_NOUNS,
    STEPS,
    actions_in,
    asked_actions,
    insurances_named,
    insurances_of,
    official_reading,
    qualified,
    sectors_of,
    sectors_said,
    steps_in,
)

WHO_FILES = ("单位", "个人")  # situations that say who files, not a category of applicant
SITUATION_CHARS = 12  # "我家是低保户" states a situation; a longer text tells a story
ASKED_TEXT_CHARS = 120  # what named the item in focus is kept this long (its end)
SCHEMES = ("企业", "机关事业", "城乡居民")  # the schemes a service has variants in
PLAIN_SCHEME = "企业"  # a service named with no scheme is the enterprise employees' (恢复养老保险待遇申请)
# steps one said in place of another names the guide so named ("那暂停呢" after 恢复…)
SWAPPED_STEPS = ("暂停", "恢复", "补发", "终止", "撤销", "注销", "转入", "转出", "补缴", "退费", "退回", "挂失", "补领",
                 "换领", "启用", "延长", "申领", "变更", "查询", "开立")
SWAP_FAMILY = 0.3  # the guide so named keeps at least this share of the focus item's name
REPLY_FAMILY = 0.5  # after an answer, a reply may point to a variant keeping this share of its service
REFINED_DEPTH = 15  # candidates of the question read again with the reply
NEXT_STEP_DEPTH = 10  # candidates of the next step looked at
KIN_WEIGHT = 0.5  # a next step's candidate gains this much per share of name it has in common with the focus item
RELATED_KIN = 0.2  # …and one that only full text suggests needs at least this much in common
STEP_KIN = 0.6  # an item of the same process (data/process_steps*.yml) counts as this near
NEW_ITEM_PAIRS = 2  # a turn names another item if at least this many of its name words are not the focus item's
INSURANCE_BAND = 0.1  # candidates this close to the top may be put first for being of the focus item's insurance
CORRECTION_LEAD = 0.03  # a correction's own words name the item their top candidate leads by this much
OWN_NAME_SHARE = 0.5  # a new item needs its names to explain this much of what the turn names
NAMES_EXPLAIN_NEW = 0.3  # …or, when no item is sure, other items' names explain this much of what it names
_SWITCH_MARKS = re.compile(r"呢[？?。.!！\s]*$|^那[^，,。？?]{0,12}呢[，,\s]")  # "那机关的呢": the linker's context reads it
# "替我跑一趟行不行"; "户口本丢了是去派出所补吧": a guess put for confirmation asks too
_ASKS_TOO = re.compile(r"行不行|中不中|成不成|好不好|对不对|[行中成]吗|不[？?。!！\s]*$"
                       r"|(是|能|要|得|该|会|可以|还)[^，,。！!？?]{1,16}吧[？?。!！\s]*$")
_ORDINAL_ONLY = re.compile(r"^第?\s*[0-9一二三四五六七八九十两]+\s*(个|项|条|种)?$")


@dataclass(frozen=True)
class Reading:
    """What a turn is about, as read against the conversation.

    ``field`` is the field to answer when the turn's own words do not ask one (the one asked
    before, for a reply or a correction); ``asked_text`` what now names the item in focus.
    """

    step: str
    guide_id: str | None
    field: Field | None = None
    keep_field: bool = False  # the turn asks no field of its own: answer the one asked before
    asked_text: str | None = None
    topic: Topic | None = None  # another department's business, asked in passing
    offered: tuple[str, ...] = ()  # items to choose from (what may follow, when no guide says)


class Resolver:
    """Reads a turn against the conversation's state; see the module docstring for the order."""

    def __init__(self, linker: ItemLinker, repo: GuideRepository) -> None:
        self.linker = linker
        self.repo = repo

    def read(self, turn, only_offer: bool = False) -> Reading | None:  # noqa: ANN001 - a dialogue.Turn
        """The first step that reads the turn, or ``None`` for a new question (``only_offer``: only
        as a reply to the list offered)."""
        if only_offer:
            return None if turn.button_guide or turn.text.startswith("/") else self.reply_to_offer(turn)
        if turn.button_guide or turn.text.startswith("/"):
            return None
        if turn.candidate_ids and _ORDINAL_ONLY.match(compact(turn.text)):
            return None  # "第二个": a pick from the list (``Assistant.choose``)
        for step in self._steps(turn):
            reading = step(turn)
            if reading is not None:
                return reading
        return None

    def _steps(self, turn) -> tuple:  # noqa: ANN001
        """The steps in the order they are tried: a turn that says a step is done ("登记办完了，接着领失业金")
        is a next step before it is a reply to the list offered or a switch.

        >>> # "登记完了以后，失业金呢" after 失业登记 → next_step first: 失业保险金申领
        """
        steps = (self.correction, self.go_back, self.this_one, self.situation, self.reply_to_offer, self.switch, self.aside,
                 self.next_step, self.follow_up, self.general)
        if turn.guide_id and _after_done(turn.text) is not None:
            at = steps.index(self.reply_to_offer)
            return (*steps[:at], self.next_step, *(s for s in steps[at:] if s != self.next_step))
        return steps

    # ------------------------------------------------------------------ steps
    def correction(self, turn) -> Reading | None:  # noqa: ANN001
        """A turn that says the last one was about the wrong item, read in order: it names the item in
        focus after all; one of those listed; an item by its own words (in place of part of the focus
        item, or outright, in the focus item's insurance); the last question with the word corrected.

        >>> # after 暂停养老保险待遇申请: "我说的是终止，不是暂停" → …待遇终止, same field
        """
        if not (turn.guide_id or turn.candidate_ids) or not corrects(turn.text):
            return None
        own = corrected_words(turn.text)
        picked = (self._named_focus(own, turn.guide_id) or self._corrected_among_listed(own, turn)
                  or self._corrected_by_words(own, turn) or self._corrected_reading(own, turn))
        return Reading("correction", picked, _field(turn), asked_field(turn.text) is None, own) if picked else None

    def _named_focus(self, own: str, guide_id: str | None) -> str | None:
        """The item in focus, when the correction's words name it ("搞错了，我要考的就是测绘师" while 注册测绘师
        is answered): the bot had understood."""
        said = self.linker.link(own)
        named = said.best is not None and said.confident and said.best.guide.id == guide_id and _named(said, loose=True)
        return guide_id if named or (guide_id and self._restates(own, guide_id)) else None

    def _restates(self, own: str, guide_id: str) -> bool:
        """Whether a correction's words say steps of a benefit, all of them the focus item's, and no
        insurance or scheme it lacks: the user insists on what was understood ("我说的是撤销，不是暂停，
        算错了得重新核" while 失业保险待遇撤销 is answered)."""
        focus, reading = self._name(guide_id), official_reading(compact(own))
        steps = steps_in(reading)
        schemes = set(sectors_said(reading)) | set(lexicon.meanings_in("schemes", own))
        return bool(steps) and steps <= steps_in(focus) and insurances_named(reading) <= insurances_of(focus) and (
            schemes <= set(sectors_of(focus)))

    def _corrected_among_listed(self, own: str, turn) -> str | None:  # noqa: ANN001
        """Of the items listed beside the answer, the one the correction names ("说错了，是养老保险的")."""
        others = [g for g in turn.candidate_ids if g != turn.guide_id]
        if not others or not mention_of(own):
            return None
        return (self.linker.closest(own, others) or _leader(self.linker.link(own, limit=REFINED_DEPTH), others)
                or _leader(self.linker.link(f"{turn.asked_text or ''}，{own}", limit=REFINED_DEPTH), others))

    def _corrected_by_words(self, own: str, turn) -> str | None:  # noqa: ANN001
        """The item the correction's own words name: in place of part of the focus item ("说错了，是
        城乡居民的"), else outright ("不是鉴定，是单位招大学生见习要认定的那个"), in the focus item's
        insurance when the words name none ("不是暂停，是…要撤了": 失业保险待遇撤销 after 失业…暂停)."""
        if CHAR_FIX.search(turn.text):
            return None
        said = self.linker.link(own, context=turn.guide_id)
        if not said.from_context or not said.confident:
            said = self.linker.link(own, limit=REFINED_DEPTH)
            if not (said.confident or said.lead >= CORRECTION_LEAD and _named(said, loose=True)) or _text_only(said):
                return None  # "不对，我说岔了，厂里统共三十来人": the user's own facts put right, no item named
            said = self._of_focus_insurance(said, turn.guide_id, own)
        best = said.best.guide.id if said.best is not None else None
        return best if best != turn.guide_id else None

    def _corrected_reading(self, own: str, turn) -> str | None:  # noqa: ANN001
        """The last question (or the focus item's name) read with the word or character corrected."""
        for text in corrected_readings(turn.text, turn.asked_text or "", self._name(turn.guide_id)):
            result = self.linker.link(text)
            if text == own and turn.guide_id:  # the words alone, in place of part of the item
                switched = self.linker.link(text, context=turn.guide_id)  # "说错了，是城乡居民的"
                result = switched if switched.from_context and switched.confident else result
            best = None if _text_only(result) else _first_other(result, turn.guide_id)
            if best is not None:
                return best
        return None

    def _of_focus_insurance(self, result: LinkResult, guide_id: str | None, text: str) -> LinkResult:
        """The candidates close to the top, those of the focus item's insurance first, when the text
        names no insurance of its own (a correction keeps the rest of what was asked)."""
        kinds = insurances_of(self._name(guide_id)) if guide_id else frozenset()
        if not kinds or insurances_named(official_reading(compact(text))) or result.best is None:
            return result
        close = [c for c in result.candidates if c.score >= result.best.score - INSURANCE_BAND]
        same = [c for c in close if insurances_of(c.guide.name) & kinds]
        if not same or same[0] is result.best:
            return result
        return LinkResult((same[0], *(c for c in result.candidates if c is not same[0])), result.mention)

    def go_back(self, turn) -> Reading | None:  # noqa: ANN001
        """A turn that returns to an item answered earlier ("说回最开始那个备案"), or that says a mark
        (scheme, level, step) only an earlier item has (``told_apart``), or the person whose matter
        only an earlier item was (``whose.whose_earlier``: "我爹那个" after the father's item and
        then the mother's)."""
        earlier = [g for g in turn.recent_ids if g != turn.guide_id]
        if not earlier:
            return None
        # "第一个" after a list picks from the list; "刚才那个" goes back; so does a mark only an earlier item has
        back = _has(turn.text, "go_back") or (_has(turn.text, "go_back_first") and not turn.candidate_ids)
        cleaned = _without(turn.text, "go_back", "go_back_first")
        whose = whose_earlier(turn.text, turn.guide_id, earlier, turn.recent_people)  # "我妈那个要多久"
        if not back:  # "省级那个交到哪" after 国家级… and 省级… were answered, and no other item named
            marked = whose or self._marked_earlier(cleaned, turn.guide_id, earlier)
            alone = self.linker.link(cleaned) if marked else None
            if alone is None or (alone.best is not None and (alone.confident or alone.leaning)
                                 and alone.best.guide.id not in earlier):
                return None
            return Reading("go_back", marked, _field(turn), asked_field(turn.text) is None)
        picked = whose or ((self.linker.closest(cleaned, earlier) if mention_of(cleaned) else None)
                  or self._marked_earlier(cleaned, turn.guide_id, earlier))
        if picked is None and _has(turn.text, "go_back_first"):
            picked = earlier[0]
        if picked is None:
            result = self.linker.link(cleaned)
            picked = next((c.guide.id for c in result.candidates if c.guide.id in earlier), None)
        if picked is None and len(earlier) == 1:
            picked = earlier[0]
        if picked is None:
            return None
        return Reading("go_back", picked, _field(turn), asked_field(turn.text) is None, None)

    def _marked_earlier(self, text: str, focus: str | None, earlier: list[str]) -> str | None:
        """The earlier item whose marks the text says, told apart from the focus item and the rest."""
        marked = told_apart({g: self._name(g) for g in [focus, *earlier] if g}, text)
        return marked if marked in earlier else None

    def this_one(self, turn) -> Reading | None:  # noqa: ANN001
        """A question about the item in focus itself, whatever else it names as circumstances
        (``pointing.points_at_focus``).

        >>> # "要是账户里的钱已经取了，还能撤不" after 在职职工参保终止撤销 → that item, not 个人账户…
        """
        if not turn.guide_id or not points_at_focus(turn.text, self._name(turn.guide_id)):
            return None
        return Reading("follow_up", turn.guide_id)

    def situation(self, turn) -> Reading | None:  # noqa: ANN001
        """The applicant's situation stated on its own ("我是高校毕业生") about an item in focus whose
        materials differ by it, and no list asking which item: its checklist."""
        if not turn.guide_id or _questions(turn.text) or (turn.candidate_ids and turn.guide_id not in turn.candidate_ids):
            return None
        guide = self.repo.get(turn.guide_id)
        stated = situation_stated(turn.text, guide.field(Field.MATERIALS)) if guide else None
        short = len(mention_of(turn.text)) <= SITUATION_CHARS  # a statement, not a story
        # who files (单位 of "企业职工", 个人) is said of schemes and lists alike: a category of applicant
        return Reading("situation", turn.guide_id) if stated not in (None, *WHO_FILES) and short else None

    def reply_to_offer(self, turn) -> Reading | None:  # noqa: ANN001
        """A statement, not a question, after a list or an answer: it tells which item was meant.
        The question that led there is read again with it, among the items listed (or the item in
        focus and its variants), and the field asked before is answered.

        >>> # "老人过世了，养老金那块要办啥" → a list; "他从纺织厂退的休，人没了" → 企业养老保险待遇终止
        """
        if _questions(turn.text) or not turn.asked_text or _ORDINAL_ONLY.match(compact(turn.text)) or _switches(turn.text):
            return None
        listed = list(turn.candidate_ids)  # shown to the user; else the item in focus and its variants
        pool = listed or ([turn.guide_id, *self.linker.family(turn.guide_id, REPLY_FAMILY)] if turn.guide_id else [])
        if not listed and turn.guide_id and self._wants_other_step(turn.text, turn.guide_id):
            return None  # "挂过失了，想再办张新的" after 挂失与解挂: the next step
        alone = self.linker.link(turn.text)
        if not pool or (alone.best is not None and _names_outright(alone) and alone.best.guide.id not in pool):
            return None  # a new item named outright
        schemes = lexicon.meanings_in("schemes", turn.text)
        said = "".join(schemes)
        refined_text = f"{turn.asked_text}，{turn.text}{('，' + said) if said else ''}"
        refined = self.linker.link(refined_text, limit=REFINED_DEPTH)
        picked = (self.linker.closest(turn.text, pool) or self.counterpart(turn.text, pool[0])
                  or told_apart({g: self._name(g) for g in pool}, turn.text, turn.asked_text)
                  or self._sibling(refined, pool, refined_text[len(turn.asked_text):])
                  or _leader(refined, pool) or self._of_scheme(pool, schemes))
        if picked is None and not listed:
            picked = turn.guide_id  # a statement about the item in focus: its answer again
        if picked is None:
            return None
        return Reading("reply_to_offer", picked, _field(turn), True, refined_text[-ASKED_TEXT_CHARS:])

    def _wants_other_step(self, text: str, guide_id: str) -> bool:
        """Whether a statement asks for a step the focus item lacks, in a clause that does not tell
        what happened ("挂过失了，想再办张新的" or "补办新卡那个" after 挂失与解挂: 补领): a next step,
        not more about the focus item ("单位上个月就撤销了" tells a story).

        >>> # "卡早就挂过失了 想再办一张" after 社会保障卡（社会保障功能）挂失与解挂 → True
        """
        own = actions_in(self._name(guide_id))
        return any(steps_in(official_reading(compact(c))) - own and not c.endswith("了")
                   for c in _CLAUSES.split(text) if c)

    def _sibling(self, result: LinkResult, pool: list[str], text: str) -> str | None:
        """A reading's sure item that is not under discussion but related to one that is, told apart
        from it by the reply's words ("俺是农村的" after a list holding 企业养老保险待遇补发申请:
        城乡居民养老保险待遇补发申请; "补办新卡那个" after 挂失与解挂: 补领、换领、换发)."""
        best = result.best
        if best is None or best.guide.id in pool or not (result.confident or result.leaning):
            return None
        said = self.linker.name_pairs(official_reading(compact(text)))  # the reply's words that name things
        own = self.linker.name_pairs(compact(best.guide.name))
        for relative in (g for g in pool if self._kin(best.guide.id, g) >= SWAP_FAMILY):
            if said & own - self.linker.name_pairs(compact(self._name(relative))):
                return best.guide.id  # the reply says what tells it from its relative under discussion
        return None

    def _of_scheme(self, pool: list[str], schemes: list[str]) -> str | None:
        """The one item of the pool in the scheme said ("俺家是种地的": 城乡居民)."""
        of_scheme = [g for g in pool if set(schemes) & set(sectors_of(self._name(g)))]
        return of_scheme[0] if len(of_scheme) == 1 else None

    def next_step(self, turn) -> Reading | None:  # noqa: ANN001
        """The next step of the same process, said in context ("工伤认定下来了 伤残等级在哪评" after
        工伤认定申请; "停了以后要恢复得办啥" after …待遇暂停): what follows a step said done names an
        item of the focus item's process, or is linked with the focus item's names as a prior."""
        need = _after_done(turn.text)
        if not turn.guide_id or (_switches(turn.text) and need is None):
            return None
        focus = self._name(turn.guide_id)
        asked = (actions_in(official_reading(compact(turn.text))) & set(STEPS)) - actions_in(focus)
        if need is None and not asked:
            return None
        picked = self._step_named(need, focus) if need is not None else None
        if picked is None:
            new = need is None or len(self._unexplained(need, turn.guide_id, focus, read=True)) >= NEW_ITEM_PAIRS
            picked = self._step_linked(turn, need, asked) if new else None  # "办完以后多久能拿到证": nothing new
        if picked is None and need is not None and _has(turn.text, "next_what") and not self._unexplained(
                need, turn.guide_id, focus, read=True):
            return Reading("no_next_step", turn.guide_id, offered=self._may_follow(turn.guide_id))  # "手续弄完了，下一步干啥"
        return Reading("next_step", picked, None, False, (need or turn.text)[-ASKED_TEXT_CHARS:]) if picked else None

    def _step_named(self, need: str, focus: str) -> str | None:
        """Of the items of the focus item's process (data/process_steps*.yml), the one whose own
        words (character pairs not the focus item's, nor 申请/办理…) the words after the step said
        done say most, as said or in the guides' words ("选上之后那笔津贴怎么发下来" after …专家推荐选拔报名:
        怎么发 reads 发放, of 政府特殊津贴管理发放).

        >>> # "方案备完案以后，正式聘用人员又得报啥" after 事业单位岗位设置方案备案 → 事业单位岗位聘用核准
        """
        said = _said_pairs(need)
        later = related_names().get(focus, frozenset()) - earlier_names().get(focus, frozenset())
        scored = sorted(((len((char_pairs(name) - char_pairs(focus) - _SERVICE_WORDS) & said), name) for name in later),
                        reverse=True)
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        guide = self.repo.by_name(scored[0][1])
        return guide.id if guide else None

    def _may_follow(self, guide_id: str) -> tuple[str, ...]:
        """Items that may follow one, when the user asks only what comes next: its process's later items
        (data/process_steps*.yml), then its service's variants for other steps in the same scheme.

        >>> # "方案备好了，接下来咋办" after 企业年金方案备案 → …重要条款变更备案, …终止备案
        """
        focus = self._name(guide_id)
        later = sorted(related_names().get(focus, frozenset()) - earlier_names().get(focus, frozenset()))
        ids = [g.id for g in (self.repo.by_name(name) for name in later) if g is not None]
        ids += [g for g in self.linker.family(guide_id, REPLY_FAMILY) if g not in ids
                and sectors_of(self._name(g)) == sectors_of(focus) and actions_in(self._name(g)) - actions_in(focus)]
        return tuple(ids[:5])

    def _step_linked(self, turn, need: str | None, asked: set[str]) -> str | None:  # noqa: ANN001
        """The next step as linked: of the candidates for what follows the step said done (read alone
        and after the focus item's name), the best with the focus item's names as a prior, in the
        scheme said, else the focus item's scheme; a step asked must be in its name."""
        focus = self._name(turn.guide_id)
        need_said, need = need is not None, need or turn.text
        said = set(sectors_of(official_reading(turn.text))) | set(lexicon.meanings_in("schemes", turn.text))
        scheme = said or set(sectors_of(focus))
        alone = self.linker.link(need, limit=NEXT_STEP_DEPTH)
        read = {c.guide.id: c for r in (self.linker.link(f"{focus}，{need}", limit=NEXT_STEP_DEPTH), alone)
                for c in r.candidates}
        if any(asked & actions_in(c.guide.name) for c in read.values()):  # the step asked, where some item has it
            read = {i: c for i, c in read.items() if asked & actions_in(c.guide.name)}
        steps = related_names().get(focus, frozenset())  # the focus item's process (data/process_steps*.yml)
        best, best_score = None, 0.0
        for cand in read.values():
            name, kin = cand.guide.name, self._kin(turn.guide_id, cand.guide.id)
            kin = max(kin, STEP_KIN) if name in steps else kin
            if cand.guide.id == turn.guide_id or cand.score < PLAUSIBLE:
                continue
            if insurances_of(name) and insurances_of(focus) and not insurances_of(name) & (
                    insurances_of(focus) | insurances_named(turn.text)):
                continue  # another insurance's step (失业… after 恢复养老保险待遇申请), unless it is said
            if need_said and name in earlier_names().get(focus, ()):
                continue  # after a step said done, one before it (暂停 before 恢复) is what happened, not next
            if _twins(name, focus) and name not in steps and not _qualifier_said(name, focus, need):
                continue  # the same step for another case (…核准（因病）after …核准（特殊工种）), not the next one
            if scheme and set(sectors_of(name)) and not scheme & set(sectors_of(name)):
                continue  # another scheme's variant ("退回" after 企业…: not 机关事业…退回)
            if (cand.reason.startswith(FULL_TEXT_ONLY) or not need_said) and kin < RELATED_KIN:
                continue  # full text alone, or a step word alone, is no next step unless the names are related
            if need_said and name not in steps and not char_pairs(name) - char_pairs(focus) - _SERVICE_WORDS:
                continue  # "申报完了…" after 工程建设项目申报变更: 工程建设项目申报 adds no word to the focus item's name
            if need_said and alone.confident and cand is alone.best and len(_own_words_said(name, focus, need)) >= NEW_ITEM_PAIRS:
                return cand.guide.id  # what follows the step said done names an item in its own words: no prior needed
            if cand.score + KIN_WEIGHT * kin > best_score:
                best, best_score = cand.guide.id, cand.score + KIN_WEIGHT * kin
        return best

    def _kin_both(self, one: str, other: str) -> float:
        """How much of each other two items' names keep (the nearest variant keeps most both ways)."""
        return self.linker.kinship(one, other) + self.linker.kinship(other, one)

    def _kin(self, one: str, other: str) -> float:
        """How near two items' names are, either way round (政府特殊津贴管理发放 and 享受国务院政府特殊
        津贴专家推荐选拔报名 share 政府特殊津贴)."""
        return max(self.linker.kinship(one, other), self.linker.kinship(other, one))

    def switch(self, turn) -> Reading | None:  # noqa: ANN001
        """Another item in the place of the one in focus, the field kept unless asked anew: a step
        said in place of the focus item's ("转入那头呢" after 职业年金转出申请: the guide named so),
        or another scheme ("俺娘是在工厂退的休，补发得准备啥" after 城乡居民养老保险待遇补发申请)."""
        if not turn.guide_id:
            return None
        alone = self.linker.link(turn.text)
        picked = (self._step_replaced(turn.text, turn.guide_id) or self._insurance_replaced(turn.text, turn.guide_id)
                  or self.counterpart(turn.text, turn.guide_id))
        if alone.best is not None and alone.best.guide.id != turn.guide_id and (
                (_names_outright(alone) and self._kin(turn.guide_id, alone.best.guide.id) < REPLY_FAMILY)
                or ((alone.confident or alone.leaning) and (picked is None or not _switches(turn.text))
                    and self._kin(turn.guide_id, alone.best.guide.id) < SWAP_FAMILY)):
            return None  # another service named outright, or linked surely far from the focus: a new question
        if _switches(turn.text):  # "那要是机关单位的呢": the linker reads the words in place of part of the name
            switched = self.linker.link(turn.text, context=turn.guide_id)
            if switched.best is not None and switched.from_context and switched.confident and (
                    picked is None or switched.best.guide.id != turn.guide_id):  # the focus again: the scheme said
                picked = switched.best.guide.id
            elif picked is None and not switched.confident:  # "换成职业资格证书的": of its variants, the one named
                pool = list(turn.candidate_ids) or [turn.guide_id, *self.linker.family(turn.guide_id, SWAP_FAMILY)]
                picked = self.linker.closest(turn.text, pool) or self._nearest_of_tied(switched, pool, turn.guide_id)
        if picked is None or picked == turn.guide_id:
            return None
        return Reading("switch", picked, _field(turn), asked_field(turn.text) is None)

    def _nearest_of_tied(self, result: LinkResult, pool: list[str], focus: str) -> str | None:
        """Of the pool's items the reading ranks about equally at the top, the one nearest the focus
        item ("换成职业资格证书的" after 职业技能等级证书查询: of the 职业资格证书 items, the 技能人员 one that is
        also a 查询), if one is nearer than the rest."""
        ranked = [c for c in result.candidates if c.guide.id in pool and c.guide.id != focus]
        tied = [c.guide.id for c in ranked if c.score >= ranked[0].score - MARGIN] if ranked else []
        near = sorted(((self._kin_both(focus, g), g) for g in tied), reverse=True)
        return near[0][1] if len(near) == 1 or (near and near[0][0] > near[1][0]) else None

    def _step_replaced(self, text: str, guide_id: str) -> str | None:
        """The guide named as the focus item is, but with the step (or who files) the text says in place
        of its own ("那暂停呢" after 恢复养老保险待遇申请 → 暂停养老保险待遇申请; "那个人的呢" after
        单位参保证明查询打印 → 个人参保证明查询打印), if exactly one is."""
        focus, swapped = self._name(guide_id), set(SWAPPED_STEPS) | set(WHO_FILES)  # "那个人的呢" after 单位…
        said = asked_actions(official_reading(compact(text))) & swapped  # not the story's (停了咋恢复)
        own = actions_in(focus) & swapped
        names = {self._name(g): g for g in self.linker.family(guide_id, SWAP_FAMILY)}
        found = {names[focus.replace(old, new)] for new in said - own for old in own
                 if focus.replace(old, new) in names}
        return found.pop() if len(found) == 1 else None

    def _insurance_replaced(self, text: str, guide_id: str) -> str | None:
        """The focus item's service for the one other insurance the text names ("那养老保险呢" after
        失业保险关系转移接续 → 企业职工基本养老保险关系转移接续): of the focus item's family of that
        insurance, the one of the scheme said (else the focus item's, the plain one being 企业's) that
        keeps most of its name."""
        focus, reading = self._name(guide_id), official_reading(compact(text))
        said = insurances_named(reading) - insurances_of(focus)
        if len(said) != 1 or not insurances_of(focus):
            return None
        schemes = (set(sectors_of(reading)) | set(lexicon.meanings_in("schemes", text))) & set(SCHEMES)
        wanted = schemes or set(sectors_of(focus)) & set(SCHEMES) or {PLAIN_SCHEME}
        of_insurance = [g for g in self.linker.family(guide_id, SWAP_FAMILY) if insurances_of(self._name(g)) == said]
        return max(of_insurance, key=lambda g: ((set(sectors_of(self._name(g))) & set(SCHEMES) or {PLAIN_SCHEME}) == wanted,
                                               self._kin_both(guide_id, g)), default=None)

    def variant_told(self, text: str, guide_id: str) -> str | None:
        """A question's item in the scheme its everyday words tell (``counterpart``): a step of a
        benefit (暂停, 恢复, 补发…) the same in both, unless the question also says what tells the
        item linked from that variant.

        >>> # "俺是种地的，养老金停了咋恢复": 城乡居民养老保险待遇恢复申请 for 恢复养老保险待遇申请;
        >>> # "平时打零工没单位，养老保险在哪登记": 灵活就业人员养老保险参保登记 stays (no step of a benefit)
        """
        variant = self.counterpart(text, guide_id)
        steps = steps_in(self._name(guide_id))
        if variant is None or not steps or steps != steps_in(self._name(variant)):
            return None
        own = char_pairs(self._name(guide_id)) - char_pairs(self._name(variant)) - _SERVICE_WORDS
        return None if own & _said_pairs(text) else variant

    def counterpart(self, text: str, guide_id: str) -> str | None:
        """The focus item's variant in the scheme the text says (企业 / 机关事业 / 城乡居民), when
        the focus item has one: of its family, the nearest in that scheme (the plain one is 企业's)
        that does what the focus item does (its action words: 恢复, 核定…)."""
        focus = self._name(guide_id)
        said = (set(sectors_of(official_reading(compact(text)))) | set(lexicon.meanings_in("schemes", text))) & set(SCHEMES)
        own = set(sectors_of(focus)) & set(SCHEMES) or {PLAIN_SCHEME}
        if not said or said & own or len(said) > 1:
            return None
        service = {w for w in actions_in(focus) if not sectors_of(w)} - set(WHO_FILES)  # 恢复, 核定…: what is done
        family = [g for g in self.linker.family(guide_id, SWAP_FAMILY)
                  if (set(sectors_of(self._name(g))) & set(SCHEMES) or {PLAIN_SCHEME}) == said
                  and service <= actions_in(self._name(g))]  # not 事业单位年度进人计划审核 for 单位年度核定申报
        # the same step (恢复 of 恢复) of the same insurance (养老, not 工伤), then the nearest both ways:
        # keeps the focus item's service and adds least (not its 注销 variant)
        steps, insurances = steps_in(focus), insurances_of(focus)
        return max(family, key=lambda g: (steps == steps_in(self._name(g)),
                                          insurances_of(self._name(g)) == insurances, self._kin_both(guide_id, g)),
                   default=None)

    def aside(self, turn) -> Reading | None:  # noqa: ANN001
        """Another department's business asked in passing while an item is in focus: say so, and
        keep the focus ("顺带问一句，公积金贷款能贷几年")."""
        if not turn.guide_id:
            return None
        topic = other_department(turn.text)
        if topic is None or topic.words in self._text(turn.guide_id):  # "助学贷款还没还完碍事不": a word of the item's own text
            return None
        if _told_in_passing(turn.text, topic.words):  # "俺干了五年会计了，能报中级不": the user's story, not the question
            return None
        alone = self.linker.link(turn.text)
        if alone.verbatim:
            return None
        return Reading("aside", None, topic=topic)

    def follow_up(self, turn) -> Reading | None:  # noqa: ANN001
        """Words about the item in focus, naming no other item outright ("办公室在几楼",
        "让俺儿子帮着去办成不成", "原件复印件都要带吗")."""
        if not turn.guide_id or _switches(turn.text):
            return None
        result = self.linker.link(turn.text, context=turn.guide_id)
        if result.best is not None and (result.confident or result.leaning) and _named(result) and (
                result.from_context or result.verbatim or result.best.reason.startswith(EXACT)
                or result.best.guide.id == turn.guide_id
                or len(self._new_words(result.mention, turn.guide_id)) >= NEW_ITEM_PAIRS):
            return None  # another item named (not by words the focus item's text has), or the same: the ordinary path
        plain = self.linker.link(turn.text)
        other = plain.best is not None and plain.best.guide.id != turn.guide_id and not _text_only(plain)
        named = plain.confident or plain.leaning or (plain.plausible and plain.explained >= NAMES_EXPLAIN_NEW)
        if other and named and len(self._new_words(plain.mention, turn.guide_id)) >= NEW_ITEM_PAIRS:
            return None  # words the item in focus does not have, and other items' names do ("医疗保险在哪办")
        if other and (plain.confident or plain.leaning) and self._action_of_other(turn.text, turn.guide_id, plain):
            return None  # "办下来以后咋查这个许可证": a step (查询) the focus item's name lacks and the other's has
        return Reading("follow_up", turn.guide_id)

    def general(self, turn) -> Reading | None:  # noqa: ANN001
        """With nothing in focus, a question that names no item: only words of time, place, manner,
        people and the bureau ("星期六上班不", "办事大厅具体在啥地方") — about the bureau in general."""
        if turn.guide_id or turn.candidate_ids or other_department(turn.text) is not None:
            return None
        result = self.linker.link(turn.text)
        if self.evidence(turn.text, result):
            return None
        if result.best is not None and (result.confident or result.leaning) and result.explained >= OWN_NAME_SHARE:
            return None  # names explain what was said ("监督人社工作人员"), general words or not
        return Reading("general", None)

    def evidence(self, text: str, result: LinkResult) -> frozenset[str]:
        """The words of a text that could name an item: words of guide names and aliases (not 申请,
        办理…) once the general words (``data/lexicon/general.yml``) and generic nouns are set aside;
        as said, and as read in the guides' words or heard (设保: 社保) where the item linked has them.

        >>> # "办事大厅具体在啥地方" → frozenset(); "失业金去哪领" → {"保险", "保险金", "失业"} (失业金 read as 失业保险金)
        """
        said, synonyms, official, heard = self.linker.readings(compact(text))
        found = self._name_words(said) | self._name_words(synonyms)
        if result.best is not None and (result.confident or result.leaning):
            linked = result.best.guide.name
            found |= {w for w in self._name_words(official) | self._name_words(heard) if w in linked}
        return frozenset(found)

    def _name_words(self, text: str) -> frozenset[str]:
        """The words (jieba) of a text that a guide's name or alias has, general words aside."""
        for word in _general_words():
            text = text.replace(word, "，")
        found = set()
        for word in (w for w in _words(text) if len(w) >= 2):  # a longer word by its known pairs (中级职称: 职称)
            parts = [word] if self.linker.knows(word) else [word[i:i + 2] for i in range(len(word) - 1)]
            found |= {part for part in parts if part not in _SERVICE_WORDS and self.linker.knows(part)}
        return frozenset(found)

    def _action_of_other(self, text: str, guide_id: str, result: LinkResult) -> bool:
        """Whether the text asks an action the linked item's name has and the focus item's lacks."""
        assert result.best is not None
        asked = actions_in(official_reading(compact(text)))
        return bool(asked & actions_in(result.best.guide.name) - actions_in(self._name(guide_id)))

    def _new_words(self, mention: str, guide_id: str) -> set[str]:
        """The words of a mention that the focus item's text explains neither as said nor in the
        guides' words: "社保卡" is explained by a guide that writes 社会保障卡.

        >>> # "老人那张社保卡早就不能用了，我们去办要准备啥" after 丧葬补助金、抚恤金申领 → set()
        """
        return min((self._unexplained(m, guide_id) for m in (mention, official_reading(compact(mention)))), key=len)

    def _unexplained(self, mention: str, guide_id: str, text: str | None = None, read: bool = False) -> set[str]:
        """The words of a mention that could name an item (pairs of guide names) and that neither
        generic words nor the guide's own text explain ("伤残等级" after 工伤认定申请; nothing of
        "东西送到政务服务大厅还是送人社局", nor of "考试报名一共收多少钱" about an exam whose fees it lists)."""
        text = self._text(guide_id) if text is None else text
        pairs: set[str] = set()
        for reading in (mention, official_reading(compact(mention))) if read else (mention,):  # "发钱": 待遇发放
            for word in sorted(GENERIC_NOUNS, key=len, reverse=True):
                reading = reading.replace(word, "，")
            pairs |= {pair for pair in self.linker.name_pairs(reading) if pair not in text}
        return pairs

    def _text(self, guide_id: str) -> str:
        """A guide's name and every field, as one text."""
        guide = self.repo.get(guide_id)
        return guide.name + "".join(guide.field(f) for f in Field) if guide else ""

    def _name(self, guide_id: str | None) -> str:
        guide = self.linker.guide(guide_id) if guide_id else None
        return guide.name if guide else ""


# ---------------------------------------------------------------------- helpers
def _field(turn) -> Field | None:  # noqa: ANN001
    """The field the conversation asked last."""
    return Field.parse(turn.field) if turn.field else None


def _has(text: str, *meanings: str) -> bool:
    return any(w in text for m in meanings for w in lexicon.words("dialogue", m))


def _without(text: str, *meanings: str) -> str:
    for m in meanings:
        for w in lexicon.words("dialogue", m):
            text = text.replace(w, "")
    return text


_SERVICE_WORDS = frozenset({"申请", "申报", "办理", "服务", "管理", "手续", "业务", "查询", "登记"})  # in many names


@lru_cache(maxsize=1)
def _general_words() -> tuple[str, ...]:
    """General words (time, place, manner, people, the bureau) and generic nouns, longest first."""
    words = {w for entries in lexicon.load("general").values() for e in entries for w in e.words} | GENERIC_NOUNS
    return tuple(sorted(words, key=len, reverse=True))



def _words(text: str) -> list[str]:
    """The text cut into words (jieba's own dictionary, the same in every process: knowledge/segment.py)."""
    return segment.cut(text)


_CLAUSES = re.compile(r"[，,。；;！!？?\s]+")


def _told_in_passing(text: str, words: str) -> bool:
    """Whether words are said only in a clause that tells what happened (ends with 了) while another
    clause asks: the question is about something else ("开了十年货车了，报名要带啥")."""
    clauses = [c for c in _CLAUSES.split(text) if c]
    told = [c for c in clauses if words in c]
    return bool(told) and all(c.endswith("了") and not _questions(c) for c in told) and any(
        _questions(c) for c in clauses if words not in c)


def _questions(text: str) -> bool:
    """Whether a turn asks something (question words, or words that ask a field: "收钱不", "在那办");
    "一年几百块" asks nothing (``asks``)."""
    return asks(text) or bool(field_cues(text)) or _ASKS_TOO.search(text) is not None


def _switches(text: str) -> bool:
    """Whether a turn puts another item in the place of the one in focus ("那机关的呢", "换成单位来办")."""
    return bool(_SWITCH_MARKS.search(text)) or _has(text, "switch")


def _after_done(text: str) -> str | None:
    """What follows the first word that says a step is done or asks what comes next
    ("工伤认定下来了 伤残等级在哪评" → " 伤残等级在哪评"), if any follows."""
    found = [(text.find(w), w) for w in lexicon.words("dialogue", "step_done") if w in text]
    if not found:
        return None
    start, word = min(found)
    rest = text[start + len(word):]
    return rest if mention_of(rest) else None


def _said_pairs(text: str) -> set[str]:
    """The pairs of characters a text says, as said and in the guides' words ("停了" also 暂停)."""
    return char_pairs(compact(text)) | char_pairs(official_reading(compact(text)))


def _own_words_said(name: str, focus: str, text: str) -> set[str]:
    """The pairs of an item's name, neither the focus item's nor 申请/办理…, that a text says in its
    own words (not as read in the guides' words: "退休金" names no 养老保险待遇 item outright).

    >>> sorted(_own_words_said("劳动能力再次鉴定申请", "劳动能力鉴定申请", "不服还能再次鉴定吗"))
    ['再次', '次鉴']
    """
    return (char_pairs(name) - char_pairs(focus) - _SERVICE_WORDS) & char_pairs(compact(text))



def _twins(one: str, other: str) -> bool:
    """Whether two names differ only in their bracketed qualifier: one service for two cases.

    >>> _twins("参保企业职工提前退休核准（特殊工种）", "参保企业职工提前退休核准（因病或非工伤）")
    True
    """
    a, b = qualified(one), qualified(other)
    return a is not None and b is not None and a[0] == b[0]


def _qualifier_said(twin: str, focus: str, text: str) -> bool:
    """Whether a text says what a twin's qualifier has and the focus item's lacks, as said or in
    the guides' words ("以后要变更社区呢": 变更, of …（社区变更） after …（社区登记）)."""
    own, theirs = qualified(twin), qualified(focus)
    if own is None or theirs is None:
        return False
    said = _said_pairs(text)
    return bool((char_pairs(own[1]) - char_pairs(theirs[1])) & said)


def _first_other(result: LinkResult, rejected: str | None) -> str | None:
    """The confident (or leaning) item of a reading, if it is not the one rejected."""
    if result.best is None or not (result.confident or result.leaning):
        return None
    best = result.best.guide.id
    if best == rejected:
        others = [c for c in result.candidates[1:] if c.score >= result.best.score - MARGIN]
        return others[0].guide.id if len(others) == 1 else None
    return best


def _text_only(result: LinkResult) -> bool:
    """Whether full text alone found the best candidate and its names explain little of what was said
    (under ``NAMES_EXPLAIN_NEW``): no item is named ("叫俺哥替俺跑一趟中不": 职业介绍's text, not its name)."""
    best = result.best
    return best is not None and best.reason.startswith(FULL_TEXT_ONLY) and result.explained < NAMES_EXPLAIN_NEW


def _leader(result: LinkResult, pool: list[str]) -> str | None:
    """Of the pool's items, the one a reading ranks first, if it is plausible and leads the pool's next."""
    ranked = [c for c in result.candidates if c.guide.id in pool]
    if not ranked or ranked[0].score < PLAUSIBLE:
        return None
    return ranked[0].guide.id if len(ranked) == 1 or ranked[0].score - ranked[1].score >= MARGIN else None


def _names_outright(result: LinkResult) -> bool:
    """Whether a turn names an item by its name or an alias, confidently."""
    return result.best is not None and result.confident and result.best.reason.startswith(EXACT)


def _named(result: LinkResult, loose: bool = False) -> bool:
    """Whether names (not full text alone) found the best candidate and explain much of what was said
    (some of it, ``loose``ly, for words that correct the item: the user says what the item is)."""
    if result.from_context or result.verbatim:
        return True
    best = result.best
    return best is not None and not best.reason.startswith(FULL_TEXT_ONLY) and (
        best.reason.startswith(EXACT) or result.explained >= (LEAN_EXPLAINED if loose else OWN_NAME_SHARE))

