"""The guides' vocabulary and what citizens say instead.

Four tables, all reviewable by staff:
- ``ACTION_WORDS`` tell near-twin items apart (暂停/恢复/补发…): asked for but absent from a
  guide's names, they count against it; ``MARKED_WORDS`` among them mark a variant of a
  plainer item (电子, 撤销) and count a little against it when not said;
- ``SYNONYMS`` rewrite a colloquial word into the guides' word (社保卡 → 社会保障卡);
- ``ALSO_READ`` gives everyday words a second official reading tried beside the text as
  written: 失业金 is both 失业保险金 (申领) and 失业保险待遇 (暂停、恢复…); "丢了" is 挂失;
  "报销" is 费用申报. A reading only adds candidates: the text as written is always scored too.

The words of ``SYNONYMS`` and ``ALSO_READ`` are data the bureau's staff review
(``data/lexicon/synonyms.yml`` and ``data/lexicon/everyday.yml``); this module keeps how they are used.
"""

from __future__ import annotations

import re

from knowledge.lexicon import GAP
from knowledge.lexicon import load as load_lexicon

ACTION_WORDS = (
    "暂停", "恢复", "补发", "终止", "撤销", "注销", "变更", "转移", "转入", "转出", "查询", "补缴", "退费",
    "退回", "返还", "挂失", "补领", "换领", "密码", "启用", "认定", "鉴定", "复查", "再次", "延长", "备案", "许可",
    "筹设", "调整", "核定", "申诉", "再申诉", "电子", "实体", "个人", "小微", "机关", "城乡居民", "企业", "工伤", "失业",
    "养老", "单位", "灵活就业", "供养亲属",
)

# Action words that mark a variant of a plainer item: "社保卡申领" means the 实体 card, not the
# 电子 one; "待遇终止" means 终止, not 终止撤销; "社保登记" is not its 注销; "待遇终止撤销" is the
# retiree's, not the 供养亲属's. A guide whose names carry one the user did not say ranks a little lower.
MARKED_WORDS = frozenset({"电子", "撤销", "再次", "复查", "注销", "供养亲属", "再申诉"})

# Action words that are steps of a procedure. A story often tells earlier steps before the one
# asked for ("去年暂停过一阵，今年恢复了，可那几个月没发的怎么申请补发"): a step said well before
# another one is what happened, not what is asked.
STEPS = ("暂停", "恢复", "补发", "终止", "撤销", "注销", "转移", "转入", "转出", "补缴", "退费", "退回", "返还", "挂失",
         "补领", "换领", "启用", "延长")
STEP_GAP = 4  # characters between two steps that make the earlier one a past step of the story
_DONE = ("以后", "之后", "过后", "后", "完", "了")  # "挂失完了补一张": a step said done comes before the asked one

# Steps that undo each other: "反过来呢" after one asks the other (企转机 → 机转企, 暂停 → 恢复).
REVERSALS = (("企转机", "机转企"), ("转入", "转出"), ("暂停", "恢复"), ("封存", "解封"))
REVERSED = re.compile(r"反过来|倒过来|反着|反向|相反的")
_SWAP = {a: b for pair in REVERSALS for a, b in (pair, pair[::-1])}


def actions_in(text: str) -> set[str]:
    """The action words a text has."""
    return {w for w in ACTION_WORDS if w in text}


def steps_in(text: str) -> set[str]:
    """The steps of a benefit a text (or a guide's name) has: 恢复养老保险待遇申请 → {恢复}."""
    return actions_in(text) & set(STEPS)


_QUALIFIED_NAME = re.compile(r"^(.+)（([^（）]+)）$")


def qualified(name: str) -> tuple[str, str] | None:
    """A name's words before its bracketed qualifier, and the qualifier as said ("缴费人员";
    "初级中级" for 初级、中级), or None if it has none."""
    match = _QUALIFIED_NAME.match(name)
    return (match.group(1), re.sub(r"[、，,]", "", match.group(2))) if match else None


def sibling_actions(names: list[str]) -> dict[str, set[str]]:
    """Action words that belong to a twin's bracketed qualifier, not to this name: "申诉、再申诉办理
    （申诉）" says 再申诉 only because its twin （再申诉） shares the words before the bracket."""
    qualifiers: dict[str, dict[str, str]] = {}
    for name in names:
        if parts := qualified(name):
            qualifiers.setdefault(parts[0], {})[name] = parts[1]
    foreign: dict[str, set[str]] = {}
    for twins in qualifiers.values():
        for name, own in twins.items():
            others = set().union(*(actions_in(q) for other, q in twins.items() if other != name))
            foreign[name] = others - actions_in(own)
    return foreign


def reversed_name(name: str) -> str:
    """The name with each step swapped for the one undoing it (the name itself if it has none)."""
    return re.sub("|".join(_SWAP), lambda m: _SWAP[m.group(0)], name)


# An insurance named as such ("失业保险", "工伤险", "养老金"), as opposed to the bare word, which may
# tell a situation ("失业了，养老保险怎么续"): a guide of another insurance is not what was asked.
INSURANCES: dict[str, tuple[str, ...]] = {
    "失业": ("失业保险", "失业险", "失业金"),
    "工伤": ("工伤保险", "工伤险"),
    "养老": ("养老保险", "养老险", "养老金"),
}


# Kin a story is told about ("我奶奶领着居民养老金…"): who it is about, which names no service. Not
# children: a child coming of age is what ends a dependant's benefit (供养亲属).
KINSHIP = re.compile(r"父亲|母亲|爸爸|妈妈|爸|妈|奶奶|爷爷|姥姥|姥爷|外婆|外公|老伴|丈夫|妻子|老公|老婆|媳妇|"
                     r"哥哥|姐姐|弟弟|妹妹|大伯|叔叔|婶婶|舅舅|姑姑|亲戚|家里人|家人")


def insurances_named(text: str) -> frozenset[str]:
    """The insurances a text names as such."""
    return frozenset(kind for kind, words in INSURANCES.items() if any(w in text for w in words))


def insurances_of(name: str) -> frozenset[str]:
    """The insurances a guide's name is about."""
    return frozenset(kind for kind in INSURANCES if kind in name)


# The schemes a pension or insurance service belongs to, as names and people say them. A question
# that says one ("俺是从企业退的休") is not about another one's service (机关事业养老保险待遇恢复).
SECTORS: dict[str, tuple[str, ...]] = {
    "企业": ("企业", "在职职工"),  # 在职职工 (参保终止…) are of either employees' scheme, not 城乡居民
    "机关事业": ("机关", "事业单位", "在职职工"),
    "城乡居民": ("城乡居民", "居民养老", "农村养老"),
    "工伤": ("工伤",),
    # …and the level of a programme: "省级的继续教育基地" is not the 国家级 one
    "国家级": ("国家级", "全国"),
    "省级": ("省级", "全省"),
}


def sectors_of(text: str) -> frozenset[str]:
    """The schemes a text names."""
    return frozenset(sector for sector, words in SECTORS.items() if any(w in text for w in words))


# "不算工伤", "不是企业的": a scheme said not to be the case
_NOT_SCHEME = re.compile("(不是|不算|不属于|并非|非)(" + "|".join(w for words in SECTORS.values() for w in words) + ")")


def sectors_said(text: str) -> frozenset[str]:
    """The schemes a user's text names, less those it says are not the case."""
    return sectors_of(_NOT_SCHEME.sub("", text))


def asked_actions(text: str) -> set[str]:
    """The action words a text asks about: all it says, less steps told well before a later step
    or said done before it ("挂失以后补领")."""
    said = actions_in(text)
    steps = sorted((text.rfind(w), w) for w in said if w in STEPS)
    for (start, word), (after, _later) in zip(steps, steps[1:]):
        end = start + len(word)
        if after - end >= STEP_GAP or text.startswith(_DONE, end):
            said.discard(word)
    return said

def steps_told(reading: str) -> tuple[set[str], set[str]]:
    """The steps a reading asks for, and those it tells as done ("挂失以后补领": 补领; 挂失)."""
    asked = asked_actions(reading) & set(STEPS)
    return asked, {w for w in STEPS if w in reading} - asked


def _everyday_to_official(name: str) -> dict[str, str]:
    """Everyday word → the guides' word, as ``data/lexicon/<name>.yml`` lists them (the key of an entry
    is the guides' word). The file's order is kept: words of one length are tried in that order."""
    return {word: official for official, entries in load_lexicon(name).items()
            for entry in entries for word in entry.words}


# Colloquial words and their official form, rewritten as read (data/lexicon/synonyms.yml: 社保卡 → 社会保障卡)
SYNONYMS = _everyday_to_official("synonyms")
# Everyday words and a second official reading (data/lexicon/everyday.yml: 失业金 → 失业保险待遇, 丢了 → 挂失了)
ALSO_READ = _everyday_to_official("everyday")
# Phrasings a word list cannot catch, read the same way: "裁二十多个人" is 裁员, "雇了两个十六岁的
# 学徒" is 录用未成年工.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"裁掉?[一二三四五六七八九十两几百\d多个名批些]*(人|员工|工人)"), "裁员"),
    # "二建考下来了，证书在哪拿": the exam is behind, and a professional qualification's certificate
    # is handed out by another service (a skill's, 电工证, is looked up where it is recorded)
    (re.compile(r"^(?!.*(?:技能|电工|焊工|电焊|工种|等级|技师|[初中高]级工))(.*?)"
                r"(?:考过|考完|考下来|考上|考试通过|通过考试)了?[^。？?查]{0,12}?证书?"), r"\1职业资格证书发放"),
    (re.compile(r"(招|录用|雇)[^，,。？?]{0,6}?(十[四五六七]|1[4-7])周?岁"), "录用未成年工"),
    # "我想晚两年退休行不行": retiring later is 延长退休
    (re.compile(r"晚[一两二三四五几\d]?年?[^，,。？?]{0,2}退休"), "延长退休"),
    # "老爷子前几天过世了，养老金得停发吧": a death ends benefits (终止), it never pauses them
    (re.compile(r"(去世|过世|死亡|病故|离世|死了|走了)([^。？?]{0,20}?)(?<!暂)停发"), r"\1\2待遇终止"),
    # "还没开始拿钱人就没了", "没到能领的岁数": one who paid in and never received is 缴费人员
    (re.compile(r"(还|尚)?(没|没有|未)(开始|到)[^，,。？?]{0,4}?(领|拿)"), "缴费人员"),
    # "我这卡是不是被挂失了，还能用吗", "启用了没有": a card's state, which is looked up (应用状态查询)
    (re.compile(r"(是不是|有没有|是否|有无)(已经)?(被)?(挂失|启用|激活|冻结)了?|(挂失|启用|激活|冻结)了?(没有|没)|"
                r"还能不能用|能不能用了|还能用吗|(是不是|有没有|是否)(已经)?过期"), "应用状态"),
)
# "是不是挂失了", "启用了没有": a step asked about as a state, not asked to be done
_STATE = re.compile(r"(?:是不是|有没有|是否|有无)(?:已经)?(?:被)?(挂失|启用|激活)|(挂失|启用|激活)了?(?:没有|没)(?!激活|启用|挂失)")


def states_asked(text: str) -> set[str]:
    """The steps a text asks about as states ("这张卡是不是被挂失了": 挂失; "激活了没有": 启用)."""
    return {("启用" if word == "激活" else word) for match in _STATE.finditer(text) for word in match.groups() if word}

_HAN_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
_NUMBER = re.compile(r"(?<!\d)[1-9]\d?(?!\d)")  # 1–99, as the guides write ages and years


def _as_hanzi(match: re.Match[str]) -> str:
    """A number below 100 in 汉字 (16 → 十六, 60 → 六十, 5 → 五)."""
    value = int(match.group(0))
    tens, ones = divmod(value, 10)
    han = "零一二三四五六七八九"
    return (("" if tens == 1 else han[tens]) + "十" if tens else "") + (han[ones] if ones or not tens else "")


def rewrite_synonyms(text: str) -> str:
    """The text with colloquial words replaced by the guides' vocabulary."""
    for word, official in SYNONYMS.items():
        if word in text and official not in text:
            text = text.replace(word, official)
    return text


# Separable verbs said apart ("挂过失了", "登个记", "退的休"): one character between their parts
_SEPARABLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"({re.escape(head)})[过了个的完]({re.escape(tail)})"), head + tail)
    for entries in load_lexicon("separable").values() for e in entries for w in e.words
    for head, tail in [w.split(GAP, 1)])


def rejoined(text: str) -> str:
    """The text with separable verbs said apart put together again.

    >>> rejoined("卡早就挂过失了"), rejoined("俺爹从纺织厂退的休"), rejoined("想登个记")
    ('卡早就挂失了', '俺爹从纺织厂退休', '想登记')
    """
    for pattern, whole in _SEPARABLE:
        text = pattern.sub(whole, text)
    return text


def official_reading(text: str) -> str:
    """The text with every everyday word in the guides' words (longest first: 交了几年 before 交),
    separable verbs said apart put together first (``rejoined``)."""
    text = rejoined(text)
    for word, alt in sorted(((w, a) for w, a in ALSO_READ.items() if w in text), key=lambda pair: -len(pair[0])):
        if alt not in text:  # 居民养老 of 城乡居民养老 is already in the guides' words
            text = text.replace(word, alt)
    for pattern, alt in PHRASES:  # after the words: what a phrase reads as is not read again
        text = pattern.sub(alt, text)
    return rewrite_synonyms(text)


def _the_action(reading: str) -> str | None:
    """The one action an everyday word reads as: the action itself ("停了": 暂停), or the one word
    marking a variant ("加重": 复查鉴定, 复查)."""
    if reading in ACTION_WORDS:
        return reading
    marked = actions_in(reading) & MARKED_WORDS
    return next(iter(marked)) if len(marked) == 1 else None


# Everyday words of two or more characters and the one action each reads as (not an insurance)
_ACTION_READINGS = {word: action for word, alt in ALSO_READ.items()
                    if len(word) >= 2 and (action := _the_action(alt)) and action not in INSURANCES}


def told_actions(text: str) -> frozenset[str]:
    """Action words a text says in everyday words of two or more characters that read as exactly
    that action ("还是不服": 再申诉; "停了": 暂停), not a situation ("裁员": 失业) nor a step told
    before the one asked ("钱给停了，咋恢复"): asked in every reading of the text."""
    told = set()
    for word, action in _ACTION_READINGS.items():
        if word in text:
            rest = official_reading(text[text.rfind(word) + len(word):])
            if action not in STEPS or not any(step in rest for step in STEPS):  # a step told before another
                told.add(action)
    return frozenset(told)


def other_readings(text: str, mention: str) -> list[tuple[str, str]]:
    """Second readings of a text and its mention: each ALSO_READ word or PHRASES match alone, all
    of them together, and digits as 汉字 (333 → 三三三)."""
    words = [(word, alt) for word, alt in ALSO_READ.items() if word in text]
    readings = [
        (rewrite_synonyms(text.replace(word, alt)), rewrite_synonyms(mention.replace(word, alt)))
        for word, alt in words
    ]
    phrases = [(pattern, alt) for pattern, alt in PHRASES if pattern.search(text)]
    readings += [(rewrite_synonyms(p.sub(alt, text)), rewrite_synonyms(p.sub(alt, mention))) for p, alt in phrases]
    if len(words) + len(phrases) > 1:
        readings.append((official_reading(text), official_reading(mention)))
    if any(ch.isdigit() for ch in text):
        readings.append((text.translate(_HAN_DIGITS), mention.translate(_HAN_DIGITS)))  # 333 → 三三三
        readings.append((_NUMBER.sub(_as_hanzi, text), _NUMBER.sub(_as_hanzi, mention)))  # 16 → 十六
    return readings


# Nouns a follow-up may carry that name no item of their own (places, channels, people, papers):
# "那个窗口在哪" is no question about an unknown item.
GENERIC_NOUNS = frozenset(
    (
        "地方", "东西", "时间", "电话", "手机", "单位", "材料", "网上", "现场", "窗口", "大厅", "部门", "结果", "费用", "证件", "证明", "资料",
        "手续", "流程", "条件", "网站", "号码", "自助机", "机器", "机上", "人员", "工作", "办法", "情况", "问题", "事情", "时候", "查询电话",
        "电话号码", "地址", "网址", "工作日", "天数", "期限", "标准", "政策", "本人", "家人", "家属", "公司", "企业", "个人", "老板", "员工", "职工",
        "领导", "工作人员", "窗口人员", "前提", "弟弟", "哥哥", "姐姐", "妹妹", "爱人", "老婆", "老公", "媳妇", "丈夫", "妻子", "父母", "爸爸", "妈妈",
        "孩子", "儿子", "女儿", "亲戚", "朋友", "同事", "政务服务中心", "服务中心", "政务", "政务大厅", "人社局", "人社", "网点", "柜台", "柜员机",
        "自助柜员机", "一体机", "终端", "公众号", "公众", "小程序", "微信", "官网", "平台", "电脑", "页面", "网页", "手机号", "短信",
    )
)
