"""Memory and CPU of processes from /proc (psutil is not a dependency)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _kib(value: str | None) -> int:
    return int(value.split()[0]) if value else 0


def tree(pid: int) -> list[int]:
    """The process and all its live descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def rss_mib(pid: int) -> float:
    """Resident memory of the process tree now, MiB."""
    return sum(_kib(_status(p).get("VmRSS")) for p in tree(pid)) / 1024


def peak_rss_mib(pid: int) -> float:
    """Peak resident memory (VmHWM) since start: the process itself plus the peaks of live children, MiB."""
    return sum(_kib(_status(p).get("VmHWM")) for p in tree(pid)) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process tree so far."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return total - idle, total


class Sampler:
    """Samples RSS of named process trees every ``interval`` s; CPU use between start and stop.

    A role is one process (with its children) or several (e.g. the PostgreSQL backends serving a database).
    """

    def __init__(self, pids: dict[str, int | list[int]], interval: float = 0.5) -> None:
        self.pids = {name: ([p] if isinstance(p, int) else list(p)) for name, p in pids.items()}
        self.interval = interval
        self.max_rss: dict[str, float] = {name: 0.0 for name in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, group in self.pids.items():
                self.max_rss[name] = max(self.max_rss[name], sum(rss_mib(p) for p in group))
            self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._cpu0 = {name: sum(map(cpu_seconds, group)) for name, group in self.pids.items()}
        self._machine0 = machine_cpu()
        self._t0 = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        elapsed = time.monotonic() - self._t0
        self.cpu_cores = {
            name: round((sum(map(cpu_seconds, group)) - self._cpu0[name]) / elapsed, 2)
            for name, group in self.pids.items()
        }
        busy0, total0 = self._machine0
        busy1, total1 = machine_cpu()
        self.machine_busy_pct = round(100 * (busy1 - busy0) / max(1, total1 - total0), 1)
