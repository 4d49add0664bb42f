"""``make eval``: run the dev set through the bot's REST channel and score it.

Reads only what a user sees: an answer names its item as 【事项名称】 on its first line,
followed by the field label; a clarification lists numbered candidates. Compares against
a plain BM25 retrieval baseline over the guides in the same run. Writes a JSON report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.repository import GuideRepository  # noqa: E402

EVAL_DIR = ROOT / "eval"
REPORT = ROOT / "reports" / "eval.json"
# dialogue sets scored beside the dev dialogues (each of them holds "dialogues", not "questions")
FRESH_DIALOGUES = sorted(EVAL_DIR.glob("fresh_dialogues*.yml"))
_ANSWER = re.compile(r"^【(?P<name>.+?)】\n(?P<label>■ 事项简述|[^：\n]+)")
_CANDIDATE = re.compile(r"^\d+\. (.+)$", re.M)
ITEM_STYLES = ("official", "abbreviation", "colloquial", "speech", "typo", "traditional", "pinyin")
# What a dialogue turn does (its ``pattern`` tag; issue 24): untagged turns of older sets are follow-ups
PATTERNS = ("first", "follow_up", "reply_to_offer", "switch", "next_step", "focus_words", "go_back", "situation",
            "correction", "out_of_scope", "chitchat")

Send = Callable[[str, str], list[dict]]


@dataclass
class Seen:
    """What the bot's reply shows."""

    kind: str  # answer | clarify | fallback | other
    item: str | None = None
    field: str | None = None
    candidates: tuple[str, ...] = ()
    text: str = ""


def read_reply(messages: list[dict]) -> Seen:
    """Classify the bot's reply by its visible text."""
    text = "\n".join(m.get("text") or "" for m in messages)
    match = _ANSWER.match(text)
    if match:
        label = match["label"]
        field = "overview" if label.startswith("■") else label
        return Seen("answer", match["name"], field, (), text)
    if "可能是以下事项" in text:
        return Seen("clarify", None, None, tuple(_CANDIDATE.findall(text)), text)
    if "无法回答" in text or "没有理解" in text or "暂时无法查询" in text:
        return Seen("fallback", text=text)
    if text.startswith("大多数事项"):
        return Seen("common", text=text)
    if text.startswith("请问您想了解哪个事项"):
        return Seen("ask", text=text)
    return Seen("other", text=text)


def pct(hits: int, total: int) -> float:
    return round(100.0 * hits / total, 1) if total else 0.0


def evaluate_single(questions: list[dict], send: Send, repo: GuideRepository) -> dict:
    """Item top-1, field accuracy, clarification and fallback rates by style; BM25 baseline."""
    by_style: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures = []
    latencies = []
    for q in questions:
        style = q["style"]
        started = time.perf_counter()
        seen = read_reply(send(f"eval-{uuid.uuid4().hex[:12]}", q["text"]))
        latencies.append(time.perf_counter() - started)
        s = by_style[style]
        s["n"] += 1
        s[f"kind_{seen.kind}"] += 1
        expected_item, expected_field = q.get("item"), q.get("field")
        if style in ITEM_STYLES:
            item_ok = seen.kind == "answer" and seen.item == expected_item
            s["item_ok"] += item_ok
            s["item_wrong"] += seen.kind == "answer" and not item_ok
            s["clarify_with_right"] += seen.kind == "clarify" and expected_item in seen.candidates
            if item_ok:
                s["field_n"] += 1
                s["field_ok"] += seen.field == expected_field
            top = repo.search(q["text"], limit=1)
            s["bm25_ok"] += bool(top) and top[0].guide.name == expected_item
            if not item_ok or seen.field != expected_field:
                failures.append({"text": q["text"], "style": style, "expected": [expected_item, expected_field],
                                 "got": [seen.kind, seen.item, seen.field]})
        elif style == "out_of_scope":
            s["guide_content"] += seen.kind == "answer"
            s["ok"] += seen.kind != "answer"
            if seen.kind == "answer":
                failures.append({"text": q["text"], "style": style, "got": [seen.kind, seen.item]})
        elif style == "general":  # no item: the value most guides share, or a question back
            ok = seen.kind in ("common", "ask", "clarify")
            s["ok"] += ok
            s["as_expected"] += (seen.kind == "common") == (q.get("expect") == "common") and ok
            if not ok:
                failures.append({"text": q["text"], "style": style, "got": [seen.kind, seen.item, seen.text[:40]]})
        elif style == "ambiguous":
            allowed = set(q.get("candidates") or [])
            ok = (seen.kind == "clarify" and bool(allowed & set(seen.candidates))) or (
                seen.kind == "answer" and seen.item in allowed
            )
            s["ok"] += ok
            if not ok:
                failures.append({"text": q["text"], "style": style, "got": [seen.kind, seen.item, seen.candidates[:3]]})
        elif style == "chitchat":
            ok = seen.kind in ("other",) and "【" not in seen.text
            s["ok"] += ok
            if not ok:
                failures.append({"text": q["text"], "style": style, "got": [seen.kind, seen.text[:40]]})
    table = {}
    for style, s in by_style.items():
        row = {"n": s["n"], "clarify_rate": pct(s["kind_clarify"], s["n"]), "fallback_rate": pct(s["kind_fallback"], s["n"])}
        if style in ITEM_STYLES:
            row.update(item_top1=pct(s["item_ok"], s["n"]), item_wrong=pct(s["item_wrong"], s["n"]),
                       field_acc=pct(s["field_ok"], s["field_n"]),
                       clarify_right=pct(s["clarify_with_right"], s["n"]), bm25_top1=pct(s["bm25_ok"], s["n"]))
        elif style == "out_of_scope":
            row.update(answered_with_guide=pct(s["guide_content"], s["n"]), ok=pct(s["ok"], s["n"]))
        else:
            row.update(ok=pct(s["ok"], s["n"]))
        table[style] = row
    item_rows = [by_style[s] for s in ITEM_STYLES if s in by_style]
    overall = {
        "item_top1": pct(sum(s["item_ok"] for s in item_rows), sum(s["n"] for s in item_rows)),
        "item_wrong": pct(sum(s["item_wrong"] for s in item_rows), sum(s["n"] for s in item_rows)),
        "field_acc": pct(sum(s["field_ok"] for s in item_rows), sum(s["field_n"] for s in item_rows)),
        "bm25_top1": pct(sum(s["bm25_ok"] for s in item_rows), sum(s["n"] for s in item_rows)),
    }
    latencies.sort()
    overall["latency_ms_p50"] = round(1000 * latencies[len(latencies) // 2], 1) if latencies else 0
    overall["latency_ms_p95"] = round(1000 * latencies[int(len(latencies) * 0.95)], 1) if latencies else 0
    return {"by_style": table, "overall": overall, "failures": failures}


def turn_right(turn: dict, seen: Seen) -> tuple[bool, bool]:
    """Whether a dialogue turn was answered right (item and field), and whether its item was."""
    if turn.get("expect") == "clarify":
        good = seen.kind == "clarify" or (seen.kind == "answer" and seen.item in (turn.get("candidates") or []))
        return good, good
    if turn.get("item") is None:
        good = seen.kind != "answer"
        return good, good
    item_good = seen.kind == "answer" and seen.item == turn["item"]
    return item_good and seen.field == turn.get("field"), item_good


def evaluate_dialogues(dialogues: list[dict], send: Send) -> dict:
    """Follow-up accuracy (turns after the first, answered about the right item and field), per
    pattern of turn, and the share of dialogues with every turn right (the first included)."""
    n = ok = item_ok = whole = 0
    per_pattern: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures = []
    for dialogue in dialogues:
        sender = f"dlg-{uuid.uuid4().hex[:12]}"
        all_right = True
        for number, turn in enumerate(dialogue["turns"]):
            seen = read_reply(send(sender, turn["text"]))
            good, item_good = turn_right(turn, seen)
            all_right &= good
            pattern = turn.get("pattern") or ("first" if number == 0 else "follow_up")
            per_pattern[pattern]["n"] += 1
            per_pattern[pattern]["ok"] += good
            if number == 0:
                if not good:
                    failures.append({"dialogue": dialogue["name"], "turn": 0, "pattern": pattern, "text": turn["text"],
                                     "expected": [turn.get("item"), turn.get("field")],
                                     "got": [seen.kind, seen.item, seen.field]})
                continue
            n += 1
            ok += good
            item_ok += item_good
            if not good:
                failures.append({"dialogue": dialogue["name"], "turn": number, "pattern": pattern, "text": turn["text"],
                                 "expected": [turn.get("item"), turn.get("field")], "got": [seen.kind, seen.item, seen.field]})
        whole += all_right
    patterns = {p: {"n": c["n"], "acc": pct(c["ok"], c["n"])}
                for p in (*PATTERNS, *sorted(set(per_pattern) - set(PATTERNS))) if (c := per_pattern.get(p))}
    return {"follow_up_turns": n, "follow_up_acc": pct(ok, n), "follow_up_item_acc": pct(item_ok, n),
            "dialogues": len(dialogues), "whole_dialogue_acc": pct(whole, len(dialogues)), "patterns": patterns,
            "failures": failures}


def print_dialogues(title: str, scored: dict) -> None:
    print(f"\n{title}：{scored['dialogues']} 段，追问 {scored['follow_up_turns']} 轮，准确率 {scored['follow_up_acc']}%"
          f"（事项正确 {scored['follow_up_item_acc']}%），整段全对 {scored['whole_dialogue_acc']}%")
    print("  " + "  ".join(f"{p} {row['acc']}%/{row['n']}" for p, row in scored["patterns"].items()))


def print_report(single: dict, dialogues: dict) -> None:
    print_single("单轮问题（按类别）", single)
    print_dialogues("多轮对话（开发集）", dialogues)


def print_single(title: str, single: dict) -> None:
    print(f"\n{title}")
    print(f"{'类别':<14}{'数量':>6}{'事项top1':>10}{'BM25基线':>10}{'字段准确':>10}{'反问率':>8}{'兜底率':>8}{'其他':>14}")
    for style, row in single["by_style"].items():
        extra = ""
        if "answered_with_guide" in row:
            extra = f"误答指南 {row['answered_with_guide']}%"
        elif "ok" in row:
            extra = f"正确 {row['ok']}%"
        elif "item_wrong" in row:
            extra = f"答错事项 {row['item_wrong']}%"
        print(f"{style:<14}{row['n']:>6}{row.get('item_top1', '-'):>10}{row.get('bm25_top1', '-'):>10}"
              f"{row.get('field_acc', '-'):>10}{row['clarify_rate']:>8}{row['fallback_rate']:>8}  {extra}")
    o = single["overall"]
    print(f"\n总体：事项 top-1 {o['item_top1']}%（BM25 基线 {o['bm25_top1']}%），答错事项 {o['item_wrong']}%，字段准确率 {o['field_acc']}%，"
          f"延迟 p50 {o['latency_ms_p50']} ms / p95 {o['latency_ms_p95']} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="用开发集评测运行中的办事通")
    parser.add_argument("--url", help="运行中的 Rasa 地址（默认：自动启动一套）")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--show-failures", type=int, default=15)
    parser.add_argument("--single", type=Path, default=EVAL_DIR / "dev_single.yml", help="单轮问题集（YAML）")
    parser.add_argument("--dialogues", type=Path, default=EVAL_DIR / "dev_dialogues.yml",
                        help="多轮对话集（YAML）；给 none 则不评对话")
    parser.add_argument("--also", type=Path, action="append", default=None,
                        help="另外单独计分的单轮问题集（可重复；默认 eval/fresh_*.yml）")
    parser.add_argument("--only", action="append", default=None,
                        help="只评名称含此字样的问题集（可重复，如 --only dialogues3 --only dev）")
    parser.add_argument("--offline", action="store_true",
                        help="不启动服务器：模型的 NLU 解析（有缓存）+ 规则 + 动作，在本进程内运行（开发用，快）")
    args = parser.parse_args(argv)
    wanted = (lambda name: any(part in name for part in args.only)) if args.only else (lambda name: True)
    also = [p for p in sorted(EVAL_DIR.glob("fresh_*.yml")) if p not in FRESH_DIALOGUES] if args.also is None else args.also
    also_sets = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
                 for path in also if wanted(path.stem)}
    also_dialogues = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["dialogues"]
                      for path in FRESH_DIALOGUES if path.exists() and args.also is None and wanted(path.stem)}
    dev = wanted("dev")
    single_set = yaml.safe_load(args.single.read_text(encoding="utf-8"))["questions"] if dev else []
    dialogue_set = ([] if str(args.dialogues) == "none" or not dev
                    else yaml.safe_load(args.dialogues.read_text(encoding="utf-8"))["dialogues"])
    repo = GuideRepository.from_settings()

    def run(send: Send) -> dict:
        print(f"评测 {len(single_set)} 个单轮问题、{len(dialogue_set)} 段多轮对话…", flush=True)
        single = evaluate_single(single_set, send, repo)
        dialogues = evaluate_dialogues(dialogue_set, send)
        extra = {name: evaluate_single(questions, send, repo) for name, questions in also_sets.items()}
        extra_dialogues = {name: evaluate_dialogues(ds, send) for name, ds in also_dialogues.items()}
        return {"single": single, "dialogues": dialogues, "also": extra, "also_dialogues": extra_dialogues}

    if args.offline:
        from eval.offline import NluCache, OfflineBot

        nlu = NluCache()
        nlu.prefetch([q["text"] for q in single_set] + [q["text"] for qs in also_sets.values() for q in qs]
                     + [t["text"] for ds in (dialogue_set, *also_dialogues.values()) for d in ds for t in d["turns"]])
        result = run(OfflineBot(nlu).send)
    elif args.url:
        from bot.launch import post_json

        result = run(lambda sender, text: post_json(f"{args.url}/webhooks/rest/webhook", {"sender": sender, "message": text}))  # type: ignore[arg-type,return-value]
    else:
        from bot.launch import running_bot

        print("启动办事通（动作服务器 + Rasa）…", flush=True)
        with running_bot(ROOT / "data" / "runtime" / "eval") as bot:
            result = run(bot.send)
    for name in [n for n in (*result["also"], *result["also_dialogues"]) if "sealed" in n]:
        for scored in (result["also"].get(name), result["also_dialogues"].get(name)):
            if scored:  # sealed sets are only scored: their failures are not shown nor kept
                scored["failures"] = []
    if dev:
        print_report(result["single"], result["dialogues"])
    for name, scored in result["also"].items():
        print_single(f"另一问题集 {name}（{sum(row['n'] for row in scored['by_style'].values())} 个问题）", scored)
    for name, scored in result["also_dialogues"].items():
        print_dialogues(f"另一对话集 {name}", scored)
    failures = result["single"]["failures"] + result["dialogues"]["failures"]
    if failures and args.show_failures:
        print(f"\n部分错误样例（共 {len(failures)} 个）：")
        for failure in failures[: args.show_failures]:
            print("  ", json.dumps(failure, ensure_ascii=False))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\n报告已写入 {args.report.relative_to(ROOT) if args.report.is_relative_to(ROOT) else args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
