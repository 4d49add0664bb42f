"""Aliases: the short and colloquial names users say for a guide.

Two sources: names generated from the official name (action words and bracketed
qualifiers stripped), and the curated, reviewable file ``data/aliases.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

GENERATED = "generated"
CURATED = "curated"

# Trailing action words that do not tell items apart ("创业补贴申领" → "创业补贴").
_ACTION_SUFFIXES = ("申请", "申领", "办理", "申报", "审批", "手续办理")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
# A trailing bracket often is what tells twins apart: （再申诉）, （机转企）, （社区变更）, （稳岗补贴）…
_TRAILING = re.compile(r"[（(]([^（）()]+)[）)](申请|申领|办理|申报)?$")
_NOT_QUALIFIER = ("含",)  # （含本地、异地） says where, not which…
_GENERIC_QUALIFIER = ("人员", "级")  # …and （缴费人员）, （初级、中级） mean nothing alone
_QUOTES = str.maketrans("", "", "《》“”")
_MIN_ALIAS_CHARS = 3


@dataclass(frozen=True)
class AliasEntry:
    """One alias of a guide, with where it came from."""

    alias: str
    kind: str


def generated_aliases(name: str) -> list[str]:
    """Shorter forms of an official name, most specific first, excluding the name itself."""
    forms: list[str] = []
    base = name.translate(_QUOTES)
    candidates = [base, _BRACKETS.sub("", base)]
    for text in list(candidates):
        for suffix in _ACTION_SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= _MIN_ALIAS_CHARS:
                candidates.append(text[: -len(suffix)])
    trailing = _TRAILING.search(base)
    if trailing and not trailing.group(1).startswith(_NOT_QUALIFIER) and not trailing.group(1).endswith(_GENERIC_QUALIFIER):
        candidates.append(re.sub(r"[、，,]", "", trailing.group(1)))
    for text in candidates:
        text = text.strip()
        if text and text != name and text not in forms and len(text) >= _MIN_ALIAS_CHARS:
            forms.append(text)
    return forms


class AliasFileError(ValueError):
    """The curated alias file is malformed or names an item that does not exist."""


def load_curated(path: Path, known_names: set[str]) -> dict[str, list[str]]:
    """Curated aliases by exact 事项名称; every name must be a known guide name."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise AliasFileError(f"{path.name} 应是“事项名称: [别名, …]”的映射。")
    curated: dict[str, list[str]] = {}
    unknown = []
    for name, aliases in data.items():
        name = str(name)
        if name not in known_names:
            unknown.append(name)
            continue
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            raise AliasFileError(f"{path.name} 中“{name}”的别名应是列表。")
        curated[name] = [str(a).strip() for a in aliases if str(a).strip()]
    if unknown:
        raise AliasFileError(f"{path.name} 中这些事项名称在办事指南里不存在：{'、'.join(unknown)}")
    return curated


def aliases_for(name: str, curated: dict[str, list[str]]) -> list[AliasEntry]:
    """All aliases of one guide: curated ones first, then generated ones, without repeats."""
    seen: set[str] = {name}
    entries: list[AliasEntry] = []
    for kind, forms in ((CURATED, curated.get(name, [])), (GENERATED, generated_aliases(name))):
        for alias in forms:
            if alias not in seen:
                seen.add(alias)
                entries.append(AliasEntry(alias, kind))
    return entries
