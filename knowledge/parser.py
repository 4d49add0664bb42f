"""Parse the bureau's guide document into clean records, noting every anomaly met.

The document is a text export of a Word file. Each item starts at a ``事项编码：`` line
followed by tab-indented field labels, each with its value on the following lines.
Values may run on over lines without indentation. Between items sit numbered titles
(``12.就业见习补贴申领办事指南``), sometimes behind ``[bookmark…]`` noise, sometimes with a
``省局``/``市局`` prefix, sometimes split over two lines, and 101 items have none. A stray
table of contents precedes the first item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.fields import CODE_LABEL, FIELD_LABELS, NAME_LABEL, Field

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_CODE_LINE = re.compile(rf"^\s*{CODE_LABEL}[：:]\s*(\S+)\s*$")
_TITLE = re.compile(r"^\s*(?P<prefix>省局|市局)?\s*(?P<number>\d+)\.(?P<text>.*?)\s*$")
_TITLE_SUFFIX = "办事指南"
_LABELS = {NAME_LABEL, *FIELD_LABELS.values()}


@dataclass(frozen=True)
class ParsedGuide:
    """One guide as read from the document, text verbatim (noise removed)."""

    position: int
    code: str
    name: str
    fields: dict[Field, str]
    title: str | None = None
    title_prefix: str | None = None


@dataclass(frozen=True)
class QualityNote:
    """One anomaly of the source document, for the data-quality report."""

    kind: str
    position: int | None
    message: str


@dataclass
class ParseResult:
    """All guides of the document, and what was odd about it."""

    guides: list[ParsedGuide]
    notes: list[QualityNote] = field(default_factory=list)


def parse_file(path: Path) -> ParseResult:
    """Parse the guide document at ``path``."""
    return parse_text(path.read_text(encoding="utf-8"))


def parse_text(text: str) -> ParseResult:
    """Parse the guide document's text into guides and quality notes."""
    notes: list[QualityNote] = []
    bookmark_count = len(_BOOKMARK.findall(text))
    lines = [_BOOKMARK.sub("", line).rstrip("\r") for line in text.split("\n")]
    starts = [i for i, line in enumerate(lines) if _CODE_LINE.match(line)]
    if not starts:
        raise ValueError("文档中没有找到任何“事项编码”，请确认文件是办事指南原文。")
    if bookmark_count:
        notes.append(QualityNote("bookmark", None, f"删除了 {bookmark_count} 处 [bookmark…] 书签残留。"))
    toc = [line for line in lines[: starts[0]] if line.strip()]
    if toc:
        notes.append(
            QualityNote("toc", None, f"第一个事项前有 {len(toc)} 行残留目录，已跳过。")
        )

    blocks = [lines[s : (starts[k + 1] if k + 1 < len(starts) else len(lines))] for k, s in enumerate(starts)]
    raw_titles: list[list[str]] = [[] for _ in blocks]
    guides_fields: list[dict[str, str]] = []
    for k, block in enumerate(blocks):
        values, trailing = _split_fields(block[1:])
        guides_fields.append(values)
        if k + 1 < len(blocks):
            raw_titles[k + 1] = trailing
        elif trailing:
            notes.append(QualityNote("trailing", k + 1, "文末有多余文字：" + " ".join(trailing)))

    guides: list[ParsedGuide] = []
    for k, (block, values) in enumerate(zip(blocks, guides_fields)):
        position = k + 1
        code = _CODE_LINE.match(block[0]).group(1)  # type: ignore[union-attr]
        missing = [label for label in _LABELS if label not in values]
        if missing:
            raise ValueError(f"第 {position} 个事项（编码 {code}）缺少字段：{'、'.join(sorted(missing))}")
        title, prefix = _read_title(raw_titles[k], position, notes)
        guides.append(
            ParsedGuide(
                position=position,
                code=code,
                name=values[NAME_LABEL],
                fields={f: values[f.label] for f in Field},
                title=title,
                title_prefix=prefix,
            )
        )
    notes.extend(check_quality(guides))
    return ParseResult(guides=guides, notes=notes)


def _split_fields(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Field values of one item's lines, and the non-field lines trailing the last field."""
    values: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        if line.startswith("\t") and stripped in _LABELS and stripped not in values:
            current = stripped
            values[current] = []
        elif current is not None:
            values[current].append(line[1:] if line.startswith("\t") else line)
    trailing: list[str] = []
    last = FIELD_LABELS[Field.COMPLAINT]
    if last in values:
        body = values[last]
        for i, line in enumerate(body):
            if i > 0 and line.strip() and not lines_indented(line) and _looks_like_title(body, i):
                trailing = [x.strip() for x in body[i:] if x.strip()]
                values[last] = body[:i]
                break
    return {label: _clean(value) for label, value in values.items()}, trailing


def lines_indented(line: str) -> bool:
    """Whether a raw value line kept its tab indentation (titles never have one)."""
    return line.startswith("\t")


def _looks_like_title(body: list[str], i: int) -> bool:
    line = body[i].strip()
    return bool(_TITLE.match(line)) or line == _TITLE_SUFFIX or line.endswith(_TITLE_SUFFIX)


def _clean(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return text.strip("\n").strip()


def _read_title(lines: list[str], position: int, notes: list[QualityNote]) -> tuple[str | None, str | None]:
    """The numbered title before an item (joined if split), or None if it has none."""
    if not lines:
        notes.append(QualityNote("no_title", position, "没有标题行。"))
        return None, None
    joined = "".join(lines)
    if len(lines) > 1:
        notes.append(QualityNote("split_title", position, f"标题分成了 {len(lines)} 行：{' / '.join(lines)}"))
    match = _TITLE.match(joined)
    if not match:
        notes.append(QualityNote("bad_title", position, f"无法识别的标题：{joined}"))
        return joined, None
    number, text, prefix = int(match["number"]), match["text"], match["prefix"]
    if prefix:
        notes.append(QualityNote("title_prefix", position, f"标题带“{prefix}”前缀：{joined}"))
    if number != position:
        notes.append(QualityNote("title_number", position, f"标题序号 {number} 与实际位置 {position} 不符。"))
    if text.endswith(_TITLE_SUFFIX):
        text = text[: -len(_TITLE_SUFFIX)]
    return text, prefix


# Words that name a domain of the bureau's work; a 事项简述 about another domain than its
# item's name is a likely copy-paste error of the source.
_TOPICS = ("工伤", "失业", "养老", "年金", "创业", "就业", "见习", "社会保障卡", "职称", "档案", "仲裁", "技工", "博士后")


# (field, what its text should mention, what would show another field's text pasted in)
_FIELD_SHAPES = (
    (Field.FEES, re.compile(r"费|收"), re.compile(r"办结|工作日")),
    (Field.TIME_LIMIT, re.compile(r"办结|工作日|日|天"), re.compile(r"收费|电话")),
    (Field.CONSULT, re.compile(r"电话|网址|\d{4}"), re.compile(r"办结")),
)


def check_quality(guides: list[ParsedGuide]) -> list[QualityNote]:
    """Notes on duplicated codes/names and likely copy-paste errors between items."""
    notes: list[QualityNote] = []
    by_code: dict[str, list[ParsedGuide]] = {}
    by_name: dict[str, list[ParsedGuide]] = {}
    for guide in guides:
        by_code.setdefault(guide.code, []).append(guide)
        by_name.setdefault(guide.name, []).append(guide)
        if guide.title and guide.title != guide.name:
            notes.append(
                QualityNote("title_name", guide.position, f"标题“{guide.title}”与事项名称“{guide.name}”不一致。")
            )
        summary = guide.fields[Field.SUMMARY]
        own = {t for t in _TOPICS if t in guide.name}
        told = {t for t in _TOPICS if t in summary}
        if own and told and not own & told:
            notes.append(
                QualityNote(
                    "copy_paste",
                    guide.position,
                    f"“{guide.name}”的事项简述讲的是{'、'.join(sorted(told))}，疑似从其他事项复制。",
                )
            )
    for guide in guides:
        for which, expected, misplaced in _FIELD_SHAPES:
            text = guide.fields[which]
            if misplaced.search(text) and not expected.search(text):
                notes.append(
                    QualityNote("field_mismatch", guide.position, f"“{guide.name}”的{which.label}写成了：{text[:40]}")
                )
    for code, same in by_code.items():
        if len(same) > 1:
            names = "、".join(f"#{g.position}“{g.name}”" for g in same)
            notes.append(QualityNote("shared_code", same[0].position, f"事项编码 {code} 被多个事项共用：{names}"))
    for name, same in by_name.items():
        if len(same) > 1:
            where = "、".join(f"#{g.position}" for g in same)
            notes.append(QualityNote("shared_name", same[0].position, f"事项名称“{name}”重复出现：{where}"))
    texts: dict[tuple[Field, str], list[ParsedGuide]] = {}
    for guide in guides:
        text = guide.fields[Field.SUMMARY]
        if len(text) > 30:
            texts.setdefault((Field.SUMMARY, text), []).append(guide)
    for (_, _text), same in texts.items():
        if len(same) > 1:
            names = "、".join(f"#{g.position}“{g.name}”" for g in same)
            notes.append(QualityNote("same_summary", same[0].position, f"多个事项的事项简述完全相同：{names}"))
    return notes
