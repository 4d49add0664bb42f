"""Normalise text that comes from a speech recogniser (kiosk, WeChat voice messages).

Recognised speech has no punctuation, is full of fillers (嗯、那个、就是、我想问一下), writes
numbers in Chinese (第二个、十三年) and mishears words as homophones (实业金 → 失业金,
设保 → 社保, 工上 → 工伤). ``SpeechNormalizer`` undoes what it safely can:

1. fillers removed (a conservative list: only words that carry no meaning in a question);
2. Chinese numerals → digits where they are ordinals, house numbers or quantities
   (第二个 → 第2个, 二号 → 2号, 十三年 → 13年); never inside names (一次性, 一级建造师);
3. homophones corrected against the guides' own vocabulary: a stretch of the text that
   occurs in no item name or alias, but sounds exactly like (toneless pinyin) one and only
   one stretch of an item name or alias of the same length, is replaced by it; longer
   stretches first. Stretches that already occur in a name are never touched, so
   事业单位 stays 事业单位 while 实业金 becomes 失业金.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pypinyin import lazy_pinyin

if TYPE_CHECKING:
    import jieba

from knowledge.normalize import chinese_number, clean

# Fillers of spoken questions, longest first. Only words without meaning in a question
# (unlike knowledge.normalize.FILLERS, which the linker also uses to find mentions).
SPEECH_FILLERS = sorted(
    [
        "我想问一下", "我想问问", "我想问下", "想问一下", "想问下", "我想咨询一下", "想咨询一下", "请问一下", "请问下",
        "麻烦问一下", "麻烦问下", "问一下", "问下", "请问", "那个", "这个那个", "就是说", "就是", "然后呢", "然后",
        "嗯嗯", "嗯", "呃", "唔", "诶", "欸",
    ],
    key=len,
    reverse=True,
)
_CN_NUM = "零〇一二两三四五六七八九十百"
_ORDINAL = re.compile(rf"第([{_CN_NUM}]+)")
_HOUSE = re.compile(rf"([{_CN_NUM}]+)号")
_QUANTITY = re.compile(rf"([{_CN_NUM}]{{2,}}|[{_CN_NUM.replace('一', '')}])(周岁|岁|年|个月|月|天|个工作日|日|小时|次|人|元|块)")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
MIN_WINDOW, MAX_WINDOW = 2, 6
MIN_PHRASES_FOR_PAIR = 3  # a two-character correction must be a word of at least this many names/aliases
COMMON_FREQ = 50  # a stretch that is an everyday word this frequent (jieba's dictionary) is not misheard
MAX_UNIT_WORDS = 3


@lru_cache(maxsize=1)
def _everyday_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer with only jieba's own dictionary.

    A private instance: Rasa's JiebaTokenizer adds the guides' names to jieba's shared default
    tokenizer, which would make every whole name one "everyday" word here.
    """
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _jieba_frequencies() -> dict[str, int]:
    return _everyday_tokenizer().FREQ


def _word_units(run: str, common: dict[str, int]) -> list[str]:
    """Stretches of a name made of 1–3 whole words (everyday segmentation), 2–6 characters long."""
    words = list(_everyday_tokenizer().cut(run, HMM=False)) if common else [run]
    units = []
    for first in range(len(words)):
        for last in range(first, min(first + MAX_UNIT_WORDS, len(words))):
            unit = "".join(words[first : last + 1])
            if MIN_WINDOW <= len(unit) <= MAX_WINDOW:
                units.append(unit)
    return units


def speech_number(text: str) -> int | None:
    """A Chinese numeral up to 999 (三、十三、二十、一百零五), else None."""
    value = chinese_number(text)
    if value is not None:
        return value
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        h = chinese_number(hundreds or "一")
        rest = rest.lstrip("零〇")
        r = chinese_number(rest) if rest else 0
        if h is not None and r is not None:
            return h * 100 + r
    return None


def numerals_to_digits(text: str) -> str:
    """Ordinals, house numbers and quantities written in Chinese → digits."""

    def sub(pattern: re.Pattern[str], fmt: str, text: str) -> str:
        def repl(m: re.Match[str]) -> str:
            value = speech_number(m.group(1))
            return m.group(0) if value is None else fmt.format(value, *m.groups()[1:])

        return pattern.sub(repl, text)

    text = sub(_ORDINAL, "第{0}", text)
    text = sub(_HOUSE, "{0}号", text)
    return sub(_QUANTITY, "{0}{1}", text)


_EDGE_FILLERS = re.compile(r"^[额啊哎]+|[啊呀哈吧]+$")  # hesitations that are words elsewhere (金额、额度)


def strip_speech_fillers(text: str) -> str:
    """The text without the fillers of spoken questions."""
    for filler in SPEECH_FILLERS:
        text = text.replace(filler, "")
    return _EDGE_FILLERS.sub("", text)


def _pinyin_key(text: str) -> str:
    return " ".join(lazy_pinyin(text))


class SpeechNormalizer:
    """Speech-recogniser text → text the assistant understands best. Build once per vocabulary."""

    def __init__(self, vocabulary: Iterable[str], common_words: dict[str, int] | None = None) -> None:
        """``vocabulary``: item names and aliases; ``common_words``: word → frequency of everyday Chinese."""
        self._common = common_words if common_words is not None else _jieba_frequencies()
        self._known: set[str] = set()
        by_sound: dict[tuple[int, str], set[str]] = defaultdict(set)
        self._phrases_with: Counter[str] = Counter()
        for phrase in vocabulary:
            for run in re.findall(r"[\u4e00-\u9fff]+", clean(phrase)):
                for size in range(MIN_WINDOW, MAX_WINDOW + 1):
                    for start in range(0, len(run) - size + 1):
                        self._known.add(run[start : start + size])
                units = set(_word_units(run, self._common))
                self._phrases_with.update(units)
                for unit in units:
                    by_sound[(len(unit), _pinyin_key(unit))].add(unit)
        # only sounds that one unit of the vocabulary makes
        self._by_sound = {key: next(iter(words)) for key, words in by_sound.items() if len(words) == 1}

    def _is_common(self, window: str) -> bool:
        return self._common.get(window, 0) >= COMMON_FREQ

    def _acceptable(self, chars: list[str], start: int, found: str, protected: list[bool]) -> bool:
        """Whether replacing ``chars[start:start+len(found)]`` by ``found`` is a safe correction."""
        size = len(found)
        changed = [found[i] != chars[start + i] for i in range(size)]
        if any(changed[i] and protected[start + i] for i in range(size)):
            return False  # never rewrite what already matches the vocabulary
        if size == MIN_WINDOW and self._phrases_with[found] < MIN_PHRASES_FOR_PAIR:
            return False  # two characters: only the domain's everyday words (社保、工伤、失业…)
        # never cut through an everyday word at either edge (保险重|复 → 保险种 breaks 重复)
        if changed[0] and start > 0 and self._is_common(chars[start - 1] + chars[start]):
            return False
        end = start + size
        return not (changed[-1] and end < len(chars) and self._is_common(chars[end - 1] + chars[end]))

    def correct_homophones(self, text: str) -> str:
        """Stretches heard wrongly, replaced by the one vocabulary unit that sounds the same."""
        chars = list(text)
        protected = [False] * len(chars)
        for size in range(MAX_WINDOW, MIN_WINDOW - 1, -1):  # stretches of the vocabulary as heard: keep
            for start in range(0, len(chars) - size + 1):
                if "".join(chars[start : start + size]) in self._known:
                    protected[start : start + size] = [True] * size
        for size in range(MAX_WINDOW, MIN_WINDOW - 1, -1):
            start = 0
            while start <= len(chars) - size:
                window = "".join(chars[start : start + size])
                found = None
                if not all(protected[start : start + size]) and _HAN.match(window) and not self._is_common(window):
                    found = self._by_sound.get((size, _pinyin_key(window)))
                if found and found != window and self._acceptable(chars, start, found, protected):
                    chars[start : start + size] = list(found)
                    protected[start : start + size] = [True] * size
                    start += size
                else:
                    start += 1
        return "".join(chars)

    def normalize(self, text: str) -> str:
        """Fillers removed, numerals as digits, homophones corrected; never empty if the input was not."""
        original = clean(text)
        result = strip_speech_fillers(original)
        result = numerals_to_digits(result)
        result = self.correct_homophones(result)
        result = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", result).strip()
        return result or original


_shared: SpeechNormalizer | None = None
_lock = threading.Lock()


def vocabulary_from_catalogue(entries: Sequence) -> list[str]:
    """Item names and aliases of a repository catalogue."""
    words: list[str] = []
    for entry in entries:
        words.append(entry.guide.name)
        words.extend(entry.aliases)
    return words


def shared_normalizer() -> SpeechNormalizer:
    """The process-wide normaliser over the configured knowledge base's names and aliases."""
    global _shared
    with _lock:
        if _shared is None:
            from bot.actions.services import shared_assistant

            _shared = SpeechNormalizer(vocabulary_from_catalogue(shared_assistant().repo.catalogue()))
        return _shared
