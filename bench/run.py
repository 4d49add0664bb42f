"""`make bench`: performance of 办事通 on this machine, side by side with a stock Rasa bot.

Measures, in one run:
  * training time (cold `rasa train` into a temporary directory, no cache) — ours and the stock bot;
  * knowledge-base query latency in-process: GuideRepository.get / search, ItemLinker.link
    (SQLite and PostgreSQL);
  * NLU parse latency (/model/parse, sequential) — ours and stock;
  * load through the REST channel from a separate process (bench/load.py) at several concurrencies:
      stock     the `rasa init` bot, one process (reference floor)
      one       one replica, default endpoints (in-memory stores), as `make run`
      one-prod  one replica behind nginx, PostgreSQL tracker store + Redis lock store
      two       two replicas behind nginx (round robin), PostgreSQL tracker store + Redis lock store
  * peak memory (RSS) and CPU of every process (role "other" = CPU used by work that is not part of
    the benchmark: this machine may be shared, so each phase waits for quiet and a disturbed phase
    is repeated once, within a time budget; the calmest run is kept and "other" is reported).
Writes reports/bench.json and reports/bench.png, prints a table and the targets.

    .venv/bin/python -m bench.run [--duration 20] [--skip-train] [--configs stock,one,one-prod,two]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path

from bench.cluster import ADMIN_URL, Cluster, ProdStores, build_knowledge_base, fresh_database
from bench.dialogs import STOCK_DIALOGS, build_dialogs, sample_messages
from bench.load import percentile
from bench.procstat import Sampler, peak_rss_mib
from bot.launch import PROJECT_ROOT, VENV_BIN, _env, free_port, post_json, wait_ready

RUNTIME = PROJECT_ROOT / "data" / "runtime" / "bench"
STOCK_DIR = RUNTIME / "stock"
REPORTS = PROJECT_ROOT / "reports"
OUT_JSON = REPORTS / "bench.json"
OUT_PNG = REPORTS / "bench.png"
CONFIGS = ("stock", "one", "one-prod", "two")
CONCURRENCY = {"stock": (1, 10, 50), "one": (1, 10, 20, 50), "one-prod": (1, 10, 20, 50), "two": (1, 10, 20, 50)}
SHORT = {"actions": "act", "nginx": "ngx", "postgres": "pg", "loadgen": "load"}
RSS_LIMIT_MIB = 1536  # "each Rasa process under 1.5 GB"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def stats_ms(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "mean": round(statistics.fmean(samples), 3),
        "p50": round(percentile(samples, 50) or 0, 3),
        "p95": round(percentile(samples, 95) or 0, 3),
        "p99": round(percentile(samples, 99) or 0, 3),
    }


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


# --------------------------------------------------------------------------- training


def rasa_cmd(*args: str) -> list[str]:
    return [str(VENV_BIN / "rasa"), *args]


def run_timed(cmd: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> dict:
    """Run a command to completion; wall time and peak RSS of its process tree."""
    with open(log_path, "w") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        with Sampler({"train": proc.pid}, interval=1.0) as sampler:
            proc.wait()
        seconds = time.monotonic() - t0
    return {"seconds": round(seconds, 1), "returncode": proc.returncode,
            "peak_rss_mib": round(sampler.max_rss["train"], 1), "log": str(log_path)}


def train_ours(workdir: Path) -> dict:
    """A cold `rasa train` of our bot (fresh output dir, fresh cache)."""
    env = _env({"RASA_CACHE_DIRECTORY": str(workdir / "cache"), "RASA_TELEMETRY_ENABLED": "false"})
    cmd = rasa_cmd("train", "--config", "config.yml", "--domain", "bot/domain.yml", "--data", "bot/data",
                   "--out", str(workdir / "models"), "--fixed-model-name", "bench")
    return run_timed(cmd, PROJECT_ROOT, env, workdir / "train-ours.log")


def ensure_stock() -> dict:
    """The stock `rasa init` bot, trained once and cached under data/runtime/bench/stock/."""
    project = STOCK_DIR / "project"
    meta_path = STOCK_DIR / "meta.json"
    if meta_path.exists() and list((project / "models").glob("*.tar.gz")):
        return json.loads(meta_path.read_text())
    log("stock bot: `rasa init --no-prompt` (scaffold + train, cached for later runs)…")
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    project.mkdir(parents=True)  # `rasa init --init-dir` wants an existing (empty) directory
    env = _env({"RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(STOCK_DIR / "cache")})
    result = run_timed(rasa_cmd("init", "--no-prompt", "--init-dir", str(project)), STOCK_DIR, env,
                       STOCK_DIR / "init.log")
    if result["returncode"] != 0 or not list((project / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed, see {STOCK_DIR / 'init.log'}")
    meta = {**result, "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "note": "`rasa init --no-prompt` wall time (scaffold + cold train), measured when cached"}
    meta_path.write_text(json.dumps(meta, indent=2))
    return meta


# --------------------------------------------------------------------------- in-process micro-benchmarks


def bench_kb(database_url: str, messages: list[str]) -> dict:
    """Latency of the knowledge-base API the actions use (warm: catalogue and linker built once)."""
    from knowledge.linking import ItemLinker
    from knowledge.repository import GuideRepository
    from knowledge.settings import Settings

    repo = GuideRepository.from_settings(Settings.from_env({"KB_DATABASE_URL": database_url}))
    t0 = time.perf_counter()
    linker = ItemLinker.from_repository(repo)
    cold_ms = (time.perf_counter() - t0) * 1000
    ids = [e.guide.id for e in repo.catalogue()]
    for m in messages[:20]:  # warm caches
        repo.search(m)
        linker.link(m)
    return {
        "linker_build_ms": round(cold_ms, 1),
        "get": stats_ms([timed(lambda i=i: repo.get(i)) for i in (ids * 2)[: len(messages)]]),
        "search": stats_ms([timed(lambda m=m: repo.search(m)) for m in messages]),
        "link": stats_ms([timed(lambda m=m: linker.link(m)) for m in messages]),
    }


def bench_nlu(url: str, token: str, messages: list[str]) -> dict:
    """Sequential /model/parse calls (HTTP on loopback included)."""
    endpoint = f"{url}/model/parse?token={token}"
    for m in messages[:10]:
        post_json(endpoint, {"text": m})
    return stats_ms([timed(lambda m=m: post_json(endpoint, {"text": m})) for m in messages])


# --------------------------------------------------------------------------- load phases


def postgres_backends(database: str | None) -> list[int]:
    """Process ids of the PostgreSQL backends connected to ``database`` (the tracker store's)."""
    if not database:
        return []
    from sqlalchemy import create_engine, text

    engine = create_engine(ADMIN_URL, future=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"),
                                {"d": database}).all()
        return [int(r[0]) for r in rows if Path(f"/proc/{r[0]}").exists()]
    finally:
        engine.dispose()


def load_phase(url: str, concurrency: int, duration: float, dialogs_file: Path, pids: dict[str, int],
               out_dir: Path, name: str, database: str | None = None) -> dict:
    """One load phase from a separate process (bench/load.py), with CPU and memory sampling."""
    out = out_dir / f"load-{name}-c{concurrency}.json"
    cmd = [sys.executable, "-m", "bench.load", "--url", url, "--concurrency", str(concurrency),
           "--duration", str(duration), "--dialogs", str(dialogs_file), "--out", str(out)]
    load_before = os.getloadavg()[0]
    roles: dict[str, int | list[int]] = dict(pids)
    backends = postgres_backends(database)
    if backends:  # local PostgreSQL only: its backends are processes of this machine
        roles["postgres"] = backends
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Sampler(roles) as sampler:
        subprocess.run(cmd, cwd=PROJECT_ROOT, env=_env(None), check=True)
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.read_text())
    elapsed = max(result["elapsed_s"], 0.001)
    result["loadavg_1m_before"] = round(load_before, 2)
    result["cpu_cores"] = sampler.cpu_cores
    result["cpu_cores"]["loadgen"] = round(
        (children1.ru_utime + children1.ru_stime - children0.ru_utime - children0.ru_stime) / elapsed, 2)
    measured = sum(sampler.cpu_cores.values()) + result["cpu_cores"]["loadgen"]
    result["cpu_cores"]["other"] = round(max(0.0, sampler.machine_busy_pct / 100 * (os.cpu_count() or 1) - measured), 2)
    ours = sum(v for k, v in sampler.cpu_cores.items() if k not in ("nginx", "loadgen", "other"))
    result["cpu_ms_per_request"] = round(1000 * ours / result["throughput_rps"], 1) if result["throughput_rps"] else None
    result["machine_cpu_busy_pct"] = sampler.machine_busy_pct
    return result


@contextmanager
def stock_server(log_dir: Path, token: str) -> Iterator[tuple[str, dict[str, int], str | None]]:
    project = STOCK_DIR / "project"
    port = free_port()
    with open(log_dir / "stock-rasa.log", "w") as out:
        proc = subprocess.Popen(
            rasa_cmd("run", "--model", "models", "--port", str(port), "--enable-api", "--auth-token", token),
            cwd=project, env=_env({"RASA_TELEMETRY_ENABLED": "false"}), stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_ready(url, proc)
            yield url, {"rasa-1": proc.pid}, None
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def our_cluster(name: str, log_dir: Path, token: str) -> Iterator[tuple[str, dict[str, int], str | None]]:
    with ExitStack() as stack:
        database = None
        if name == "one":
            cluster = Cluster(log_dir, replicas=1, front=False, rasa_args=["--enable-api", "--auth-token", token])
        else:
            db_url = stack.enter_context(fresh_database(f"bench_{name.replace('-', '')}"))
            build_knowledge_base(db_url)
            stores = ProdStores(db_url)
            database = stores.rasa_env()["TRACKER_DB_NAME"]
            stack.callback(stores.clear_locks)
            cluster = Cluster(log_dir, replicas=2 if name == "two" else 1, stores=stores, kb_url=db_url)
        stack.callback(cluster.stop)
        cluster.start()
        yield cluster.url, cluster.pids(), database


class NoiseGuard:
    """The machine may be shared: before a measurement wait (a while) until other work calms down, and
    repeat a phase that was disturbed, keeping the least disturbed run — all within a time budget."""

    def __init__(self, max_other: float, budget_s: float) -> None:
        self.max_other = max_other  # CPU cores used by processes that are not part of the benchmark
        self.deadline = time.monotonic() + budget_s
        self.waited_s = 0.0

    @property
    def has_budget(self) -> bool:
        return time.monotonic() < self.deadline

    def foreign_cores(self, pids: dict[str, int], seconds: float = 2.0) -> float:
        with Sampler(pids) as sampler:
            time.sleep(seconds)
        ours = sum(sampler.cpu_cores.values())
        return max(0.0, sampler.machine_busy_pct / 100 * (os.cpu_count() or 1) - ours)

    def wait_quiet(self, pids: dict[str, int], max_wait_s: float = 45.0) -> float:
        t0 = time.monotonic()
        foreign = self.foreign_cores(pids)
        while foreign > self.max_other and self.has_budget and time.monotonic() - t0 < max_wait_s:
            foreign = self.foreign_cores(pids, 3.0)
        waited = time.monotonic() - t0
        self.waited_s += waited
        if waited > 5:
            log(f"waited {waited:.0f} s for other work on this machine to calm down (now {foreign:.2f} cores)")
        return foreign


def bench_config(name: str, args: argparse.Namespace, run_dir: Path, dialogs: dict[str, Path],
                 nlu_messages: list[str], report: dict, guard: NoiseGuard) -> None:
    log_dir = run_dir / name
    log_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    t0 = time.monotonic()
    server = stock_server(log_dir, token) if name == "stock" else our_cluster(name, log_dir, token)
    with server as (url, pids, database):
        report["startup_s"][name] = round(time.monotonic() - t0, 1)
        log(f"{name}: ready in {report['startup_s'][name]} s at {url} ({', '.join(pids)})")
        kind = "stock" if name == "stock" else "ours"
        if name in ("stock", "one"):
            guard.wait_quiet(pids)
            report["nlu_parse_ms"][kind] = bench_nlu(url, token, nlu_messages)
            log(f"{name}: NLU parse p50 {report['nlu_parse_ms'][kind]['p50']:.1f} ms")
        # warm-up (not recorded): TensorFlow graphs, connection pools, linker
        load_phase(url, 4, min(5.0, args.duration), dialogs[kind], pids, log_dir, "warmup", database)
        report["load"][name] = {}
        for concurrency in CONCURRENCY[name]:
            if args.concurrency and concurrency not in args.concurrency:
                continue
            result: dict = {}
            for attempt in range(1, args.retries + 2):
                guard.wait_quiet(pids)
                run = load_phase(url, concurrency, args.duration, dialogs[kind], pids, log_dir, name, database)
                run["attempt"] = attempt
                if not result or run["cpu_cores"]["other"] < result["cpu_cores"]["other"]:
                    result = run
                if run["cpu_cores"]["other"] <= args.max_other or attempt > args.retries or not guard.has_budget:
                    break
                log(f"{name} c={concurrency}: disturbed (other work used {run['cpu_cores']['other']} cores), repeating")
            report["load"][name][str(concurrency)] = result
            lat = result["latency_ms"]
            log(f"{name} c={concurrency}: {result['throughput_rps']} req/s, p50 {lat['p50']} p95 {lat['p95']} "
                f"p99 {lat['p99']} ms, errors {result['errors']}, cpu {result['cpu_cores']} "
                f"(machine {result['machine_cpu_busy_pct']}%)")
        report["memory_peak_mib"][name] = {role: round(peak_rss_mib(pid), 1) for role, pid in pids.items()}


# --------------------------------------------------------------------------- targets, table, chart


def targets(report: dict) -> list[dict]:
    load = report["load"]
    found: list[dict] = []

    def get(name: str, c: int, *path: str) -> float | None:
        value = load.get(name, {}).get(str(c))
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    ours, stock = get("one", 1, "latency_ms", "p95"), get("stock", 1, "latency_ms", "p95")
    if ours and stock:
        found.append({"target": "p95 at concurrency 1 within 1.5x the stock bot's", "short": f"p95@1 {ours / stock:.2f}x stock",
                      "measured": f"{ours:.0f} ms vs stock {stock:.0f} ms = {ours / stock:.2f}x",
                      "ratio": round(ours / stock, 2), "limit": 1.5, "pass": ours <= 1.5 * stock})
    two, one, one_prod = (get(n, 20, "throughput_rps") for n in ("two", "one", "one-prod"))
    if two and one:
        found.append({"target": "two replicas >= 1.5x the throughput of one at concurrency 20", "short": f"2 replicas {two / one:.2f}x @20",
                      "measured": f"{two:.1f} vs {one:.1f} req/s = {two / one:.2f}x"
                      + (f" (vs one-prod {one_prod:.1f} req/s = {two / one_prod:.2f}x)" if one_prod else ""),
                      "ratio": round(two / one, 2), "limit": 1.5, "pass": two >= 1.5 * one})
    c50 = {n: get(n, 50, "errors") for n in load if get(n, 50, "requests") is not None}
    if c50:
        found.append({"target": "no errors at concurrency 50", "short": f"{sum(e or 0 for e in c50.values())} errors @50",
                      "measured": ", ".join(f"{n}: {e} errors / {get(n, 50, 'requests')} requests" for n, e in c50.items()),
                      "pass": all(e == 0 for e in c50.values())})
    rasa_peaks = {f"{n}/{role}": mib for n, roles in report["memory_peak_mib"].items()
                  for role, mib in roles.items() if role.startswith("rasa") and n != "stock"}
    if rasa_peaks:
        worst = max(rasa_peaks, key=rasa_peaks.get)  # type: ignore[arg-type]
        found.append({"target": f"each Rasa process under 1.5 GB ({RSS_LIMIT_MIB} MiB) peak RSS", "short": f"Rasa RSS max {rasa_peaks[worst]:.0f} MiB",
                      "measured": f"max {rasa_peaks[worst]:.0f} MiB ({worst})",
                      "pass": all(v < RSS_LIMIT_MIB for v in rasa_peaks.values())})
    return found


def table(report: dict) -> str:
    lines = []
    head = (f"{'config':<9} {'conc':>4} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'cpu ms/req':>10}  cpu cores used per role (machine busy %, load avg before)")
    lines += ["Load through the REST channel (" + f"{report['meta']['phase_duration_s']:.0f} s per phase)", head, "-" * len(head)]
    for name, phases in report["load"].items():
        for c, r in phases.items():
            lat = r["latency_ms"]
            cpu = " ".join(f"{SHORT.get(k, k)} {v:.2f}" for k, v in r["cpu_cores"].items())
            lines.append(f"{name:<9} {c:>4} {r['requests']:>8} {r['errors']:>6} {r['throughput_rps']:>7.1f} "
                         f"{lat['p50'] or 0:>7.0f} {lat['p95'] or 0:>7.0f} {lat['p99'] or 0:>7.0f} {r.get('cpu_ms_per_request') or 0:>10.0f}  "
                         f"{cpu} ({r['machine_cpu_busy_pct']}%, {r.get('loadavg_1m_before')})")
    lines += ["", "Peak RSS (MiB): " + "; ".join(
        f"{n}: " + ", ".join(f"{role} {mib:.0f}" for role, mib in roles.items()) for n, roles in report["memory_peak_mib"].items())]
    lines += ["", "Latency in-process (ms)        p50      p95      p99"]
    for db, ops in report["kb_ms"].items():
        for op in ("get", "search", "link"):
            s = ops[op]
            lines.append(f"  KB {db:<8} {op:<12} {s['p50']:>8.3f} {s['p95']:>8.3f} {s['p99']:>8.3f}")
        lines.append(f"  KB {db:<8} linker build {ops['linker_build_ms']:>8.1f}")
    for kind, s in report["nlu_parse_ms"].items():
        lines.append(f"  NLU parse {kind:<15} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f}   (HTTP /model/parse)")
    tr = report["training"]
    lines += ["", "Training: " + ", ".join(
        f"{k} {v['seconds']:.0f} s (peak RSS {v.get('peak_rss_mib', 0):.0f} MiB)" for k, v in tr.items() if isinstance(v, dict) and "seconds" in v)]
    lines += ["", "Targets:"] + [f"  [{'PASS' if t['pass'] else 'FAIL'}] {t['target']}: {t['measured']}" for t in report["targets"]]
    return "\n".join(lines)


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"stock": "#888888", "one": "#1f77b4", "one-prod": "#2ca02c", "two": "#d62728"}
    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    ax_lat, ax_tp, ax_mem, ax_micro = axes.flat
    for name, phases in report["load"].items():
        cs = [int(c) for c in phases]
        ax_lat.plot(cs, [phases[str(c)]["latency_ms"]["p95"] for c in cs], "o-", color=colors[name], label=f"{name} p95")
        ax_lat.plot(cs, [phases[str(c)]["latency_ms"]["p50"] for c in cs], "s--", color=colors[name], alpha=0.6, label=f"{name} p50")
        ax_tp.plot(cs, [phases[str(c)]["throughput_rps"] for c in cs], "o-", color=colors[name], label=name)
    ax_lat.set(title="REST latency vs concurrency", xlabel="concurrent users", ylabel="ms", yscale="log")
    ax_lat.legend(fontsize=7, ncol=2)
    ax_tp.set(title="Throughput vs concurrency", xlabel="concurrent users", ylabel="requests / s")
    ax_tp.legend(fontsize=8)
    labels, values, bar_colors = [], [], []
    for name, roles in report["memory_peak_mib"].items():
        for role, mib in roles.items():
            labels.append(f"{name}\n{role}")
            values.append(mib)
            bar_colors.append(colors[name])
    ax_mem.bar(range(len(values)), values, color=bar_colors)
    ax_mem.set_xticks(range(len(values)))
    ax_mem.set_xticklabels(labels, fontsize=7, rotation=45, ha="right")
    ax_mem.axhline(RSS_LIMIT_MIB, color="red", linestyle=":", label="1.5 GB limit per Rasa process")
    ax_mem.set(title="Peak RSS per process", ylabel="MiB")
    ax_mem.legend(fontsize=8)
    micro = [(f"KB {db} {op}", ops[op]["p50"], ops[op]["p95"]) for db, ops in report["kb_ms"].items() for op in ("get", "search", "link")]
    micro += [(f"NLU parse {k}", s["p50"], s["p95"]) for k, s in report["nlu_parse_ms"].items()]
    ys = range(len(micro))
    ax_micro.barh([y + 0.2 for y in ys], [m[1] for m in micro], height=0.4, label="p50")
    ax_micro.barh([y - 0.2 for y in ys], [m[2] for m in micro], height=0.4, label="p95")
    ax_micro.set_yticks(list(ys))
    ax_micro.set_yticklabels([m[0] for m in micro], fontsize=8)
    ax_micro.set(title="Component latency", xlabel="ms (log)", xscale="log")
    ax_micro.legend(fontsize=8)
    verdict = "   ".join(f"{'PASS' if t['pass'] else 'FAIL'} {t['short']}" for t in report["targets"])
    fig.suptitle(f"baishitong bench {report['meta']['date']} ({report['meta']['cpus']} CPUs, shared)\n{verdict}", fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="办事通 benchmark (make bench)")
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 20)))
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=None,
                        help="only these concurrency levels (default: all)")
    parser.add_argument("--skip-train", action="store_true", help="do not time a cold training of our bot")
    parser.add_argument("--out", type=Path, default=OUT_JSON)
    parser.add_argument("--max-other", type=float, default=0.25,
                        help="CPU cores other work may use during a phase before it counts as disturbed")
    parser.add_argument("--retries", type=int, default=1, help="repeats of a disturbed phase (the calmest run is kept)")
    parser.add_argument("--noise-budget", type=float, default=360.0,
                        help="seconds the whole run may spend waiting for quiet and repeating phases")
    args = parser.parse_args(argv)
    configs = [c for c in args.configs.split(",") if c]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown configs {unknown}; choose from {CONFIGS}")

    from knowledge.repository import GuideRepository
    from knowledge.settings import Settings

    run_dir = RUNTIME / datetime.now().strftime("run-%Y%m%d-%H%M%S")
    run_dir.mkdir(parents=True, exist_ok=True)
    REPORTS.mkdir(exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout.strip()
    report: dict = {
        "meta": {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": commit,
            "cpus": os.cpu_count(), "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(), "phase_duration_s": args.duration, "logs": str(run_dir),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            "notes": "all processes (load generator, nginx, PostgreSQL, Redis, action server, Rasa) share this machine",
        },
        "training": {}, "kb_ms": {}, "nlu_parse_ms": {}, "startup_s": {}, "load": {}, "memory_peak_mib": {},
    }
    started = time.monotonic()

    repo = GuideRepository.from_settings(Settings.from_env())
    dialogs = build_dialogs(repo)
    messages = sample_messages(dialogs, 300)
    dialog_files = {"ours": run_dir / "dialogs-ours.json", "stock": run_dir / "dialogs-stock.json"}
    dialog_files["ours"].write_text(json.dumps(dialogs, ensure_ascii=False, indent=1), encoding="utf-8")
    dialog_files["stock"].write_text(json.dumps(STOCK_DIALOGS, indent=1), encoding="utf-8")
    log(f"{len(dialogs)} conversations ({sum(map(len, dialogs))} turns) from bot/generate/templates.yml; "
        f"e.g. {dialogs[0]}")

    if "stock" in configs:
        report["training"]["stock"] = ensure_stock()
    if not args.skip_train:
        log("training our bot cold into a temporary directory (no cache)…")
        with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
            report["training"]["ours"] = train_ours(Path(tmp))
        log(f"training: {report['training']['ours']['seconds']} s (rc {report['training']['ours']['returncode']})")

    log("knowledge-base latency (SQLite, PostgreSQL)…")
    report["kb_ms"]["sqlite"] = bench_kb(Settings.from_env().database_url, messages)
    with fresh_database("bench_kb") as db_url:
        build_knowledge_base(db_url)
        report["kb_ms"]["postgres"] = bench_kb(db_url, messages)

    guard = NoiseGuard(args.max_other, args.noise_budget)
    for name in configs:
        bench_config(name, args, run_dir, dialog_files, messages[:200], report, guard)
    report["meta"]["waited_for_quiet_s"] = round(guard.waited_s, 1)

    report["targets"] = targets(report)
    report["meta"]["total_s"] = round(time.monotonic() - started, 1)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    png = args.out.with_suffix(".png")
    chart(report, png)
    print()
    print(table(report))
    print(f"\nreport: {args.out.relative_to(PROJECT_ROOT) if args.out.is_relative_to(PROJECT_ROOT) else args.out}, chart: {png.name}; "
          f"logs: {run_dir.relative_to(PROJECT_ROOT)}; {report['meta']['total_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
