"""``make kiosk-eval``: item accuracy of the dev set's speech questions, kiosk path vs REST path.

Every question of eval/dev_single.yml with ``style: speech`` is sent to a running bot twice, each
time in a new conversation: through the REST channel as it was recognised, and through the kiosk
channel (speech normalisation + spoken formatting). A question counts as right when the bot
answers about the expected item (REST: 【事项名称】 on the first line; kiosk: the reply's ``item``).
Also reported: the kiosk with its normalisation switched off (``"normalize": false``), which
separates the effect of the normalisation from that of the channel.

    .venv/bin/python -m bot.channels.kiosk_eval [--url http://127.0.0.1:5005] [--style speech]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import cast

import yaml

from bot.launch import post_json

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT / "eval" / "dev_single.yml"
REPORT = ROOT / "reports" / "kiosk_eval.json"
_ANSWER = re.compile(r"^【(.+?)】\n")


def questions(style: str = "speech", path: Path = DEV_SET) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [q for q in data["questions"] if q.get("style") == style and q.get("item")]


def rest_item(url: str) -> Callable[[str], str | None]:
    def ask(text: str) -> str | None:
        replies = cast(list, post_json(f"{url}/webhooks/rest/webhook",
                                       {"sender": f"eval-{uuid.uuid4().hex[:12]}", "message": text}))
        joined = "\n".join(m.get("text") or "" for m in replies or [])
        match = _ANSWER.match(joined)
        return match.group(1) if match else None

    return ask


def kiosk_item(url: str, normalize: bool = True) -> Callable[[str], str | None]:
    def ask(text: str) -> str | None:
        body = {"sender": f"eval-{uuid.uuid4().hex[:12]}", "message": text, "normalize": normalize}
        replies = cast(list, post_json(f"{url}/webhooks/kiosk/webhook", body))
        return (replies[0].get("item") if replies else None) or None

    return ask


def evaluate(url: str, style: str = "speech") -> dict:
    """Accuracy per path, and the questions on which the kiosk and REST paths disagree."""
    items = questions(style)
    paths = {"rest": rest_item(url), "kiosk": kiosk_item(url), "kiosk_without_normalising": kiosk_item(url, False)}
    right = {name: 0 for name in paths}
    seconds = {name: 0.0 for name in paths}
    differ = []
    for q in items:
        got = {}
        for name, ask in paths.items():
            started = time.perf_counter()
            got[name] = ask(q["text"])
            seconds[name] += time.perf_counter() - started
            right[name] += got[name] == q["item"]
        if (got["rest"] == q["item"]) != (got["kiosk"] == q["item"]):
            differ.append({"text": q["text"], "expected": q["item"], "rest": got["rest"], "kiosk": got["kiosk"]})
    n = len(items)
    return {
        "style": style,
        "questions": n,
        "item_accuracy": {name: round(100.0 * right[name] / n, 1) if n else 0.0 for name in paths},
        "right": right,
        "mean_ms": {name: round(1000 * seconds[name] / n, 1) if n else 0.0 for name in paths},
        "differ": differ,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running bot (default: start one)")
    parser.add_argument("--style", default="speech")
    args = parser.parse_args(argv)
    if args.url:
        report = evaluate(args.url.rstrip("/"), args.style)
    else:
        from bot.launch import running_bot

        with running_bot(ROOT / "data" / "runtime" / "kiosk-eval-logs") as bot:
            report = evaluate(bot.url, args.style)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{report['questions']} 个 {report['style']} 问题的事项准确率：")
    for name, value in report["item_accuracy"].items():
        print(f"  {name:<28} {value:5.1f}%  ({report['right'][name]}/{report['questions']}, 平均 {report['mean_ms'][name]} ms)")
    print(f"两条路径结果不同的问题：{len(report['differ'])}（详见 {REPORT.relative_to(ROOT)}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
