"""Fits the weights pinyin input is read with (``data/pinyin_weights.yml``) to labelled data.

The labelled data is free: every Chinese training question of the bot (``bot/data/nlu.yml``) typed
as toneless pinyin is a question whose characters are known. The weights that give back the most
characters are kept; one question in five (chosen by a hash of its text, so the same ones every
time) is held out and scored apart, so the file says how well the weights do on questions they were
not fitted on. The eval sets are never used.

``python -m knowledge pinyin-fit`` rewrites the file; ``tests/knowledge/test_pinyin_input.py``
fails when the file's figures no longer match the data (refit after changing nlu.yml or the lexicon).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, replace
from difflib import SequenceMatcher
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from knowledge.pinyin_input import WEIGHTS_FILE, Weights, _spelt, fitted_weights

NLU_FILE = Path(__file__).resolve().parent.parent / "bot" / "data" / "nlu.yml"
HELD_OUT_EVERY = 5  # one question in five is scored apart
MIN_CHARS = 4  # shorter questions ("你好呀") say little about cutting runs of letters
PASSES = 2  # rounds of trying each weight's values in turn
GRID: dict[str, tuple[float, ...]] = {  # the values tried for each weight
    "domain": (1.5, 2.0, 2.5, 3.0, 4.0),
    "asking": (1.0, 1.5, 2.0, 2.5, 3.0),
    "common": (0.75, 1.0, 1.25),
    "piece_cost": (0.6, 0.9, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 6.5, 8.0),
    "letter_cost": (0.5, 1.0, 2.0, 3.0),
    "length_power": (0.75, 1.0, 1.25, 1.5, 1.75, 2.0),
    "vowel_cost": (0.0, 0.5, 1.0, 2.0, 4.0),
}
# Where the fit starts (the weights first set by hand), so that every run gives the same result
START = Weights(domain=3.0, asking=2.0, common=1.0, piece_cost=1.2, letter_cost=1.0, length_power=1.5,
                vowel_cost=0.0)
_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")  # [失业金](benefit) → 失业金
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def training_questions(path: Path = NLU_FILE) -> list[str]:
    """The bot's Chinese training questions, entity markup removed, characters only.

    >>> "停失业金要带啥" in training_questions()
    True
    """
    questions = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            text = _MARKUP.sub(r"\1", re.sub(r"^\s*-\s*", "", line)).strip()
            if len(text) >= MIN_CHARS and _HAN_ONLY.fullmatch(text):
                questions.append(text)
    return sorted(set(questions))


def held_out(text: str) -> bool:
    """Whether a question is scored apart (the same ones in every run).

    >>> [held_out(t) for t in ("失业金要带什么材料", "社保卡丢了咋整")]
    [False, False]
    """
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % HELD_OUT_EVERY == 0


def split(questions: Iterable[str]) -> tuple[list[str], list[str]]:
    """(questions fitted on, questions held out)."""
    fitted: list[str] = []
    apart: list[str] = []
    for text in questions:
        (apart if held_out(text) else fitted).append(text)
    return fitted, apart


def accuracy(weights: Weights, questions: Sequence[str]) -> tuple[float, float]:
    """(share of questions read back exactly, mean share of characters read back) when each is
    typed as toneless pinyin without spaces.

    >>> accuracy(fitted_weights(), ["失业金要带什么材料"])
    (1.0, 1.0)
    """
    if not questions:
        return 0.0, 0.0
    exact = chars = 0.0
    for text in questions:
        read = _spelt("".join(lazy_pinyin(text)), weights) or ""
        exact += read == text
        chars += SequenceMatcher(None, read, text).ratio()
    return round(exact / len(questions), 4), round(chars / len(questions), 4)


def fit(questions: Sequence[str], start: Weights,
        progress: Callable[[str], None] = lambda _line: None) -> Weights:
    """Coordinate ascent: each weight in turn takes the value of ``GRID`` that reads most characters
    back (exact questions break ties), for ``PASSES`` rounds."""
    best, best_score = start, accuracy(start, questions)[::-1]
    for round_ in range(1, PASSES + 1):
        for name, values in GRID.items():
            for value in values:
                trial = replace(best, **{name: value})
                score = accuracy(trial, questions)[::-1]
                if score > best_score:
                    best, best_score = trial, score
            progress(f"第 {round_} 轮 {name} = {getattr(best, name)}：字符 {best_score[0]:.2%}，整句 {best_score[1]:.2%}")
    return best


def report(weights: Weights, questions: Sequence[str]) -> dict:
    """What the weights file records: the weights and how they read both parts of the data."""
    fitted, apart = split(questions)
    train, test = accuracy(weights, fitted), accuracy(weights, apart)
    return {
        "weights": asdict(weights),
        "fitted_on": {"questions": len(fitted), "held_out": len(apart)},
        "accuracy": {
            "fitted": {"sentences": train[0], "characters": train[1]},
            "held_out": {"sentences": test[0], "characters": test[1]},
        },
    }


HEADER = ("# 拼音输入的打分权重（knowledge/pinyin_input.py）。由 `python -m knowledge pinyin-fit` 用机器人的训练问法\n"
          "# （bot/data/nlu.yml，转成不带声调的拼音）拟合生成，请勿手改；accuracy 是读回汉字的比例（held_out 为未参与拟合的五分之一）。\n")


def write(data: dict, path: Path = WEIGHTS_FILE) -> None:
    path.write_text(HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main(progress: Callable[[str], None] = print) -> dict:
    """Fit on the training questions, write the weights file, return what it records."""
    questions = training_questions()
    fitted, apart = split(questions)
    progress(f"拟合拼音权重：{len(fitted)} 个训练问法（另有 {len(apart)} 个留作检验）…")
    progress(f"起点（手设权重）：留出问法读回字符 {accuracy(START, apart)[1]:.2%}，整句 {accuracy(START, apart)[0]:.2%}")
    weights = fit(fitted, START, progress)
    data = report(weights, questions)
    write(data)
    fitted_weights.cache_clear()
    progress(f"已写入 {WEIGHTS_FILE.name}：留出问法读回字符 {data['accuracy']['held_out']['characters']:.2%}，"
             f"整句 {data['accuracy']['held_out']['sentences']:.2%}")
    return data
