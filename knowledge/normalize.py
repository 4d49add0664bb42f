"""Normalise what users type or say before understanding it.

Traditional → simplified characters (OpenCC tables), full-width → half-width, speech
fillers dropped (嗯、就是、那个、请问一下…), and the question words that say *which field*
is asked stripped off to leave the *mention* of an item.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
MAX_INPUT_CHARS = 500

# Fillers of spoken Chinese, longest first so that "我想问一下" goes before "我想".
FILLERS = sorted(
    [
        "我想问一下", "我想咨询一下", "想咨询一下", "想问一下", "请问一下", "我想问问", "问一下", "咨询一下",
        "麻烦问下", "麻烦问一下", "你好", "您好", "请问", "那个", "这个", "就是", "然后", "嗯", "呃", "额",
        "啊", "哦", "喂", "吧", "呢", "呀", "哈", "嘛", "的话", "一下", "麻烦", "帮我", "我想", "我要", "我",
        "您", "你们", "你", "咱们", "想", "能不能", "可以", "可不可以", "告诉", "查一下", "查查",
    ],
    key=len,
    reverse=True,
)

# Words that ask for a field or the way to do something; removed to find the item mention.
QUESTION_WORDS = sorted(
    [
        "需要什么材料", "需要哪些材料", "需要带什么", "需要带啥", "需要准备什么", "需要提供什么", "需要交什么",
        "要交什么", "要交啥", "要什么材料", "要哪些材料", "什么材料", "哪些材料", "材料", "要带什么",
        "带什么", "要准备什么", "准备什么", "需要什么", "要什么", "带啥", "要啥", "证件", "手续",
        "什么条件", "哪些条件", "条件", "资格", "符合", "能不能办", "能办吗", "可以办吗", "谁可以",
        "是什么", "什么是", "是啥", "啥是", "介绍", "简介", "简述", "标准", "多少钱", "给多少", "补多少",
        "网上办", "网上能办", "线上办", "手机上", "手机办", "网上", "线上", "渠道", "途径", "在哪办", "怎么申请",
        "多久", "多长时间", "几天", "时限", "办结", "办好", "什么时候", "多少天", "几个工作日",
        "结果", "怎么拿", "怎么领", "送达", "邮寄", "领取",
        "收费", "收钱", "要钱", "费用", "花钱", "免费", "交钱",
        "几点", "上班", "下班", "时间", "开门", "周末", "办公",
        "在哪里", "在哪儿", "在哪", "哪里", "哪儿", "地点", "地址", "位置", "去哪", "哪个部门", "哪个地方", "什么地方",
        "窗口", "大厅", "手机", "自助机",
        "电话", "号码", "咨询", "网址", "网站", "查询途径", "联系",
        "投诉", "举报", "监督", "不满意",
        "怎么样", "怎么办理", "如何办理", "怎么办", "咋办", "怎么弄", "怎么搞", "怎样", "如何", "怎么", "咋",
        "流程", "步骤", "办理", "申请", "申领", "办", "弄", "领",
        "吗", "么", "什么", "哪些", "啥", "多少", "要", "需要", "有", "是", "的", "了", "得", "去", "能", "和",
        "可以", "应该", "还", "再", "也", "都", "又", "请", "那", "它", "该", "这", "那么", "需",
    ],
    key=len,
    reverse=True,
)

# Documents and people that follow-up questions mention ("这个要带身份证吗"): not item names.
DOCUMENT_WORDS = sorted(
    [
        "身份证", "居民身份证", "户口本", "户口簿", "照片", "复印件", "原件", "证明", "本人", "代办", "别人",
        "家属", "家人", "盖章", "签字", "公章", "合同", "带", "交", "提交", "准备", "提供",
        "东西", "资料", "文件", "现场", "跑", "趟", "次", "当天", "今天", "明天", "现在", "具体", "一般",
    ],
    key=len,
    reverse=True,
)

# Documents that also name what a service changes ("领失业金的存折想换成卡": 发放账户): kept in a
# question's mention, but with an item talked about a mention of nothing else is a follow-up's.
ACCOUNT_WORDS = ("银行卡", "存折")


def names_only_documents(mention: str) -> bool:
    """Whether a mention (``mention_of``: other documents already dropped) says nothing but an account
    document ("还要带银行卡复印件吗": 银行卡)."""
    rest = mention
    for word in ACCOUNT_WORDS:
        rest = rest.replace(word, "")
    return len(rest) < 2 and rest != mention


# Words of item names that contain characters the question-word list strips ("再", "次"), a word
# that says which step is asked ("丢了，补办要钱吗": 补领, not 挂失), and one that tells what
# happened ("去世": 死亡, not 世).
NAME_WORDS = ("再次", "再申诉", "再申", "一次性", "首次", "补办", "去世")
_NAME_WORD = re.compile("(" + "|".join(NAME_WORDS) + ")")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def to_simplified(text: str) -> str:
    """Traditional characters converted to simplified ones."""
    return _T2S.convert(text)


def clean(text: str, limit: int = MAX_INPUT_CHARS, simplify: bool = True) -> str:
    """NFKC (full-width → half-width), simplified characters, control characters removed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "Z" else " "
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
    )[:limit]
    return (to_simplified(text) if simplify else text).strip()


def strip_fillers(text: str) -> str:
    """The text without speech fillers (keeps everything else)."""
    for filler in FILLERS:
        text = text.replace(filler, "")
    return text


@lru_cache(maxsize=4096)
def mention_of(text: str, simplify: bool = True) -> str:
    """What is left of a question once punctuation, fillers and question words are removed."""
    text = _PUNCT.sub("", clean(text, simplify=simplify).lower())
    # words of item names made of characters stripped below (再, 次) are kept whole
    return "".join(part if part in NAME_WORDS else _strip_question(part) for part in _NAME_WORD.split(text))


def _strip_question(text: str) -> str:
    text = strip_fillers(text)
    for word in QUESTION_WORDS:
        text = text.replace(word, "")
    for word in DOCUMENT_WORDS:
        text = text.replace(word, "")
    return text


def char_pairs(text: str) -> set[str]:
    """The pairs of adjacent characters of a text, as said: words of names compared pair by pair.

    >>> sorted(char_pairs("养老金"))
    ['养老', '老金']
    """
    return {text[i:i + 2] for i in range(len(text) - 1)}


def compact(text: str, simplify: bool = True) -> str:
    """Lower-case (simplified) text without punctuation or spaces."""
    return _PUNCT.sub("", clean(text, simplify=simplify).lower())


def chinese_number(text: str) -> int | None:
    """The value of a small number written in digits or Chinese (三、十二、二十), else None."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    if len(text) == 1:
        return _CN_DIGITS[text]
    return None
