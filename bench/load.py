"""Closed-loop load generator (asyncio + aiohttp), run as its own process by bench/run.py:

    python -m bench.load --url http://127.0.0.1:8080 --concurrency 10 --duration 20 \
        --dialogs dialogs.json --out result.json

``concurrency`` virtual users each hold conversations (a fresh sender per conversation, turns in
order, each waiting for the reply) against the REST channel until the time is up. Every request's
latency and outcome is recorded; errors are transport failures, timeouts and non-200 answers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import time
import uuid
from pathlib import Path

import aiohttp


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100), nearest-rank on sorted data; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def summarize(latencies_ms: list[float], errors: int, empty: int, elapsed: float) -> dict:
    """Counts, throughput and latency percentiles of one phase."""
    done = len(latencies_ms)
    return {
        "requests": done + errors,
        "ok": done,
        "errors": errors,
        "empty_replies": empty,
        "elapsed_s": round(elapsed, 3),
        "throughput_rps": round(done / elapsed, 2) if elapsed > 0 else 0.0,
        "latency_ms": {
            "mean": round(sum(latencies_ms) / done, 1) if done else None,
            "p50": _r(percentile(latencies_ms, 50)),
            "p95": _r(percentile(latencies_ms, 95)),
            "p99": _r(percentile(latencies_ms, 99)),
            "max": _r(max(latencies_ms) if latencies_ms else None),
        },
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


async def run_load(url: str, dialogs: list[list[str]], concurrency: int, duration: float,
                   timeout: float = 60.0, seed: int = 1) -> dict:
    """Drive ``concurrency`` users for ``duration`` seconds; the phase summary."""
    endpoint = url.rstrip("/") + "/webhooks/rest/webhook"
    run_id = uuid.uuid4().hex[:8]
    latencies: list[float] = []
    counters = {"errors": 0, "empty": 0}
    error_samples: list[str] = []
    start = time.monotonic()
    deadline = start + duration
    last_done = start

    async def user(uid: int, session: aiohttp.ClientSession) -> None:
        nonlocal last_done
        rng = random.Random(seed * 1000 + uid)
        conversation = 0
        while time.monotonic() < deadline:
            conversation += 1
            sender = f"bench-{run_id}-{uid}-{conversation}"
            for message in rng.choice(dialogs):
                if time.monotonic() >= deadline:
                    return
                t0 = time.perf_counter()
                try:
                    async with session.post(endpoint, json={"sender": sender, "message": message}) as resp:
                        body = await resp.json(content_type=None)
                        if resp.status != 200:
                            raise RuntimeError(f"HTTP {resp.status}")
                except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                    counters["errors"] += 1
                    if len(error_samples) < 10:
                        error_samples.append(f"{type(exc).__name__}: {exc}"[:200])
                    last_done = time.monotonic()
                    break  # the conversation is broken; start a new one
                latencies.append((time.perf_counter() - t0) * 1000)
                if not body:
                    counters["empty"] += 1
                last_done = time.monotonic()

    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        await asyncio.gather(*(user(i, session) for i in range(concurrency)))
    result = summarize(latencies, counters["errors"], counters["empty"], last_done - start)
    result.update({"concurrency": concurrency, "duration_s": duration, "error_samples": error_samples})
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--dialogs", type=Path, required=True, help="JSON list of conversations (lists of messages)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    dialogs = json.loads(args.dialogs.read_text(encoding="utf-8"))
    result = asyncio.run(run_load(args.url, dialogs, args.concurrency, args.duration, seed=args.seed))
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
