"""Words that say which field is asked: a second opinion when the classifier is unsure.

Long, descriptive questions ("我五十出头了，厂子关门后一直打零工……这样算不算就业困难") carry many content
words that can pull the intent classifier off; the question words are usually unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pypinyin import Style, pinyin

from knowledge import lexicon
from knowledge.fields import Field, bare_conditions
from knowledge.search import char_ngrams


def _by_field(name: str) -> dict[Field, tuple[str, ...]]:
    """A lexicon file keyed by field label (申请材料…), as field → words in the file's order."""
    return {Field.from_label(label): tuple(w for entry in entries for w in entry.words)
            for label, entries in lexicon.load(name).items()}


# Words that ask a field ("要带什么": 申请材料), kept as data the bureau's staff review
CUES: dict[Field, tuple[str, ...]] = _by_field("field_cues")


# Cue words that ask nothing: parts of the guides' names (咨询 of 咨询工程师 and 政策法规咨询, 资格
# of 职业资格证书, 条件 of 退休待遇条件认定, 费用 of 工伤医疗（康复）费用申报 or of 费用清单), an opening
# (想咨询一下), a record to change (联系电话要改), money received on a card (换张卡收钱), going to work
# (回涞源上班了), a result already out (结果出来了).
_NOT_ASKED = re.compile(
    r"咨询工程师|工程咨询|(政策|法规)咨询|咨询一下|条件认定|(前|这|那|头)几天|(职业|任职|执业|从业|技能)资格|资格(证书|证|考试|考评|审核|认[证正定]|鉴定|评价|复核)|"
    r"(医疗|康复|器具|配置|更换|丧葬|培训)?费用(申报|结算|报销|审核|报)|(费用|医药费|医疗费)(清单|明细|发票|票据|单据)|"
    r"(报销|垫付)[^，,。？?收交缴要是否不吗]{0,8}费用|"  # "先垫付的住院康复费用想报销，得带啥": the money claimed
    r"监督检查|证明材料|档案材料|(卡|账户|帐户)[^，,。？?]{0,2}收钱|收钱的?(卡|账户|帐户)|"  # money received on a card
    r"(联系电话|电话号码|手机号码?|地址|住址)(?=[^，,。？?]{0,8}(改|变|换|更新|错))|"  # a record to change
    r"上下班|[上下]班路上|(回|到)[^，,。？?]{0,6}上班了|去上班了|在[^，,。？?在]{1,6}上班|"  # going to work
    r"(结果|结论|决定)(已经)?(出来|下来)了"  # a result already out tells what happened
)

# "少交的年头能一把补上吗", "老板不管，我本人能去申请吗": a yes/no question about doing something asks whether
# one qualifies, unless other question words say what is asked ("能在网上办吗"). "要审批吗" asks
# whether the service applies at all: an overview.
_CAN_I = re.compile(r"(能|可以|可不可以|还能|能不能)[^，,。？?]{0,20}(吗|(?<!能)不[？?。！!\s]*$)")  # "十五了能考不": 吗 said as 不
# "少交的年头能一把补上吗", "去省城复查的车票能报不", "要不要办终止": a question answered yes or no.
_YES_NO = re.compile(r"能不能|可不可以|可以不|是不是|有没有|要不要|需不需要|算不算|是否|(吗|(?<![什怎那这多])么|嘛)[？?。！!]*$"
                     r"|(能|可以|会|要)[^，,。？?]{0,12}(不|没)[？?。]*$")
# "户口本也得一起带吗", "要交安全生产许可证复印件吗": whether a document is among the materials (交钱 is a fee).
_BRING = re.compile(r"(要|得|需要|用)(一起|一并)?(交|带|提供|准备|复印|出具)(?![^，,。？?]{0,6}(钱|费|滞纳金|利息)|多少)[^，,。？?]{0,12}吗")  # not "要交鉴定费吗"
# "单位定的岗位方案报哪去": where it is handed in (not 报哪些, the materials; not 报哪个级别)
_HAND_IN_WHERE = re.compile(r"(报|交|送|递)(到)?哪(?!些|样|个|种|类|级)|(报|交|送|递)(到)?哪个(窗口|部门|地方|大厅|科室)")
# "评审费交多少": what a fee costs (not "生活费补助…一天多少", a benefit's amount)
_FEE_HOW_MUCH = re.compile(r"费(要|得|需要)?(交|收|缴)?多少")
# "要交评估费吗": whether a fee is paid (not 社保费, the contributions a service is about)
_PAY_FEE = re.compile(r"(交|收|付)[^，,。？?]{0,4}(?<!保险)(?<!社保)(?<!医保)(?<!滞纳)费(用)?(吗|么|[？?]|$|不[？?]?$)")
# "劳动争议调解得交申请书不": whether a document is needed is a question of materials
_DOCUMENTS = "(申请书|申请表|登记表|证明|复印件|原件|照片|身份证|户口本)"
_DOCUMENT_NEEDED = re.compile(f"(要|得|需要|用)(不要|带|交|提供)?[^，,。？?]{{0,6}}{_DOCUMENTS}(吗|不)"
                              f"|(要不要|需不需要|用不用|得不得)[^，,。？?]{{0,6}}{_DOCUMENTS}"  # "要不要照片啊"
                              f"|{_DOCUMENTS}(也|还)?(得|要|需要|用)(要|带|交|提供)?(吗|不)?[？?]*$")  # "毕业证明也得要？"
# "俺娘想换个银行卡收养老金，需要什么": what is needed, said last, is the materials
_NEED_WHAT = re.compile(r"(需要|要|得)(什么|啥)[？?。！!\s]*$")
# "推荐函是必须的吗", "原件一定要吗": whether a document is required is a question of materials
_DOCUMENT_REQUIRED = re.compile(r"(函|书|表|证明|复印件|原件|照片|证件)(是)?(必须|一定|必需|非|必要)(要|得|有)?(的)?(吗|不|么)")
# "结果能自己在家打印吗", "结果在哪看", "怎么知道那边批下来没有": how the result is delivered
_RESULT_HOW = re.compile(r"结果[^，,。？?]{0,6}(打印|下[载栽]?(?!来)|拿|取|寄|送|看|查)|怎么知道[^，,。？?]{0,10}(收到|办好|办完|批|通过|结果|到没到|到了没|到没有)")
# "社保得交几年才够条件": a duration the applicant must reach, a condition (not how long it takes)
_LONG_ENOUGH = re.compile(r"(多长时间|多久|几年|多少年|几个月|多少个月)[^，,。？?]{0,4}才(够格|够条件|算|符合|有资格|满足|行|能申请|可以申请)"
                          r"|满(多长时间|多久|几年|多少年|几个月|多少个月)")  # "学徒至少要干满几个月"
# "手机上办是不是什么时候都可以": whether it can be done at any hour, which the 办事时间 tells
_ANY_TIME = re.compile(r"(啥|什么)时候都(行|可以|能)|随时(都)?(能|可以)|24小时")
# "什么时候能去": when the office is open, not how long it takes ("什么时候能办好").
_WHEN_TO_GO = re.compile(r"(什么时候|什么时间|啥时候|哪天|几时)(能|可以)?(去|过去|来)")
# "怎么申请补发", "该怎么处理", "要办什么手续": how to do it, which the whole guide answers; so does
# whether it must be done at all ("雇了个十六岁的小工得去备案不"), and which service to apply
# for ("工伤了想去石家庄治，该申请啥"; "要先办什么" asks a prerequisite, a condition).
_HOW = re.compile(r"怎么|咋|如何|什么手续|啥手续|流程|"
                  r"(要|得|需要)[^，,。？?]{0,8}(审批|备案|审核|报告|登记|注销|申报|报备|核定|办手续)(吗|不|么)|"
                  r"(要|得|需要|该)(申请|办|办理)(个|一下)?(什么|啥)(许可|业务|事项)?[？?。！!]*$|"  # "要申请什么"
                  r"找谁(来|去)?(改|办|核定|申请|弄|处理|解决|补)?[啊呀吧呢？?。！!\s]*$")  # "我的没涨，找谁": who does it, and how
# When a complaint is asked for, 电话/网址/去哪 say how to complain, not whom to consult or where
# the office is, and 乱收钱 or 结果一直拿不到 what it is about; 网站 beside 在哪 asks for the channel;
# 结果 beside 在哪 ("结果在哪看") how the result is delivered.
_OUTRANKS = ((Field.COMPLAINT, Field.CONSULT), (Field.COMPLAINT, Field.LOCATION), (Field.COMPLAINT, Field.FEES),
             (Field.COMPLAINT, Field.DELIVERY),
             (Field.CHANNELS, Field.LOCATION), (Field.CONSULT, Field.LOCATION),  # "哪里可以咨询": the consult channel
             (Field.DELIVERY, Field.CHANNELS), (Field.DELIVERY, Field.LOCATION))
# "批下来的结果能网上下载吗" asks how the result is delivered; "在哪个网站下载" asks where: the channel.
_WHERE_DOWNLOAD = re.compile(r"(在哪|哪里|哪儿|去哪|哪个网站|什么网站)[^，,。？?]{0,4}下载")


# Cue words that also occur as context ("带着材料去哪办", "能不能先走调解，走调解要备啥材料"): a
# field found only through them yields to a field found through other words.
WEAK_CUES = frozenset({"材料", "证件", "资料", "要带", "能不能", "能否", "什么样的", "要啥"})


# Fields asked with a closed vocabulary: a classifier's guess of one of them is dropped when
# the text has none of its words ("腰上的旧伤又犯了，还能算工伤给治不" is not about office hours).
NEEDS: dict[Field, tuple[str, ...]] = _by_field("field_words")
# "创业补贴多少钱" asks the amount of a benefit (its 事项简述), not what the service costs. A
# benefit is a subsidy, or a 补助/津贴/待遇 applied for (申领); not 待遇测算 or 待遇暂停.
_AMOUNT = re.compile(r"多少钱|给多少|补多少|能补多少|发多少|领多少|能拿多少|补贴多少|标准是多少|多少")
_MONEY = re.compile(r"多少钱|[给补发领拿][^，,。？?]{0,2}多少(?!年|个月|天)")  # "介绍一个人去外地打工能领多少补助", guessed a condition
_COST = ("收费", "要钱", "交钱", "费用", "免费", "花钱", "交费", "缴费", "工本费")
_FREE_AS_STORY = re.compile(r"免费的|免费(参加|技能|培训|的?班)")  # "报了个免费的培训班": the story, not a fee
BENEFIT_WORDS = ("补贴", "补助", "津贴", "奖补", "资助", "待遇", "保险金", "抚恤金")


# "几天以内得去办", "招人以后得在几天之内给他报上去": the applicant's own deadline, which the guide
# states in its 事项简述 (not "几天之内能办好", how long processing takes).
_SPAN_ASKED = r"(多少|几|多长)(天|日|个工作日|个月|时间)(之内|以内|内)"
_DEADLINE = re.compile(f"{_SPAN_ASKED}(要|得|必须|应当|应该|需要|去|给|为|把|来)|{_SPAN_ASKED}(能|可以)(去|申请|申报|提出)"
                       f"|(要|得|必须|应当|应该|需要)在?[^，,。？?]{{0,8}}{_SPAN_ASKED}"
                       r"|提前(多长时间|多久|多少天|几天|几个月|多少个月)"  # "要提前多久去办"
                       r"|(多少|几|多长)(天|日|个月|时间)(之内|以内|内)[啊呀？?。\s]*$")  # "对结论不服还能复查吗？几天以内？"
# "交上去审核有时间限制吗": a deadline where the guide states one, else how long it takes
_TIME_RULE = re.compile(r"有(没有)?(什么)?(时间|期限|时限)(限制|要求|规定)|有没有期限|有期限(吗|不)")
# "登记最迟哪天得去": the latest the applicant may act, a deadline whatever else is classified
_LATEST = re.compile(r"(最晚|最迟)[^，,。？?]{0,6}(什么时候|啥时候|哪天|多少天|几天|多久|多长时间)")
# "几个月要去核一次": how often the applicant must act, which the 事项简述 states.
_HOW_OFTEN = re.compile(r"(多长时间|多久|几年|几个月|多少年)[^，,。？?]{0,6}一次")
# "在哪查", "在哪下载", "在哪报名": done online or at a machine, which the 服务渠道 tells.
_REMOTE = re.compile(r"(在哪|哪里|哪儿|去哪|哪个网站)[^，,。？?]{0,3}(查|下载|打印|报名|操作)|网上|网站")


_LATE_CHARGES = re.compile(r"滞纳金|利息")
# "证书去哪拿", "证书下来以后在哪领": where the result is handed out (领 alone is where to
# apply: "失业金去哪领")
_PICK_UP = re.compile(r"(去哪|在哪|哪里|哪儿)(能)?(拿|取)|(证书|证件|结果|结论|批复)[^。？?]{0,10}(去哪|在哪|哪里|哪儿)(能)?领")


# "撤了以后养老金会怎么样": what follows from it, which the 事项简述 states
_CONSEQUENCE = re.compile(r"(会|将|要)(怎么样|怎样|如何)|会有(什么|啥)影响|有(什么|啥)影响")


def refined(which: Field | None, text: str) -> Field | None:
    """A classified field made precise by the question's words (deadline, remote verbs)."""
    if which is None and _CONSEQUENCE.search(text):
        return Field.SUMMARY
    if _LATEST.search(text) or which in (Field.TIME_LIMIT, None) and (_DEADLINE.search(text) or _HOW_OFTEN.search(text)):
        return Field.SUMMARY
    if which is Field.FEES and _LATE_CHARGES.search(text):  # "欠的那几个月补缴时算滞纳金吗": the rules, not a fee
        return Field.SUMMARY
    if which is Field.LOCATION and _REMOTE.search(text):
        return Field.CHANNELS
    if which is Field.LOCATION and _PICK_UP.search(text):  # "证书去哪拿": where the result is handed out
        return Field.DELIVERY
    if which is Field.LOCATION and any(word in text for word in CUES[Field.COMPLAINT]):  # "去哪投诉"
        return Field.COMPLAINT
    return which


# 时间 of a record or a treatment is not office hours
_RECORD_TIMES = re.compile(r"(参保|参加工作|缴费|退休|工作|出生|康复|治疗|停工留薪|见习|培训)时间|时间限制")


def implausible(which: Field | None, text: str) -> bool:
    """Whether a field with a closed vocabulary was guessed for a text without any of its words."""
    needs = NEEDS.get(which) if which is not None else None
    text = _NOT_ASKED.sub("", text.lower())
    if which is Field.HOURS:
        text = _RECORD_TIMES.sub("", text)
    return needs is not None and not any(word in text for word in needs)


_IN_PERSON = ("大厅", "窗口", "网点", "现场", "经办机构")


def where_done(which: Field | None, channels: str) -> Field | None:
    """Where a service offered only online is done is its channel ("电子社保卡在哪申领": 互联网手机端)."""
    if which is Field.LOCATION and channels and not any(word in channels for word in _IN_PERSON):
        return Field.CHANNELS
    return which


# "30日内", "一个月内": a span within which to act (not who qualifies: "毕业2年内", "离校2年内", "近5年内")
_TIME_SPAN = re.compile(r"(?<!毕业)(?<!离校)(?<![近前0-9一二三四五六七八九十两])[0-9一二三四五六七八九十两]+个?(日|天|月|年|工作日)(内|以内|之内)")


# "啥情况下得停发": the situations, which a guide's 事项简述 lists as 情形 ("发生以下情形之一的")
_WHICH_CASES = re.compile(r"(哪些|什么|啥)(情况|情形)|什么情况下")

# "要不要办暂停", "少算的那几个月还能补上不": whether one may or must do it, without asking for conditions as
# such (条件, 前提, "得先…才能"); where the 受理条件 is boilerplate, the 事项简述 says who may apply and when.
_CONDITIONS_AS_SUCH = re.compile(r"条件|(?<!时间)要求|前提|资格|符合|够格|(?<!时间)限制|谁(能|可以|来)|哪些人|什么(样的)?人"
                                 r"|(要|得|需要|必须)先[^，,。？?]{0,14}(才|吗|不|么|啥|什么)|先[^，,。？?]{0,14}才|才(能|可以)")


def _spans(text: str) -> bool:
    return _TIME_SPAN.search(text) is not None  # "一个月内"


def _cases(text: str) -> bool:
    return "情形" in text  # "发生如下情形之一的"


# What a question asks that the guide may state in the other of its two descriptive fields:
# (field asked, whether the question asks it, whether the asked field's text is silent on it,
# whether the other field's text states it, that other field).
_STATED_ELSEWHERE: tuple[tuple[Field, Callable[[str], object], Callable[[str], bool], Callable[[str], bool], Field], ...] = (
    (Field.SUMMARY, re.compile(f"{_DEADLINE.pattern}|{_LATEST.pattern}").search,
     lambda text: not _spans(text), _spans, Field.CONDITIONS),
    (Field.CONDITIONS, _WHICH_CASES.search, lambda text: not _cases(text), _cases, Field.SUMMARY),
    (Field.CONDITIONS, lambda text: not _CONDITIONS_AS_SUCH.search(text), bare_conditions, bool, Field.SUMMARY),
    # how long processing takes (办结时限) never states the applicant's deadline ("15日内")
    (Field.TIME_LIMIT, _TIME_RULE.search, lambda _text: True, _spans, Field.SUMMARY),
    (Field.TIME_LIMIT, _TIME_RULE.search, lambda _text: True, _spans, Field.CONDITIONS),
)


STATED_FIELDS = frozenset(row[0] for row in _STATED_ELSEWHERE)  # the fields ``stated_field`` may move from

# Someone else doing it for the applicant ("家里人能替我去吗", "让俺儿子帮俺去领中不", "代办行不行")
_PROXY = re.compile(r"替(我|俺|他|她|咱)|代办|代领|代交|委托|(让|叫)[^，,。？?]{1,6}(去|来)(办|跑|领|交)?")
_PROXY_TOLD = re.compile(r"代办|委托|代理人|代领")


def proxy_field(which: Field | None, text: str, materials: str) -> Field | None:
    """Whether someone else may do it is read where the guide says what a proxy brings: its
    申请材料 ("他人代办的，同时提供代办人…"), when the question asks no other field.

    >>> proxy_field(Field.CONDITIONS, "家里人能替我去吗", "他人代办的，同时提供代办人社会保障卡")
    <Field.MATERIALS: 'materials'>
    """
    if which in (None, Field.CONDITIONS, Field.SUMMARY) and _PROXY.search(text) and _PROXY_TOLD.search(materials):
        return Field.MATERIALS
    return which


def stated_field(which: Field | None, text: str, summary: str, conditions: str) -> Field | None:
    """A deadline ("最迟几天以内要去办"), the situations that call for a service ("啥情形下要停"), or
    whether one may do it ("能先暂停吗", beside conditions that are only boilerplate) are read where
    the guide states them: the asked field, else the other one of 事项简述 and 受理条件. A time rule
    ("有什么时限规定") is the deadline either states, else how long processing takes."""
    fields = {Field.SUMMARY: summary, Field.CONDITIONS: conditions}
    for asked, asks, silent, states, instead in _STATED_ELSEWHERE:
        if which is asked and asks(text) and silent(fields.get(asked, "")) and states(fields[instead]):
            return instead
    return which


ADDRESSED_RATIO, ADDRESSED_EXTRA = 3, 1  # the other text must share this many times the pairs, and more
STORY_CHARS = 30  # a question this long tells the user's situation ("我爸是省333人才工程二层次人选，…")


def _pairs(text: str) -> set[str]:
    """The text's pairs of adjacent characters (punctuation and □ split runs)."""
    return {gram for gram in char_ngrams(text) if len(gram) == 2}


# Words of asking, not of the situation asked about: their pairs of characters are no evidence.
_ASKING_PAIRS = frozenset(_pairs("我们能不能可以申请吗是不是要怎么办这个那个一下想问请问还能"))


def addressed_field(which: Field | None, text: str, name: str, summary: str, conditions: str) -> Field | None:
    """Of 事项简述 and 受理条件, the one that speaks to the situation a long question tells: a question
    answered by either ("我爸是省333人才工程二层次人选，省里给专家的工作津贴他能领不") is read in the other
    when that one shares far more of the question's words (its list of experts names 省“333人才工程”二层次
    人选; the 受理条件 says only 获得称号后发放) than the one chosen, unless the question asks for
    conditions as such or what the service is."""
    if (which not in (Field.SUMMARY, Field.CONDITIONS) or len(text) < STORY_CHARS
            or _CONDITIONS_AS_SUCH.search(text) or _WHAT_HAPPENS.search(text)):
        return which
    asked = _pairs(name_masked(text, name)) - _ASKING_PAIRS
    chosen, other = (summary, conditions) if which is Field.SUMMARY else (conditions, summary)
    if len(asked & _pairs(other)) >= ADDRESSED_RATIO * len(asked & _pairs(chosen)) + ADDRESSED_EXTRA:
        return Field.CONDITIONS if which is Field.SUMMARY else Field.SUMMARY
    return which


def _asks_an_amount(text: str) -> bool:
    """Whether the text asks how much, and not what something costs ("能补多少", not "收费吗")."""
    return _AMOUNT.search(text) is not None and not any(word in _FREE_AS_STORY.sub("", text) for word in _COST)


def benefit_amount_asked(which: Field | None, text: str) -> bool:
    """Whether a fee or overview question asks the amount of a benefit it names ("店里刚招了个大学毕业生，
    一次能给多少补贴"), before the item is known: its 事项简述 tells, not what the service costs."""
    return which in (Field.FEES, None) and any(word in text for word in BENEFIT_WORDS) and _asks_an_amount(text)


def amount_asked(which: Field | None, text: str, item_name: str) -> bool:
    """Whether a fee or overview question is about the amount of a benefit ("创业补贴最多给多少")."""
    return (
        (which in (Field.FEES, None) or which is Field.CONDITIONS and not field_cues(text) and _MONEY.search(text) is not None)
        and any(word in item_name for word in BENEFIT_WORDS)
        and (item_name.endswith("申领") or any(word in item_name for word in ("补贴", "奖补", "资助")))
        and _asks_an_amount(text)
    )


def _each_char(chars: str) -> Any:
    """pypinyin's fallback for characters it has no reading of: each kept as it is."""
    return list(chars)


@lru_cache(maxsize=256)  # one turn asks for the cues of its text several times
def _sounds(text: str) -> str:
    """The text's syllables with tones, one per character ("财料" and "材料": "cai2 liao4")."""
    return " " + " ".join(syllable[0] for syllable in pinyin(text, style=Style.TONE3, errors=_each_char)) + " "


# Two-character cue words whose sound no other common word has: heard as well ("想头诉", "要收废吗")
HEARD_PAIRS = frozenset({"投诉", "收费", "材料", "条件"})


def _heard_as(word: str) -> re.Pattern[str]:
    """The syllables of a word, each also heard in the neutral tone ("想头诉": xiang3 tou su4)."""
    syllables = _sounds(word).split()
    return re.compile(" " + " ".join(f"{re.escape(s[:-1])}{s[-1]}?" if s[-1].isdigit() else re.escape(s)
                                     for s in syllables) + " ")


@lru_cache(maxsize=1)
def _cue_sounds() -> dict[Field, tuple[tuple[str, re.Pattern[str]], ...]]:
    """Cue words of three or more characters (and ``HEARD_PAIRS``) with their syllables: speech
    recognition and typing often write a homophone (什么财料, 多长时 间), rarely one of another tone."""
    return {field: tuple((w, _heard_as(w)) for w in words
                         if (len(w) >= 3 or w in HEARD_PAIRS) and all("\u4e00" <= c <= "\u9fff" for c in w))
            for field, words in CUES.items()}


def _cue_hits(text: str) -> dict[Field, set[str]]:
    """The cue words (and phrasings) of each field that occur in the text, as written or as heard."""
    lowered = _NOT_ASKED.sub("", text.lower())
    hits = {field: {w for w in words if w in lowered} for field, words in CUES.items()}
    heard = _sounds(lowered)
    for field, sounds in _cue_sounds().items():
        hits[field] |= {w for w, sound in sounds if w not in hits[field] and sound.search(heard)}
    if any(p.search(lowered) for p in (_BRING, _DOCUMENT_NEEDED, _DOCUMENT_REQUIRED, _NEED_WHAT)):
        hits[Field.MATERIALS].add("交…吗")
    if _HAND_IN_WHERE.search(lowered):
        hits[Field.LOCATION].add("报哪")
    if _FEE_HOW_MUCH.search(lowered) or _PAY_FEE.search(lowered):
        hits[Field.FEES].add("费交多少")
    if _RESULT_HOW.search(lowered):
        hits[Field.DELIVERY].add("结果…打印")
    if _WHERE_DOWNLOAD.search(lowered):
        hits[Field.CHANNELS].add("在哪下载")
        hits[Field.DELIVERY].discard("下载")
    if _TIME_RULE.search(lowered):  # "有时间要求吗": a time, not a condition
        hits[Field.TIME_LIMIT].add("时间要求")
        hits[Field.CONDITIONS] -= {"要求"}
    if _LONG_ENOUGH.search(lowered):
        hits[Field.CONDITIONS].add("多久才够格")
        hits[Field.TIME_LIMIT] -= {"多长时间", "多久"}
    if _ANY_TIME.search(lowered):
        hits[Field.HOURS].add("随时")
        hits[Field.CHANNELS].clear()
        hits[Field.TIME_LIMIT].clear()
    if _WHEN_TO_GO.search(lowered):
        hits[Field.HOURS].add("什么时候去")
        hits[Field.TIME_LIMIT].discard("什么时候能")
    return hits


def field_cues(text: str) -> set[Field]:
    """The fields whose cue words occur in the text (weak-only ones dropped beside others)."""
    hits = _cue_hits(text)
    found = {field for field, words in hits.items() if words}
    strong = {field for field, words in hits.items() if words - WEAK_CUES}
    if strong:
        found = strong
    for stronger, weaker in _OUTRANKS:
        if stronger in found:
            found.discard(weaker)
    return found


def name_masked(text: str, name: str, shortest: int = 3) -> str:
    """The text with each run of ``shortest`` or more characters it shares with an item's name
    blanked: cue words inside them name the item ("住院费用联网结算咋办": 费用 of
    工伤医疗（康复）费用联网结算审核 asks no fee)."""
    masked, start = list(text), 0
    while start <= len(text) - shortest:
        end = start + shortest
        if text[start:end] not in name:
            start += 1
            continue
        while end < len(text) and text[start:end + 1] in name:
            end += 1
        masked[start:end] = "□" * (end - start)
        start = end
    return "".join(masked)


def weak_only(text: str) -> bool:
    """Whether every cue word of the text, if any, is a weak one ("能不能", "材料": often context)."""
    return not any(words - WEAK_CUES for words in _cue_hits(text).values())


def _how_only(text: str) -> bool:
    """Whether how-to words ask the question, with no other question word or only weak ones."""
    return _HOW.search(_NOT_ASKED.sub("", text)) is not None and weak_only(text)


def cued_field(text: str) -> Field | None:
    """The one field the text's question words point to, or None if none or several.

    Materials are often mentioned as context ("今天交材料什么时候能办好", "带着材料去哪办"),
    so another cue beside them decides (see ``WEAK_CUES``). How-to words with no other cue, or
    only weak ones, ask for no one field; a yes/no "能…吗" with no other cue asks about conditions.
    """
    if _how_only(text):  # "能不能让我代领，要怎么弄": how to do it
        return None
    found = field_cues(text)
    if not found and _CAN_I.search(text):
        return Field.CONDITIONS
    return next(iter(found)) if len(found) == 1 else None


GUESSING = 0.6  # a classifier less sure than this, without question words to back it, is guessing
# Yes/no questions about what the service is and its rules, not whether one qualifies: what it is
# ("是什么，我能贷吗"), what follows ("会留下不良记录吗"), how often ("是不是每季度都要报一次"), late
# charges ("晚交的那几个月算利息吗"); the 事项简述 tells.
_WHAT_HAPPENS = re.compile(r"是什么|什么是|是干什么|干啥的|是啥|啥意思|会不会|(?<![社机协员学开大])会(?!计)[^，,。？?]{0,12}(吗|么)[？?。！!]*$"
                           rf"|每(个)?(月|年|季度)|{_LATE_CHARGES.pattern}")


def field_asked(text: str, classified: Field | None, confidence: float, sure: float) -> Field | None:
    """The field to answer (``None``: the whole guide), given the classifier's field and confidence.

    How-to words with no other question word, or only weak ones, ask for the whole guide ("停发的钱
    怎么申请补发", "能不能撤回，咋撤回"); else unambiguous question words decide ("要带什么"); else a
    yes/no question ("少交的年头能一把补上吗") asks whether one qualifies, when the classifier is unsure,
    implausible, torn between 事项简述 and 受理条件 (unless it asks what follows, how often or about
    late charges), or guessing materials no word of the question names; else the classifier. A
    classified closed-vocabulary field without any of its words is dropped ("还能算工伤给治不" is not
    about office hours), and so is a guess (confidence under ``GUESSING``): the whole guide is answered.
    """
    found = field_cues(text)
    if _how_only(text):  # "能不能撤回，咋撤回": how to do it, the whole guide
        which: Field | None = None
    elif len(found) == 1:
        which = next(iter(found))
    elif not found and (confidence < sure or implausible(classified, text)) and _CAN_I.search(text):
        which = Field.CONDITIONS
    elif (not found and classified in (Field.SUMMARY, Field.CONDITIONS, Field.MATERIALS) and yes_no(text)
          and not _WHAT_HAPPENS.search(text)):
        # "少交的年头能一把补上吗": whether one qualifies (see ``stated_field`` for bare conditions); materials
        # are asked with words of materials, so "还能接着交吗" is no question of them either
        which = Field.CONDITIONS
    elif classified is Field.CONDITIONS and not found and _WHAT_HAPPENS.search(text):
        which = Field.SUMMARY  # "会不会留下不良记录": what follows, which the 事项简述 tells
    elif classified in (Field.SUMMARY, Field.CONDITIONS) and not found and _WISH.search(text) and not asks(text):
        which = None  # "退休前想把村里交的养老保险并过来": a wish, not a question: how to do it
    else:
        which = None if implausible(classified, text) or confidence < GUESSING else classified
    return refined(which, text)


_WISH = re.compile(r"想|要|打算|准备")  # "我要办退休", "想改一下工龄" (not "创业补贴标准", a keyword search)
# Words that make a text a question: without any, and without cue words, it states a wish
_QUESTION = re.compile(r"[？?吗呢么嘛]|什么|啥|怎|哪|多少|多久|多长|几|谁|如何|咋|还是|能不能|可不可以|是不是|有没有|要不要")


# "交了好些年了" said as "交了好几年了", "一年几百块", "干了十几年": 几 in an amount asks nothing
_SEVERAL = re.compile(r"好几|[十百]几|几[十百千万]")


def asks(text: str) -> bool:
    """Whether the text is put as a question ("能报不", "是单位还是个人"), not as a wish ("我要办退休";
    "俺爹交了好几年了")."""
    text = _SEVERAL.sub("", text)
    return _QUESTION.search(text) is not None or yes_no(text)


def yes_no(text: str) -> bool:
    """Whether the text asks a yes/no question ("还能算工伤给治不", "能报不")."""
    return _YES_NO.search(text.strip()) is not None


def asked_field(text: str) -> Field | None:
    """The field a text's own words ask for, made precise (see ``cued_field`` and ``refined``)."""
    return refined(cued_field(text), text)
