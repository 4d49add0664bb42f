"""Item-linking measurements without Rasa: each linker signal switched off in turn.

``python eval/ablation.py`` prints, per question style of the dev set, how often the
linker's decision is right (answered and correct), wrong (answered and incorrect) or a
clarification that contains the right item — for the full linker, each ablation and the
plain BM25 baseline. "Answered" is what the bot answers: a confident link, or one leaning
to a candidate (shown with the alternatives).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.linking import ALL_SIGNALS, ItemLinker  # noqa: E402
from knowledge.repository import GuideRepository  # noqa: E402

STYLES = ("official", "abbreviation", "colloquial", "speech", "typo", "traditional")


def measure(linker: ItemLinker, questions: list[dict]) -> dict[str, dict[str, float]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q in questions:
        result = linker.link(q["text"])
        c = counts[q["style"]]
        c["n"] += 1
        if result.confident or result.leaning:  # what the bot answers (with alternatives when not sure)
            c["right" if result.best.guide.name == q["item"] else "wrong"] += 1
        elif q["item"] in {x.guide.name for x in result.plausible}:
            c["clarify_ok"] += 1
        c["top1"] += bool(result.candidates) and result.candidates[0].guide.name == q["item"]
    return {s: {k: round(100 * v / c["n"], 1) for k, v in c.items() if k != "n"} | {"n": c["n"]} for s, c in counts.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--failures", action="store_true", help="list the questions the full linker gets wrong")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "dev_single.yml", help="question set (YAML)")
    parser.add_argument("--full-only", action="store_true", help="measure the full linker only, no ablations")
    args = parser.parse_args()
    questions = [q for q in yaml.safe_load(args.questions.read_text(encoding="utf-8"))["questions"]
                 if q["style"] in STYLES]
    repo = GuideRepository.from_settings()
    catalogue = repo.catalogue()
    variants = {"full": ALL_SIGNALS}
    if not args.full_only:
        variants |= {f"-{s}": ALL_SIGNALS - {s} for s in sorted(ALL_SIGNALS - {"context"})}
    print(f"{'variant':<14}" + "".join(f"{s[:8]:>22}" for s in STYLES) + "   (right/wrong/clarify-ok/top1 %)")
    for name, signals in variants.items():
        linker = ItemLinker(catalogue, signals)
        started = time.perf_counter()
        table = measure(linker, questions)
        ms = 1000 * (time.perf_counter() - started) / len(questions)
        print(f"{name:<14}" + "".join(
            f"{table.get(s, {}).get('right', 0):>6}/{table.get(s, {}).get('wrong', 0):>4}/{table.get(s, {}).get('clarify_ok', 0):>4}/{table.get(s, {}).get('top1', 0):>5}" for s in STYLES
        ) + f"   {ms:.1f} ms/q")
    bm25 = defaultdict(lambda: [0, 0])
    for q in questions:
        top = repo.search(q["text"], limit=1)
        bm25[q["style"]][0] += bool(top) and top[0].guide.name == q["item"]
        bm25[q["style"]][1] += 1
    print(f"{'BM25 top-1':<14}" + "".join(f"{round(100 * a / max(b, 1), 1):>22}" for a, b in (bm25[s] for s in STYLES)))
    if args.failures:
        linker = ItemLinker(catalogue)
        for q in questions:
            r = linker.link(q["text"])
            if not (r.confident and r.best.guide.name == q["item"]):
                cands = [(c.guide.name[:14], round(c.score, 2), c.reason) for c in r.candidates[:3]]
                print(q["style"], q["text"], "→", q["item"], "|", r.confident, r.mention, cands)
    return 0


if __name__ == "__main__":
    sys.exit(main())
