"""Example questions: how citizens actually ask about each guide, in their own words.

The curated file ``data/example_questions.yml`` holds questions written from the guide
document alone (never from an evaluation set), each labelled with its 事项名称 and the field
that answers it. They teach the assistant two things: the intent classifier learns real
phrasings of each field (``bot/generate``), and full-text ranking learns the everyday words
people use for each guide (the questions are part of its document, as in doc2query).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.fields import FIELD_LABELS

OVERVIEW = "overview"  # a question whose answer is the whole guide ("怎么办")
FIELD_NAMES = frozenset(FIELD_LABELS.values()) | {OVERVIEW}
STYLES = frozenset({"official", "colloquial", "speech", "abbreviation"})


@dataclass(frozen=True)
class ExampleQuestion:
    """One question as a citizen asked it, with the guide and field that answer it."""

    text: str
    item: str  # the exact 事项名称
    field: str  # a field label as printed in the guides, or ``OVERVIEW``
    style: str


class ExampleFileError(ValueError):
    """The example-question file is malformed or names an item or field that does not exist."""


def load_examples(path: Path, known_names: set[str]) -> list[ExampleQuestion]:
    """The example questions of ``path`` (none if it does not exist), checked against the guides."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ExampleFileError(f"{path.name} 应包含 questions 列表（每条有 text、item、field、style）。")
    examples, problems = [], []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not str(row.get("text") or "").strip():
            problems.append(f"第 {number} 条缺少 text")
            continue
        example = ExampleQuestion(str(row["text"]).strip(), str(row.get("item")), str(row.get("field")),
                                  str(row.get("style") or "colloquial"))
        if example.item not in known_names:
            problems.append(f"第 {number} 条的事项名称“{example.item}”在办事指南里不存在")
        elif example.field not in FIELD_NAMES:
            problems.append(f"第 {number} 条的字段“{example.field}”不是办事指南的字段")
        elif example.style not in STYLES:
            problems.append(f"第 {number} 条的 style“{example.style}”无效")
        else:
            examples.append(example)
    if problems:
        raise ExampleFileError(f"{path.name}：" + "；".join(problems[:10]) + ("……" if len(problems) > 10 else ""))
    return examples
