"""Steps of one process: the items a citizen goes on to (or comes from) after another.

"工伤认定下来了，伤残等级去哪评" after 工伤认定申请 asks 劳动能力鉴定申请. Which items follow which is data
the bureau's staff can read, from two sources:

- derived from the guides: a guide whose 事项简述, 受理条件 or 申请材料 names another item
  ("…打包办理供养亲属抚恤金申领业务") is a step of that item's process. ``python -m knowledge steps``
  (run by ``make data``) writes them to ``data/process_steps_derived.yml``; a test fails when the
  committed copy is stale;
- reviewed: ``data/process_steps.yml``, rows written by staff for the steps the text does not name,
  each with a real example question; checked when the knowledge base is built.

Both read as "related" pairs: the resolver's next step prefers an item related to the one in focus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.fields import Field
from knowledge.settings import DATA_DIR

DERIVED_PATH = DATA_DIR / "process_steps_derived.yml"
REVIEWED_PATH = DATA_DIR / "process_steps.yml"
CORE_CHARS = 4  # a name shorter than this, once its bracket and verb are cut, is too common to count
_TOLD_IN = (Field.SUMMARY, Field.CONDITIONS, Field.MATERIALS)
_BRACKET = re.compile(r"（[^）]*）")
_VERB = re.compile(r"(申请|申领|办理|申报)$")


class StepsError(ValueError):
    """A reviewed step that names no guide, or has no example."""


@dataclass(frozen=True)
class Step:
    """One item followed by another, and a question that asks it."""

    after: str
    then: str
    example: str = ""


def core(name: str) -> str:
    """A name as the guides' text mentions it: no bracketed qualifier, no closing verb.

    >>> core("劳动能力鉴定申请"), core("实体社会保障卡申领（含本地、异地）")
    ('劳动能力鉴定', '实体社会保障卡')
    """
    return _VERB.sub("", _BRACKET.sub("", name))


def derive(guides: Iterable[tuple[str, Mapping[Field, str]]]) -> list[Step]:
    """The steps the guides' own text names (guides as name and fields), in their order."""
    guides = list(guides)
    steps = []
    for name, fields in guides:
        text = "".join(fields.get(f, "") for f in _TOLD_IN)
        for other, _fields in guides:
            mentioned = core(other)
            if other != name and len(mentioned) >= CORE_CHARS and mentioned in text:
                steps.append(Step(name, other))
    return list(dict.fromkeys(steps))


def render_derived(steps: list[Step]) -> str:
    """The derived steps as the YAML file staff read."""
    head = ("# 由办事指南原文推出的办事步骤（python -m knowledge steps 生成，勿手工修改）：\n"
            "# 一个事项的事项简述、受理条件或申请材料里提到了另一个事项，两者就是同一办事过程的相邻步骤。\n")
    rows = [{"after": s.after, "then": s.then} for s in steps]
    return head + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=200)


def load(path: Path) -> list[Step]:
    """The steps of a steps file (derived or reviewed)."""
    if not path.exists():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Step(str(r.get("after", "")), str(r.get("then", "")), str(r.get("example") or "")) for r in rows]


def check_reviewed(names: set[str], path: Path = REVIEWED_PATH) -> int:
    """Refuse a reviewed step naming no guide or lacking an example; the number of steps."""
    steps = load(path)
    for number, step in enumerate(steps, 1):
        unknown = [n for n in (step.after, step.then) if n not in names]
        if unknown:
            raise StepsError(f"{path.name} 第 {number} 条：事项名称“{'、'.join(unknown)}”在办事指南里不存在")
        if not step.example:
            raise StepsError(f"{path.name} 第 {number} 条（{step.after} → {step.then}）没有例句（example）")
    return len(steps)


@lru_cache(maxsize=1)
def related_names() -> dict[str, frozenset[str]]:
    """Item name → the names of items of the same process, either way round (derived and reviewed)."""
    out: dict[str, set[str]] = {}
    for step in [*load(DERIVED_PATH), *load(REVIEWED_PATH)]:
        out.setdefault(step.after, set()).add(step.then)
        out.setdefault(step.then, set()).add(step.after)
    return {name: frozenset(others) for name, others in out.items()}


@lru_cache(maxsize=1)
def earlier_names() -> dict[str, frozenset[str]]:
    """Item name → the names of items the reviewed steps put before it ("恢复养老保险待遇申请" →
    暂停养老保险待遇申请): what was done before, never what follows it."""
    out: dict[str, set[str]] = {}
    for step in load(REVIEWED_PATH):
        out.setdefault(step.then, set()).add(step.after)
    return {name: frozenset(others) for name, others in out.items()}
