"""Command line for bureau staff: ``python -m knowledge build|show|search|stats``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from knowledge.aliases import AliasFileError
from knowledge.build import build
from knowledge.fields import NAME_LABEL, Field
from knowledge.holidays import coverage_warning
from knowledge.repository import Guide, GuideRepository, KnowledgeBaseMissing
from knowledge.schedule import now as shanghai_now
from knowledge.settings import Settings


def _print_guide(guide: Guide) -> None:
    print(f"【{guide.name}】")
    print(f"编号：{guide.id}    事项编码：{guide.code}    文档序号：{guide.position}")
    print(f"分类：{guide.category} / {guide.subcategory}")
    for field in Field:
        print(f"\n■ {field.label}\n{guide.field(field)}")


QUALITY_KINDS = {
    "toc": "残留目录",
    "bookmark": "书签残留",
    "no_title": "缺少标题行的事项",
    "split_title": "标题分成两行",
    "title_prefix": "标题带省局/市局前缀",
    "title_number": "标题序号与位置不符",
    "title_name": "标题与事项名称不一致",
    "shared_code": "事项编码重复",
    "shared_name": "事项名称重复",
    "copy_paste": "疑似复制错误",
    "same_summary": "事项简述完全相同",
    "field_mismatch": "字段内容与字段不符",
}
_SHOWN_PER_KIND = 8


def print_quality_report(notes: Sequence[tuple[str, int | None, str]]) -> None:
    """The data-quality report, grouped by kind, long groups shortened."""
    if not notes:
        return
    print(f"\n数据质量报告（共 {len(notes)} 条，原文未改动，答复仍按原文）：")
    groups: dict[str, list[tuple[int | None, str]]] = {}
    for kind, position, message in notes:
        groups.setdefault(kind, []).append((position, message))
    for kind, items in groups.items():
        print(f"【{QUALITY_KINDS.get(kind, kind)}】{len(items)} 条")
        if kind == "no_title":
            print("  事项序号：" + "、".join(str(p) for p, _ in items))
            continue
        for position, message in items[:_SHOWN_PER_KIND]:
            print(f"  · {'#' + str(position) + ' ' if position else ''}{message}")
        if len(items) > _SHOWN_PER_KIND:
            print(f"  · ……另有 {len(items) - _SHOWN_PER_KIND} 条")


def cmd_build(settings: Settings, _args: argparse.Namespace) -> int:
    report = build(settings)
    print_quality_report(report.notes)
    print("\n分类统计：" + "，".join(f"{c} {n}" for c, n in report.categories.items()))
    return 0


def cmd_show(settings: Settings, args: argparse.Namespace) -> int:
    repo = GuideRepository.from_settings(settings)
    key = " ".join(args.key)
    guide = repo.get(key) or repo.by_name(key)
    if guide is None:
        matches = repo.by_alias(key) or [c.guide for c in repo.search(key, 5)]
        if len(matches) == 1:
            guide = repo.get(matches[0].id)
        else:
            print(f"没有找到编号或{NAME_LABEL}为“{key}”的事项。" + ("您是否要找：" if matches else ""))
            for g in matches:
                print(f"  {g.id}  {g.name}")
            return 1
    assert guide is not None
    _print_guide(guide)
    return 0


def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    repo = GuideRepository.from_settings(settings)
    text = " ".join(args.text)
    results = repo.search(text, args.limit)
    if not results:
        print(f"没有与“{text}”相关的事项。")
        return 1
    print(f"与“{text}”最相关的 {len(results)} 个事项：")
    for rank, cand in enumerate(results, 1):
        print(f"{rank:>2}. [{cand.score:.2f}] {cand.guide.name}（{cand.guide.id}，{cand.guide.category}）")
    return 0


def cmd_stats(settings: Settings, _args: argparse.Namespace) -> int:
    repo = GuideRepository.from_settings(settings)
    stats = repo.stats()
    print(f"知识库版本：{stats.version}")
    print(f"事项总数：{stats.guides}")
    print(f"不同事项编码：{stats.distinct_codes}")
    print(f"每个事项字段数：{stats.fields_per_guide}（事项名称及 {len(Field)} 项内容；另有事项编码）")
    print(f"别名：{stats.aliases} 条")
    print("分类：")
    for category, count in stats.categories:
        print(f"  {category}：{count}")
    print_quality_report(stats.notes)
    return 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    from knowledge.analytics import EventLog, feedback_file_from_env

    names: dict[str, str] = {}
    with contextlib.suppress(KnowledgeBaseMissing):
        names = {e.guide.id: e.guide.name for e in GuideRepository.from_settings(settings).catalogue()}
    feedback = Path(args.feedback) if args.feedback else feedback_file_from_env()
    report = EventLog.from_url(settings.analytics_url).report(names, top=args.top, feedback_file=feedback)
    warning = coverage_warning(shanghai_now().date())
    if warning:
        print(f"{warning}\n")
    print(f"共记录 {report.total} 个问题（身份证号、手机号已脱敏）。")
    labels = {"answered": "已回答", "clarified": "反问澄清", "asked_back": "追问事项", "unanswered": "未能回答",
              "handoff": "转人工", "browsed": "浏览", "other": "其他"}
    print("结果：" + "，".join(f"{labels.get(k, k)} {n}" for k, n in report.by_outcome))
    print(f"\n最常见的未能回答或需澄清的问题（前 {args.top}）：")
    for text, count in report.unanswered:
        print(f"  {count:>4} 次  {text}")
    print("\n各事项、各字段的提问次数：")
    for name, field, count in report.per_item_field:
        parsed = Field.parse(field)
        label = parsed.label if parsed else "概览"
        print(f"  {count:>4} 次  {name} · {label}")
    print("\n有用/没用反馈：" + ("，".join(f"{k} {n}" for k, n in report.feedback) or "暂无"))
    return 0


def cmd_steps(settings: Settings, _args: argparse.Namespace) -> int:
    """Write the process steps the guides' own text names (data/process_steps_derived.yml)."""
    from knowledge.parser import parse_file
    from knowledge.process import DERIVED_PATH, derive, render_derived

    parsed = parse_file(settings.source_path)
    steps = derive([(g.name, g.fields) for g in parsed.guides])
    DERIVED_PATH.write_text(render_derived(steps), encoding="utf-8")
    print(f"已写入 {DERIVED_PATH.name}：{len(steps)} 个由原文推出的办事步骤")
    return 0


def cmd_pinyin_fit(_settings: Settings, _args: argparse.Namespace) -> int:
    """Fit the pinyin input's weights to the training questions (data/pinyin_weights.yml)."""
    from knowledge.pinyin_fit import main as fit_pinyin

    fit_pinyin()
    return 0


COMMANDS = {"build": cmd_build, "steps": cmd_steps, "pinyin-fit": cmd_pinyin_fit, "show": cmd_show, "search": cmd_search, "stats": cmd_stats, "report": cmd_report}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="办事指南知识库")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="从原文构建（或重建）知识库")
    sub.add_parser("steps", help="由原文推出办事步骤，写入 data/process_steps_derived.yml")
    sub.add_parser("pinyin-fit", help="用训练问法拟合拼音输入的打分权重，写入 data/pinyin_weights.yml（约 2 分钟）")
    show = sub.add_parser("show", help="按编号或事项名称显示一个事项")
    show.add_argument("key", nargs="+")
    search = sub.add_parser("search", help="按文字检索事项")
    search.add_argument("text", nargs="+")
    search.add_argument("--limit", type=int, default=5)
    sub.add_parser("stats", help="知识库统计")
    report = sub.add_parser("report", help="群众提问统计：未能回答的问题、各事项提问次数、反馈")
    report.add_argument("--top", type=int, default=20)
    report.add_argument("--feedback", help="有用/没用反馈文件（默认 $WEB_FEEDBACK_PATH 或 data/runtime/feedback.jsonl）")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    try:
        return COMMANDS[args.command](settings, args)
    except KnowledgeBaseMissing as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except (AliasFileError, ValueError, FileNotFoundError) as exc:  # incl. LexiconError and StepsError
        print(f"错误：{exc}", file=sys.stderr)
        return 2
