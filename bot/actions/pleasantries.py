"""Turns made only of pleasantries ("好的，谢谢你", "回头再问吧，拜拜啦", "你们是哪个部门的"), whatever intent they got.

The classifier sometimes takes them for a question; answering "没有找到与“好谢谢”相关的事项"
to a thank-you is worse than any wrong field, so they are recognised by their words.
"""

from __future__ import annotations

import re

# intent → its words; the first intent with a word in the turn wins
PLEASANTRIES: dict[str, tuple[str, ...]] = {
    "goodbye": ("再见", "拜拜", "下次再问", "回头再问", "先这样", "就这样", "没事了", "没有了", "没别的", "没有别的",
                "没其他", "没有其他"),
    "thanks": ("谢谢", "多谢", "感谢", "辛苦了", "麻烦了", "谢了", "知道了", "明白了", "懂了", "收到"),
    "greet": ("你好", "您好", "在吗", "哈喽", "早上好", "下午好", "晚上好", "能听到吗", "听得到吗", "听见吗", "喂"),
    "bot_identity": ("你是谁", "哪个单位", "哪个部门", "什么单位", "什么部门", "哪家", "机器人", "客服", "智能助手",
                     "什么系统", "真人"),
}
# what may surround them: assent, particles, pronouns, punctuation
_FILLER = re.compile(r"[\s\W_]+|好的|好吧|好|行|嗯|哦|噢|啊|呀|啦|了|哈|吧|的|你|您|们|我|问题|事|ok|OK|这|是|吗|不",
                     re.UNICODE)


def pleasantry_of(text: str) -> str | None:
    """The small-talk intent of a turn made only of pleasantries, else None."""
    rest = text.strip()
    found = None
    for intent, words in PLEASANTRIES.items():
        for word in sorted(words, key=len, reverse=True):
            if word in rest:
                found = found or intent
                rest = rest.replace(word, "")
    if found is None or _FILLER.sub("", rest):
        return None
    return found
