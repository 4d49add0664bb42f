"""What to answer, given a user turn and the conversation's context. No Rasa types here.

Each public method of ``Assistant`` takes a ``Turn`` and returns an ``Outcome``: the
replies to send and the slots to set. Actions are thin adapters around it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from bot.actions import render
from bot.actions.constants import (
    ASK_OPEN_NOW,
    FIELD_INTENTS,
    OUT_OF_SCOPE,
    SLOT_ASKED_TEXT,
    SLOT_BROWSE_OFFSET,
    SLOT_BROWSE_QUERY,
    SLOT_CANDIDATES,
    SLOT_FIELD,
    SLOT_GUIDE,
    SLOT_PEOPLE,
    SLOT_RECENT,
)
from bot.actions.field_cues import (
    STATED_FIELDS,
    addressed_field,
    amount_asked,
    asked_field,
    benefit_amount_asked,
    cued_field,
    field_asked,
    field_cues,
    implausible,
    name_masked,
    proxy_field,
    stated_field,
    weak_only,
    where_done,
    yes_no,
)
from bot.actions.render import Reply
from bot.actions.resolver import ASKED_TEXT_CHARS, Reading, Resolver
from bot.actions.whose import remembered
from knowledge import lexicon, segment
from knowledge.categories import CATEGORIES
from knowledge.fields import Field
from knowledge.link_result import FULL_TEXT_ONLY
from knowledge.linking import AGREED, LEAN_EXPLAINED, MARGIN, PLAUSIBLE, ItemLinker, LinkResult
from knowledge.normalize import chinese_number, compact, mention_of, names_only_documents
from knowledge.pinyin_input import warm_up as pinyin_warm_up
from knowledge.repository import Guide, GuideRepository, GuideSummary
from knowledge.schedule import holiday_asked, moment_asked, parse_hours, ready_by, status_at
from knowledge.schedule import now as shanghai_now
from knowledge.scope import Topic, all_departments, other_department
from knowledge.situations import checklist, situation_of, situation_stated, situations_in
from knowledge.vocabulary import GENERIC_NOUNS

PAGE_SIZE = 8
RECENT_ITEMS = 6  # items of the conversation remembered for going back
PICK_WORD_CHARS = 2  # a word naming several offered items picks them all ("灵活就业那个"; not "补")
NAMED = "名称或别名"  # the linker's reason when a guide's name or alias occurs in the text
OOS_SURE = 0.8  # an out-of-scope classification this sure needs a guide named outright:
NAMES_EXPLAIN = 0.8  # its name or an alias in the text, or its names explaining this much of the mention
CUE_OVERRIDE = 0.8  # an intent classified less surely yields to question words ("能…吗", a browse that asks)
SITUATION_ONLY_CHARS = 8  # "我是高校毕业生" leaves few characters; longer text is a question
HOT_ITEMS = ("失业保险金申领", "实体社会保障卡申领（含本地、异地）", "就业登记")
COMMON_SHARE = 0.5  # a field value shared by at least this share of guides is "the common answer"
# A mention of at least this many characters that links to nothing is an unknown item.
UNKNOWN_MENTION_CHARS = 2
FOLLOW_UP_EXPLAINED = 0.1  # with an item in context, candidates whose names explain less of the words are guesses
STORY_CHARS = 14  # a mention longer than this tells a situation rather than naming one thing
AGREED_CERTAIN = 0.98  # …and so is a link this strong both names and full text agree on
ALMOST_CERTAIN = 0.95  # a link this strong is answered whatever else the question mentions…
NAMES_EXPLAIN_SOME = 0.1  # …if the guide's names explain this much of it ("高考报名" is not 博士后设站申报)
QUALIFIER_GAP = 3  # another department's word this close before the words that link a guide qualifies them…
_NOMINAL = ("n", "vn", "b")  # …through nouns and attributes only ("特困供养基本生活费"), not verbs or particles
_CLAUSE_END = re.compile(r"[，,。.！!？?；;\s]")
SMALL_TALK_CHARS = 6  # small talk names little: "好的谢谢", "你是机器人吗"; more is a question
_WRONG = "不是这个|不是这|不是|不对|错了|搞错了|弄错了|说错了"  # what a correction starts with
_CORRECTION = re.compile(rf"^({_WRONG})?[，,。.\s]*(我问的是|我说的是|我要问的是|我要的是|是)?")  # stripped off
# …and a turn that is one whatever it was classified as: "不对不对我问的是工伤康复", "说错了，是企业的"
_CORRECTS = re.compile(rf"^({_WRONG})[^，,。？?]{{0,4}}?[，,。\s]*(不是)?.{{0,2}}?(说的是|问的是|要的是|是)")
_ORDINAL = re.compile(r"第?\s*([0-9一二三四五六七八九十两]+)\s*(个|项|条|种)?")
_LAST = re.compile(r"最后一个|最后那个")
_SWITCH = re.compile(r"呢[？?。.!！\s]*$")
_SWITCH_FIRST = re.compile(r"^那[^，,。？?]{0,12}呢[，,]")  # "那反过来呢，机关转企业的": a switch, then what it is
_PERSON = re.compile(r"人工|真人|工作人员|客服|坐席|接线|懂的人|[找叫换问跟]人|找个人|机器")  # asking for a person
# "麻烦叫个真人来给我讲讲": a person asked for, whatever the classifier made of it
_WANTS_PERSON = re.compile(r"(让|找|要|转|换|叫)(个)?(人工|真人|工作人员|客服|坐席)|"
                           r"(人工|真人|工作人员|客服|坐席)[^，,。？?]{0,6}(跟我|和我|给我)(说|讲|聊|解释)")
# What a fee or a document of an item is called: "摊位费", "营业执照", "推荐函"
_ATTRIBUTES = {Field.FEES: re.compile(r"费$"), Field.MATERIALS: re.compile(r"(证|照|书|表|函|单|明|件|卡|本)$")}
# The user asks about the assistant itself, whatever the classifier made of it
_ABOUT_BOT = re.compile(r"(你们?|这个?)(这个)?(系统|机器人|助手|小程序|程序|软件)|你是(谁|干什么|干啥|做什么)|你能(干|做)(什么|啥)")
_WHETHER = re.compile(r"有没有|有.{0,12}吗")  # asks whether one thing exists…
_WHICH = re.compile(r"哪些|哪几|什么|几种|几个|列表|都有")  # …not which things do
_BROWSE_NOISE = re.compile(r"有哪些|有什么|都有啥|有啥|哪些|什么|类的|类|方面的|方面|相关的|相关|的|事项|业务|服务|可以办|能办|列出|看看|查看|全部|所有")
_CATEGORY_WORDS = {
    "社保": "社会保险", "社会保险": "社会保险", "养老": "社会保险", "工伤": "社会保险", "失业保险": "社会保险",
    "就业": "就业创业", "创业": "就业创业", "职业能力": "职业能力", "技能": "职业能力", "培训": "职业能力",
    "劳动关系": "劳动关系", "劳动": "劳动关系", "人事": "人事人才", "人才": "人事人才", "职称": "人事人才",
    "社保卡": "社会保障卡", "社会保障卡": "社会保障卡", "综合": "综合服务",
}


@dataclass(frozen=True)
class Turn:
    """What the user just said, and what the conversation remembers."""

    text: str
    intent: str | None = None
    confidence: float = 1.0
    button_guide: str | None = None
    button_category: str | None = None
    button_situation: str | None = None
    guide_id: str | None = None
    field: str | None = None
    candidate_ids: tuple[str, ...] = ()
    browse_query: str | None = None
    browse_offset: int = 0
    recent_ids: tuple[str, ...] = ()  # items answered before, oldest first
    asked_text: str | None = None  # what named the item in focus, or led to the list offered
    recent_people: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # whose matter each recent item was


@dataclass
class Outcome:
    """Replies to send (rendered, or responses of the domain by name), and slot values to set."""

    replies: list[Reply] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    responses: list[str] = field(default_factory=list)


class Assistant:
    """The dialogue logic over one repository and its linker."""

    def __init__(
        self, repo: GuideRepository, linker: ItemLinker, clock: Callable[[], dt.datetime] = shanghai_now
    ) -> None:
        self.repo = repo
        self.linker = linker
        self.clock = clock
        self.resolver = Resolver(linker, repo)

    # ----------------------------------------------------------------- context
    def in_context(self, turn: Turn, only_offer: bool = False) -> Outcome | None:
        """The answer to a turn that reads against the conversation (a reply to a list, a
        correction, going back, the next step, an aside, a follow-up: ``Resolver``), or ``None``
        for a new question."""
        if _WANTS_PERSON.search(turn.text):
            return None  # a person asked for ("麻烦叫个真人来给我讲讲"): the handoff's to decide
        reading = self.resolver.read(turn, only_offer)
        if reading is None:
            return None
        if reading.step == "situation":  # "我是高校毕业生", whatever the classifier made of it
            return self.situation(turn)
        return self._general(turn) if reading.step == "general" else self._answer_reading(turn, reading)

    def tells_another_scheme(self, turn: Turn) -> bool:
        """Whether a statement says the scheme of another variant of the item in focus, not the
        applicant's situation for a checklist.

        >>> # "她是村里种地的" after 企业养老保险个人参保信息维护申请 → True (城乡居民…); "我是高校毕业生" → False
        """
        return turn.guide_id is not None and self.resolver.counterpart(turn.text, turn.guide_id) is not None

    def _general(self, turn: Turn) -> Outcome | None:
        """A question about the bureau in general, no item named: office hours as of the moment
        asked, else the value most guides share (and which differ), else which item is meant
        (conditions and materials differ per item); ``None`` if it asks no field at all."""
        which = self._second_opinion(turn, FIELD_INTENTS.get(turn.intent or ""))
        if which is None and turn.intent != OUT_OF_SCOPE:  # "端午节大厅开不开门": words of time ask the
            kinds = lexicon.meanings_in("general", turn.text)  # hours, words of place the address
            which = Field.HOURS if turn.intent == ASK_OPEN_NOW or "时间" in kinds else (
                Field.LOCATION if "地点" in kinds else None)
        if which is Field.HOURS:  # …unless no word of time asks it ("给我编个睡前小故事")
            return None if implausible(Field.HOURS, turn.text) else self.open_now(turn, general=True)
        return self._no_item(which) if which is not None else None

    def _answer_reading(self, turn: Turn, reading: Reading) -> Outcome:
        """The reading's item, with the field its words ask, else the one asked before."""
        if reading.topic is not None:  # another department's business, asked in passing
            return self.refer(reading.topic)
        assert reading.guide_id is not None, reading.step  # every step but general and situation names one
        if reading.step == "no_next_step":  # "手续弄完了，下一步干啥", and no guide says what follows
            shown, summary = self._guides(reading.offered)[:5], self.linker.guide(reading.guide_id)
            reply = render.may_follow(summary.name if summary else "", shown, self.consult())
            return Outcome([reply], {SLOT_CANDIDATES: [g.id for g in shown], SLOT_FIELD: None} if shown else {})
        if reading.keep_field:  # the field asked before, as it was answered
            which = reading.field
        elif reading.step == "next_step" and cued_field(turn.text) is None:
            which = None  # a step not asked before, with no question word for one field: the whole of it
        else:
            asked = self._second_opinion(turn, FIELD_INTENTS.get(turn.intent or ""))
            which = self._for_item(asked, turn, reading.guide_id)
            if which is None and reading.step == "follow_up" and "地点" in lexicon.meanings_in("general", turn.text):
                which = Field.LOCATION  # "去你们人社局咋走": words of place, no field asked, ask the address
        outcome = self._answer_guide(reading.guide_id, which, (), turn.text)
        if reading.asked_text:
            outcome.slots[SLOT_ASKED_TEXT] = reading.asked_text
        return outcome

    # ----------------------------------------------------------------- answers
    def answer(self, turn: Turn, which: Field | None) -> Outcome:
        """A field question (``which``) or an overview question (``None``)."""
        if not turn.button_guide and _WANTS_PERSON.search(turn.text) and weak_only(turn.text):
            named = self.linker.link(turn.text)
            if not (named.confident and named.top.reason.startswith(NAMED)):
                return self.handoff(turn)
        if turn.guide_id and not turn.button_guide and cued_field(turn.text) is None:
            # "那企业申请的呢", "不对不对，我问的是工伤康复" classified as a question: no question word
            # asks a field, so the item changes and the field asked before stays
            if _SWITCH.search(turn.text) or _SWITCH_FIRST.search(turn.text):
                return self.inform_item(turn)
            if _CORRECTS.match(turn.text.strip()):
                return self.inform_item(turn, correction=True)
        which = self._second_opinion(turn, which)
        if turn.button_guide:
            return self._answer_guide(turn.button_guide, which, ())
        result = self.linker.link(turn.text, context=turn.guide_id)
        if topic := self._elsewhere(turn.text, result, turn.guide_id):
            return self.refer(topic)
        if turn.guide_id and which is Field.MATERIALS and self._among_materials(result, turn.guide_id):
            return self._answer_guide(turn.guide_id, which, ())  # "毕业证也得一起带吗": a material of this item
        offered = self._guides(turn.candidate_ids) if not turn.guide_id else []
        if offered and not (result.confident and (result.from_context or result.verbatim)):
            picked = self._pick(turn.text, offered, strict=True)  # "要村里交的那个居民养老" after a list
            if picked:  # the field its own words ask, else the one asked before the list
                return self._answer_picked(picked, asked_field(turn.text) or Field.parse(turn.field or ""))
        if not turn.guide_id and self._unsupported(turn, result):
            result = LinkResult((), result.mention)  # "微信老是登录不上咋整": a guide's text alone is no evidence
        if result.confident or result.leaning:
            return self._answer_for_item(result, which, turn)
        plausible = result.plausible
        unknown = self._unknown_noun(result.mention, turn.guide_id, turn.text, which)
        if turn.guide_id and result.explained < FOLLOW_UP_EXPLAINED and not unknown:
            # "多久能改好": no name explains the words, so the candidates are guesses; a follow-up
            return self._answer_guide(turn.guide_id, self._for_item(which, turn, turn.guide_id), (), turn.text)
        if len(plausible) >= 2:
            return self._clarify([c.guide for c in plausible], which, turn.text)
        if len(plausible) == 1 and not turn.guide_id:
            return self._answer_guide(plausible[0].guide.id, self._for_item(which, turn, plausible[0].guide.id), result,
                                      turn.text)
        if turn.guide_id and not unknown:  # a follow-up: "大概几天能办下来"
            return self._answer_guide(turn.guide_id, self._for_item(which, turn, turn.guide_id), (), turn.text)
        if offered and not unknown:  # "要带什么" while a list is pending: ask again
            return self._clarify(offered, which)
        if _ABOUT_BOT.search(turn.text) and not result.plausible:  # "你这个机器人能干点啥"
            return Outcome(responses=["utter_bot_identity"])
        if len(_content(result.mention)) >= UNKNOWN_MENTION_CHARS:
            return Outcome([render.unknown_item(result.mention, self.consult())])
        return self._no_item(which)

    def _unsupported(self, turn: Turn, result: LinkResult) -> bool:
        """Whether a first question's reading rests on a guide's full text alone, the question saying
        no word of any guide's name or alias (general words aside): no evidence for an answer.

        >>> # "微信老是登录不上咋整" → True (only a guide's text has 微信, 登录); "厂里欠工资不给咋办" → False (工资)
        """
        top = result.best
        return (top is not None and top.reason.startswith(FULL_TEXT_ONLY) and not turn.button_guide
                and not self.resolver.evidence(turn.text, result))

    def _for_item(self, which: Field | None, turn: Turn, guide_id: str) -> Field | None:
        """The field to answer for this item: a cue word inside its name asks nothing ("住院费用联网结算咋办"
        is no fee question); "创业补贴多少钱" asks the benefit's amount (事项简述); a deadline, the
        situations that call for it, or whether one may do it are read where the guide states them."""
        guide = self.linker.guide(guide_id)
        if guide is not None and which is not None and not turn.button_guide:
            masked = name_masked(turn.text, guide.name)
            if which in field_cues(turn.text) and which not in field_cues(masked):  # a cue word of the name
                which = self._second_opinion(replace(turn, text=masked), FIELD_INTENTS.get(turn.intent or ""))
        if guide is not None and amount_asked(which, turn.text, guide.name):
            return Field.SUMMARY
        full = self.repo.get(guide_id) if not turn.button_guide else None
        which = proxy_field(which, turn.text, full.field(Field.MATERIALS)) if full else which
        if which in STATED_FIELDS and full is not None:
            summary, conditions = full.field(Field.SUMMARY), full.field(Field.CONDITIONS)
            which = stated_field(which, turn.text, summary, conditions)
            return addressed_field(which, turn.text, guide.name if guide else "", summary, conditions)
        return which

    def _answer_for_item(self, result: LinkResult, which: Field | None, turn: Turn) -> Outcome:
        """The linked item's answer, with the field as read for that item (``_for_item``)."""
        # the scheme the question tells in everyday words ("俺是种地的，养老金停了咋恢复": 城乡居民…)
        told = None if turn.button_guide else self.resolver.variant_told(turn.text, result.top.guide.id)
        if told is not None:
            return self._answer_guide(told, self._for_item(which, turn, told), (), turn.text)
        return self._answer_linked(result, self._for_item(which, turn, result.top.guide.id), turn.text)

    def _answer_linked(self, result: LinkResult, which: Field | None, text: str = "") -> Outcome:
        """The linked item's answer; unless the link is sure, the other plausible items beside it."""
        outcome = self._answer_guide(result.top.guide.id, which, result, text)
        if result.sure:
            return outcome
        others = [c.guide for c in result.plausible[1:]]
        outcome.replies = [render.with_alternatives(outcome.replies[0], others)] + outcome.replies[1:]
        if others:  # what is shown may be picked next ("2", "事业单位那个")
            outcome.slots[SLOT_CANDIDATES] = [result.top.guide.id, *(g.id for g in others)]
        return outcome

    def _elsewhere(self, text: str, result: LinkResult, guide_id: str | None = None) -> Topic | None:
        """Another department's business (公积金, 护照, 医保报销…) the question is about, naming no
        guide outright. Words of the item in context are not ("结婚证要带原件不" about an item whose
        materials list a 结婚证)."""
        found = other_department(text)
        if found is None:
            return None
        topic = found.words
        if result.best is not None and not result.verbatim and (attached := self._said_of_another(text, result)):
            return attached  # "特困供养基本生活费": another department's benefit, whatever guide has 生活费
        # …a link on words of the topic itself ("合作医疗报销" → 工伤医疗（康复）费用申报) is not certain
        on_topic = result.best is not None and any(
            topic[i : i + 2] in result.best.guide.name for i in range(len(topic) - 1))
        # …nor words of a story the linked guide itself tells ("我家是低保户…求职补贴": 低保 is a condition)
        linked = result.best.guide.id if result.best is not None and (result.confident or result.leaning) \
            and not on_topic else None
        for guide in self.repo.get_many([g for g in (guide_id, linked) if g]):
            if topic in "".join(guide.field(f) for f in Field):
                return None
        # a guide named outright, or linked almost certainly ("我辞了事业单位的工作…养老关系还没转出去")
        named = result.best is not None and result.confident and (result.best.reason.startswith(NAMED) or (
            result.best.score >= ALMOST_CERTAIN and result.explained >= NAMES_EXPLAIN_SOME and not on_topic))
        return None if self.linker.knows(topic) or named else found

    def _said_of_another(self, text: str, result: LinkResult) -> Topic | None:
        """Another department's business that qualifies the very words linking the question to a
        guide, in the same breath ("特困供养基本生活费", "军属定期抚恤金": 生活费 and 抚恤金 of whose?), not
        a circumstance told apart ("家里吃低保，这种能认定…", "等级证书里的身份证号写错了要更正…"): the
        department's, then."""
        name_words = {w.word for w in _posseg().cut(compact(result.top.guide.name)) if len(w.word) >= 2}
        for _start, end, topic in all_departments(text):
            clause = _CLAUSE_END.split(text[end:], maxsplit=1)[0]
            for word in name_words:
                gap = clause.find(word)  # found as characters: the question's own segmentation may differ
                if 0 <= gap <= QUALIFIER_GAP and all(w.flag.startswith(_NOMINAL) for w in _posseg().cut(clause[:gap])):
                    return topic  # nothing but nouns and attributes between ("基本", "定期")
        return None

    def refer(self, topic: Topic) -> Outcome:
        """Another department's business: say whose it is, and how to ask the bureau (the focus stays)."""
        return Outcome([render.other_department(topic.words, topic.department if topic.governmental else None,
                                                self.consult())])

    def _unknown_noun(self, mention: str, guide_id: str | None = None, text: str = "",
                      which: Field | None = None) -> str | None:
        """A thing the user names that no guide knows ("护照"), as opposed to generic words of a
        follow-up ("在哪个地方办", "手机上能查吗"), words of the guide in context ("推荐函没有行
        不行" about an item whose materials list a 推荐函) or, with an item in context, a fee or a
        document asked about it ("收不收摊位费")."""
        # tagged as written: stripping question words leaves false words ("办事的人" → "事人")
        attribute = _ATTRIBUTES.get(which) if guide_id and which is not None else None
        nouns = [word for word, flag in _posseg().cut(compact(text) if text else mention)
                 if len(word) >= 2 and flag.startswith("n") and word in mention
                 and word not in GENERIC_NOUNS and not self.linker.knows(word)
                 and not (attribute and attribute.search(word))]
        guide = self.repo.get(guide_id) if nouns and guide_id else None  # read only when needed
        said = "".join(guide.field(f) for f in Field) if guide else ""
        return next((word for word in nouns if word not in said), None)

    def _among_materials(self, result: LinkResult, guide_id: str) -> bool:
        """Whether a materials question names only documents the item in context asks for, and no
        other guide outright ("人事档案也要交吗" about 人员调配审批 is not about 档案转递)."""
        if result.verbatim or (result.best is not None and result.best.reason.startswith(NAMED)):
            return False
        nouns = [word for word, flag in _posseg().cut(result.mention)  # jieba tags 人事档案 a phrase (l)
                 if len(word) >= 2 and flag.startswith(("n", "l", "j"))]
        guide = self.repo.get(guide_id) if nouns else None
        return guide is not None and all(word in guide.field(Field.MATERIALS) for word in nouns)

    def inform_item(self, turn: Turn, correction: bool = False) -> Outcome:
        """An item named on its own ("失业登记", "那企业申请的呢", "不对，我要问的是…")."""
        marker = _CORRECTION.match(turn.text.strip())
        if correction and (marker is None or not marker.group(0)):
            correction = False  # "我在事业单位工作…能申诉吗" corrects nothing
        # a question ("…能申诉吗") says which field; a switch ("那就业登记呢") keeps the last one
        asked = None if correction or _SWITCH.search(turn.text) else asked_field(turn.text)
        which = asked or (Field.parse(turn.field) if turn.field else None)
        text = _CORRECTION.sub("", turn.text.strip()) if correction else turn.text
        if turn.button_guide:
            return self._answer_guide(turn.button_guide, which, ())
        offered = self._guides(turn.candidate_ids)
        context = None if correction else turn.guide_id
        if context is None and not correction and offered and _SWITCH.search(text):
            context = offered[0].id  # "那机关单位那种呢" while a list is pending: a switch from its first
        result = self.linker.link(text, context=context) if text else LinkResult((), "")
        result = self._not_the_same_again(text, result, context)
        rejected_twin = False
        if correction:
            rejected_twin = turn.guide_id in {c.guide.id for c in result.candidates[:2]}
            result = LinkResult(tuple(c for c in result.candidates if c.guide.id != turn.guide_id), result.mention)
            # "搞错了，俺是企业退休的" after 机关事业单位养老保险待遇终止: the previous name, corrected
            switched = self.linker.link(text, context=turn.guide_id) if text and turn.guide_id else None
            if switched and switched.from_context and switched.confident and switched.top.guide.id != turn.guide_id:
                result = switched
        named = result.confident and (result.from_context or result.verbatim)
        # "农村的那种" after a list of items; "说错了，是养老保险的" after one, of the others
        choices = [g for g in offered if g.id != turn.guide_id] if correction else offered
        if choices and not named:
            switch = _SWITCH.search(text) or _SWITCH_FIRST.search(text)  # "那再申诉呢": another one
            picked = self._pick(text, choices, strict=True, answered=None if switch or correction else turn.guide_id)
            if picked:
                return self._answer_picked(picked, which)
        if result.confident:
            return self._answer_guide(result.top.guide.id, which, result, turn.text)
        if rejected_twin and result.best and result.best.score >= PLAUSIBLE and result.lead >= MARGIN:
            # "不对，问的是那张实体卡的密码" after the 电子 card's: of near-twins, the one not rejected
            return self._answer_linked(result, which)
        plausible = result.plausible
        if len(plausible) >= 2 or (len(plausible) == 1 and correction is False and turn.guide_id):
            return self._clarify([c.guide for c in plausible], which)
        if len(plausible) == 1:
            return self._answer_guide(plausible[0].guide.id, which, result, turn.text)
        if correction:
            others = [g for g in self._guides(turn.candidate_ids) if g.id != turn.guide_id]
            if others:
                return self._clarify(others, which)
            return Outcome([render.ask_which_item(which, ())], {SLOT_GUIDE: None})
        if len(_content(result.mention)) >= UNKNOWN_MENTION_CHARS:
            return Outcome([render.unknown_item(result.mention, self.consult())])
        return Outcome([render.not_understood(self.consult())])

    def _not_the_same_again(self, text: str, result: LinkResult, context: str | None) -> LinkResult:
        """A switch ("那X呢") read in context as the item in focus again puts X in its place: X's own
        reading, where it is sure of another item.

        >>> # "那集体合同呢" after 企业工资集体协议审查 → 集体合同审查, not the focus item again
        """
        if context is None or result.best is None or result.best.guide.id != context or not _SWITCH.search(text):
            return result
        alone = self.linker.link(text)
        other = alone.best is not None and alone.best.guide.id != context and (alone.confident or alone.leaning)
        return alone if other else result

    def choose(self, turn: Turn) -> Outcome:
        """The user picks one of the offered items by number, ordinal or part of its name."""
        which = Field.parse(turn.field) if turn.field else None
        if turn.button_guide:
            return self._answer_guide(turn.button_guide, which, ())
        offered = self._guides(turn.candidate_ids)
        if not offered and not turn.guide_id:
            return self.answer(turn, None)  # a question taken for a pick ("闺女刚满十六，城乡居民养老她能交不")
        if not offered:
            return self.inform_item(turn)
        picked = self._pick(turn.text, offered, answered=turn.guide_id)
        if not picked:
            return Outcome([render.choice_not_found(offered)])
        return self._answer_picked(picked, which)

    def _pick(self, text: str, offered: list[GuideSummary], strict: bool = False,
              answered: str | None = None) -> list[GuideSummary]:
        """The offered item the text points to (``[]``: none; several when its words name them alike,
        the closest first, or the item ``answered`` just before if they name it); ``strict`` when
        the text may be a new question."""
        cleaned = compact(text)
        if _LAST.search(cleaned):
            return [offered[-1]]
        number = _ORDINAL.fullmatch(cleaned) or (None if strict else _ORDINAL.match(cleaned))
        if number:
            value = chinese_number(number.group(1))
            if value is not None and 1 <= value <= len(offered):
                return [offered[value - 1]]
        mention = mention_of(text).replace("那个", "")
        hits = [g for g in offered if mention and mention in compact(g.name)]
        named_alike = len(hits) >= 2 and len(mention) >= PICK_WORD_CHARS
        if named_alike and answered in {g.id for g in hits}:  # "灵活就业那个" beside the 灵活就业 item answered
            return sorted(hits, key=lambda g: g.id != answered)
        result = self.linker.link(text)
        allowed = {g.id for g in offered}
        for cand in result.candidates[:1] if strict else result.candidates:
            if cand.guide.id in allowed and cand.score >= 0.4:
                if named_alike and cand.guide in hits:  # the linker's pick first, the others named alike beside it
                    return sorted(hits, key=lambda g: g.id != cand.guide.id)
                return [cand.guide]
        if len(hits) == 1:
            return hits
        closest = self.linker.closest(text, [g.id for g in offered])
        if named_alike:
            return sorted(hits, key=lambda g: g.id != closest)  # "灵活就业那个" of two: the closer first
        return [g for g in offered if g.id == closest]

    def _answer_picked(self, picked: list[GuideSummary], which: Field | None) -> Outcome:
        """The answer about the item picked; items the words named alike are offered beside it."""
        outcome = self._answer_guide(picked[0].id, which, ())
        if len(picked) > 1:
            outcome.replies = [render.with_alternatives(outcome.replies[0], picked[1:])] + outcome.replies[1:]
            outcome.slots[SLOT_CANDIDATES] = [g.id for g in picked]
        return outcome

    # ---------------------------------------------------------------- browsing
    def browse(self, turn: Turn) -> Outcome:
        """Items of a category, or matching a keyword, one page at a time."""
        query = turn.button_category or _browse_query(turn.text)
        if not query:
            return Outcome([render.browse_categories(self.repo.categories())])
        if not turn.button_category and _WHETHER.search(turn.text) and not _WHICH.search(turn.text):
            result = self.linker.link(turn.text)  # "有没有留学回来创业的扶持项目": is there this one?
            if result.confident:  # with the other candidates beside it unless sure
                return self._answer_linked(result, asked_field(turn.text))
        if not turn.button_category and turn.confidence < CUE_OVERRIDE and cued_field(turn.text) is not None:
            return self.answer(turn, None)  # "就业创业证可以在网上查吗": a field question, not a list
        return self._browse_page(query, 0)

    def more(self, turn: Turn) -> Outcome:
        """The next page of the last browse."""
        if not turn.browse_query and len(_content(mention_of(turn.text))) > SMALL_TALK_CHARS:
            return self.answer(turn, None)  # "继续教育学时证明去哪打印" is a question, not "继续"
        if not turn.browse_query:
            return Outcome([render.no_more()])
        return self._browse_page(turn.browse_query, turn.browse_offset + PAGE_SIZE)

    def _browse_page(self, query: str, offset: int) -> Outcome:
        category = _CATEGORY_WORDS.get(query, query if query in CATEGORIES else None)
        if category:
            guides, title = self.repo.list_category(category), f"{category}类事项"
        else:
            guides = [e.guide for e in self.repo.catalogue() if query in e.guide.name]
            if not guides:
                guides = [c.guide for c in self.repo.search(query, limit=PAGE_SIZE) if c.score >= 0.35]
            title = f"与“{query}”相关的事项"
        if not guides:
            return Outcome([render.browse_nothing(query)])
        if offset >= len(guides):
            return Outcome([render.no_more()])
        page = guides[offset : offset + PAGE_SIZE]
        reply = render.browse_page(title, page, offset, len(guides))
        return Outcome(
            [reply],
            {SLOT_BROWSE_QUERY: query, SLOT_BROWSE_OFFSET: float(offset), SLOT_CANDIDATES: [g.id for g in page]},
        )

    # ------------------------------------------------------------------ others
    def fallback(self, turn: Turn) -> Outcome:
        """Low NLU confidence: the best reading the linker and the context allow, else say so."""
        if turn.guide_id and _SWITCH.search(turn.text):
            return self.inform_item(turn)  # "那企业申请的呢" the classifier was unsure about
        return self._best_effort(turn, named_only=False)

    def out_of_scope(self, turn: Turn) -> Outcome:
        """A question the classifier thinks the guides do not cover. When it is sure, answered only
        if a guide is named outright (its name or an alias, even misspelt); when unsure, read like
        any unclear question, and so is a follow-up that asks a field of the item in context ("在哪补");
        but items only full text suggests are not offered for it ("娃要上小学了去哪报名")."""
        follow_up = turn.guide_id is not None and asked_field(turn.text) is not None
        return self._best_effort(turn, named_only=turn.confidence >= OOS_SURE and not follow_up, guesses=False)

    def _best_effort(self, turn: Turn, named_only: bool, guesses: bool = True) -> Outcome:
        """An unclear turn: a pick from the items just offered, a confidently linked item, a field
        of the item in context, a clarification (of full-text guesses only if ``guesses``); else an
        honest reply with the consult phone."""
        if turn.guide_id and asked_field(turn.text) is None:  # the same field of another item:
            if _SWITCH_FIRST.search(turn.text):  # "那反过来呢，机关转企业的"
                return self.inform_item(turn)
            if _CORRECTS.match(turn.text.strip()):  # "搞错了，俺是企业退休的"
                return self.inform_item(turn, correction=True)
        offered = self._guides(turn.candidate_ids)
        switch = _SWITCH.search(turn.text) or _SWITCH_FIRST.search(turn.text)  # "那再申诉呢": another one
        picked = (self._pick(turn.text, offered, strict=True, answered=None if switch else turn.guide_id)
                  if offered and not named_only else [])
        if picked:  # "就是创业那个" after a list
            return self._answer_picked(picked, Field.parse(turn.field) if turn.field else None)
        which = asked_field(turn.text)
        result = self.linker.link(turn.text, context=turn.guide_id)
        if topic := self._elsewhere(turn.text, result, turn.guide_id):
            return self.refer(topic)
        outright = result.confident and (
            result.top.reason.startswith(NAMED)
            or result.explained >= NAMES_EXPLAIN
            or (result.sure and result.top.score >= ALMOST_CERTAIN)  # "我辞了事业单位的工作…养老关系还没转出去"
            # names and full text agreeing at the very top ("养老保险参保日期登记得不对…咋更正")
            or (result.top.score >= AGREED_CERTAIN and result.top.reason.endswith(AGREED))
        )
        if result.confident and (not named_only or outright):
            return self._answer_for_item(result, which, turn)
        unknown = self._unknown_noun(result.mention, turn.guide_id, turn.text, which)
        if turn.guide_id and which is not None and not unknown and not named_only:
            return self._answer_guide(turn.guide_id, self._for_item(which, turn, turn.guide_id), ())  # "在哪补"
        # a short question naming something no guide knows ("育婴师考试的报名费") is not leant on;
        # a story ("…欠的那几年不打算补了，能不能算了、那段年限不要了") tells more than any one noun
        story = len(_content(result.mention)) > STORY_CHARS
        if not named_only and result.leaning and (story or not unknown):
            return self._answer_for_item(result, which, turn)
        named_some = guesses or result.explained >= LEAN_EXPLAINED  # names explain some of what was said
        if not named_only and len(result.plausible) >= 2 and named_some:
            return self._clarify([c.guide for c in result.plausible], which, turn.text)
        if named_only:
            return Outcome([render.unknown_item("", self.consult())])
        if len(_content(result.mention)) >= UNKNOWN_MENTION_CHARS:
            return Outcome([render.unknown_item(result.mention, self.consult())])
        return Outcome([render.not_understood(self.consult())])

    def small_talk(self, turn: Turn) -> Outcome:
        """Greetings, thanks, goodbye, "你是谁": the domain's response, unless the turn is really a
        question the classifier took for small talk ("社保卡丢了得先挂失吧，去哪儿挂")."""
        if self.small(turn.text):
            return Outcome(responses=[f"utter_{turn.intent}"])
        return self._best_effort(turn, named_only=False)

    def small(self, text: str) -> bool:
        """Whether a text is short enough for small talk and names no guide ("好的谢谢", "你是机器人吗")."""
        result = self.linker.link(text)
        named = result.best is not None and result.confident and result.best.reason.startswith(NAMED)
        return len(_content(mention_of(text))) <= SMALL_TALK_CHARS and not named

    def handoff(self, turn: Turn) -> Outcome:
        """How to reach a person, from the guides' own contact and hours; but a switch that asks
        for no person ("机关单位的呢", taken for a handoff) is a switch."""
        if turn.guide_id and _SWITCH.search(turn.text) and not _PERSON.search(turn.text):
            return self.inform_item(turn)
        return Outcome([render.handoff(self.consult(), self.common_value(Field.HOURS)[0])])

    # ----------------------------------------------------------------- helpers
    def consult(self) -> str:
        """The consult phone and website most guides give."""
        return self.common_value(Field.CONSULT)[0]

    def common_value(self, which: Field) -> tuple[str, int, list[GuideSummary]]:
        """The most common text of a field, how many guides share it, and the guides that differ."""
        return _common_values(self.repo, which)

    def _answer_guide(self, guide_id: str, which: Field | None, result: LinkResult | tuple, text: str = "") -> Outcome:
        """The guide's field (or overview when ``which`` is None) for the question ``text``."""
        guide = self.repo.get(guide_id)
        if guide is None:
            return Outcome([render.not_understood(self.consult())], {SLOT_GUIDE: None})
        which = where_done(which, guide.field(Field.CHANNELS))
        stated = situation_stated(text, guide.field(Field.MATERIALS)) if which is Field.MATERIALS else None
        if stated:  # "咱是刚从部队回来的，…要带什么": only what applies to the applicant
            listed = checklist(guide.field(Field.MATERIALS), stated)
            reply = render.checklist_answer(guide, stated, listed.items, listed.filtered)
        else:
            reply = render.overview(guide) if which is None else self._field_reply(guide, which, yes_no(text))
        return Outcome([reply], {SLOT_GUIDE: guide.id, SLOT_FIELD: which.value if which else None, SLOT_CANDIDATES: []})

    def _field_reply(self, guide: Guide, which: Field, yes_no: bool = False) -> Reply:
        """A field answer, with what can be computed from it: open now, ready by, situations."""
        reply = render.field_answer(guide, which, yes_no)
        current = self.clock()
        if which is Field.HOURS:
            hours = parse_hours(guide.field(Field.HOURS))
            if hours is not None:
                reply = render.with_note(reply, render.open_status(status_at(hours, current), current, True))
        elif which is Field.TIME_LIMIT:
            hours = parse_hours(guide.field(Field.HOURS))
            estimate = ready_by(guide.field(Field.TIME_LIMIT), hours, current.date())
            reply = render.with_note(reply, render.ready_line(estimate, current.date()))
        elif which is Field.MATERIALS:
            situations = situations_in(guide.field(Field.MATERIALS))
            if situations:
                reply = render.with_note(reply, render.situation_hint())
                reply = render.Reply(reply.text, render.situation_buttons(guide.id, situations) + reply.buttons[:1],
                                     reply.kind, reply.guide_id, reply.field)
        return reply

    # ------------------------------------------------------------ time and situation
    def open_now(self, turn: Turn, general: bool = False) -> Outcome:
        """"现在能去办吗", "周六上班吗", "国庆节上班吗": the office's status at the moment asked.

        A question with no word of time ("腰上的旧伤又犯了，还能算工伤给治不") was misread: it is answered
        as the field question its words point to.
        """
        if not general and not turn.text.startswith("/") and implausible(Field.HOURS, turn.text):
            # the misread field is dropped by its question words; read against the conversation first
            return self.in_context(turn) or self.answer(turn, Field.HOURS)
        current = self.clock()
        guide = None if general else self._context_guide(turn)
        hours_text = guide.field(Field.HOURS) if guide else self.common_value(Field.HOURS)[0]
        hours = parse_hours(hours_text)
        moment, whole_day = moment_asked(turn.text, current)
        holiday = holiday_asked(turn.text)
        if hours is None:
            line = "该事项的办事时间比较特殊，请以下面的说明为准。"
        elif holiday and moment.date() == current.date() and not whole_day:
            line = render.holiday_unknown(holiday)
        else:
            status = status_at(hours, moment)
            asked_now = moment == current
            line = render.open_status(status, moment, asked_now, hours.sessions_on(moment.date()))
        shared = None if guide else self.common_value(Field.HOURS)[1]
        slots = {SLOT_GUIDE: guide.id, SLOT_FIELD: Field.HOURS.value} if guide else {SLOT_FIELD: Field.HOURS.value}
        return Outcome([render.open_answer(guide.name if guide else None, line, hours_text, shared)], slots)

    def _second_opinion(self, turn: Turn, which: Field | None) -> Field | None:
        """The field the question words point to, if any; else the classifier's (``field_asked``)."""
        if turn.button_guide or turn.text.startswith("/"):
            return which
        return field_asked(turn.text, which, turn.confidence, CUE_OVERRIDE)

    def situation(self, turn: Turn) -> Outcome:
        """"我是高校毕业生": the materials of the current item that apply, as a checklist.

        The words describe the applicant, not an item ("高校毕业生" would link to 高校毕业生社保补贴申领),
        so the item in context wins; the text is linked only when there is none.
        """
        if not turn.button_situation and len(_content(mention_of(turn.text))) > SITUATION_ONLY_CHARS:
            result = self.linker.link(turn.text)  # a whole question, not just "我是…": answer it
            if result.confident:
                return self._answer_guide(result.top.guide.id, cued_field(turn.text), result)
        guide = self._context_guide(turn, prefer_context=True)
        if guide is None:
            return Outcome([render.ask_situation_item()])
        situation = turn.button_situation or situation_of(turn.text) or "个人"
        listed = checklist(guide.field(Field.MATERIALS), situation)
        reply = render.checklist_answer(guide, situation, listed.items, listed.filtered)
        return Outcome([reply], {SLOT_GUIDE: guide.id, SLOT_FIELD: Field.MATERIALS.value})

    def _context_guide(self, turn: Turn, prefer_context: bool = False) -> Guide | None:
        """The guide named in the turn (button or text), else the one in context."""
        if turn.button_guide:
            return self.repo.get(turn.button_guide)
        if prefer_context and turn.guide_id:
            return self.repo.get(turn.guide_id)
        result = self.linker.link(turn.text, context=turn.guide_id)
        named = turn.guide_id is not None or bool(self.resolver.evidence(turn.text, result))
        if result.best is not None and result.confident and not result.from_context and named:
            return self.repo.get(result.best.guide.id)  # not on general words alone ("晚上六点下了班还能办吗")
        return self.repo.get(turn.guide_id) if turn.guide_id else None

    def _clarify(self, candidates: list[GuideSummary], which: Field | None, text: str = "") -> Outcome:
        """Ask which of the candidates is meant; the field asked waits for the answer ("一次能给多少补贴"
        waits for the 事项简述, the benefit's amount, not for a fee)."""
        shown = candidates[:5]
        if text and benefit_amount_asked(which, text):
            which = Field.SUMMARY
        return Outcome(
            [render.clarify(shown, which)],
            {SLOT_CANDIDATES: [g.id for g in shown], SLOT_FIELD: which.value if which else None},
        )

    def _no_item(self, which: Field | None) -> Outcome:
        if which is not None:
            value, shared, differing = self.common_value(which)
            total = shared + len(differing)
            if shared >= COMMON_SHARE * total:
                return Outcome([render.common_answer(which, value, shared, total, differing)], {SLOT_FIELD: which.value})
        examples = [g for g in (self.repo.by_name(n) for n in HOT_ITEMS) if g is not None]
        return Outcome([render.ask_which_item(which, [g.summary for g in examples])], {SLOT_FIELD: which.value if which else None})

    def _guides(self, ids: tuple[str, ...] | list[str]) -> list[GuideSummary]:
        return [g for g in (self.linker.guide(i) for i in ids) if g is not None]


_COMMON_CACHE: dict[tuple[int, int, Field], tuple[str, int, list[GuideSummary]]] = {}


def _common_values(repo: GuideRepository, which: Field) -> tuple[str, int, list[GuideSummary]]:
    key = (id(repo), repo.version(), which)
    if key not in _COMMON_CACHE:
        guides: list[Guide] = repo.get_many([e.guide.id for e in repo.catalogue()])
        counts = Counter(g.field(which) for g in guides)
        value, shared = counts.most_common(1)[0]
        differing = [g.summary for g in guides if g.field(which) != value]
        _COMMON_CACHE[key] = (value, shared, differing)
    return _COMMON_CACHE[key]


def remember(turn: Turn, outcome: Outcome) -> Outcome:
    """The conversation's memory after a turn: the items answered so far (oldest first), and
    what named the item in focus or led to the list offered (the turn's text, unless a reading
    of it in context says otherwise)."""
    focus = outcome.slots.get(SLOT_GUIDE, turn.guide_id)
    if outcome.slots.get(SLOT_GUIDE):
        recent = [g for g in turn.recent_ids if g != focus] + [focus]
        outcome.slots[SLOT_RECENT] = recent[-RECENT_ITEMS:]
        told = turn.asked_text if turn.text.startswith("/") or turn.text.strip().isdigit() else turn.text
        outcome.slots[SLOT_PEOPLE] = remembered(turn.recent_people, str(focus), told or "", outcome.slots[SLOT_RECENT])
    clarified = any(r.kind == "clarify" for r in outcome.replies)
    if SLOT_ASKED_TEXT not in outcome.slots and not turn.text.startswith("/") and (
            clarified or (outcome.slots.get(SLOT_GUIDE) and focus != turn.guide_id)):
        outcome.slots[SLOT_ASKED_TEXT] = turn.text[-ASKED_TEXT_CHARS:]
    return outcome


def _posseg():  # noqa: ANN202  jieba's part-of-speech tagger, the same in every process (knowledge/segment.py)
    return segment.tagger()


def warm_up() -> None:
    """Load what the first questions would otherwise wait for (jieba's tagger, the pinyin vocabulary)."""
    list(_posseg().cut("预热"))
    pinyin_warm_up()


def _content(mention: str) -> str:
    """The part of a mention that could name something (drops digits, letters and documents: 银行卡)."""
    return "" if names_only_documents(mention) else re.sub(r"[0-9a-z]", "", mention)


def _browse_query(text: str) -> str:
    return _BROWSE_NOISE.sub("", compact(text))
