"""The load benchmark's figures, from the driver's records and the CPU samples."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

COLUMNS = (
    f"{'scenario':<16} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
    f"{'queries':>7}  cpu ms/request (web + PostgreSQL)"
)


@dataclass(frozen=True)
class Cpu:
    """CPU seconds spent during a scenario; None where the processes were out of sight."""

    web: float
    database: float | None

    def __sub__(self, earlier: Cpu) -> Cpu:
        if self.database is None or earlier.database is None:
            return Cpu(self.web - earlier.web, None)
        return Cpu(self.web - earlier.web, self.database - earlier.database)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def succeeded(status: int) -> bool:
    return 200 <= status < 400


def scenario_figures(run: dict[str, Any], cpu: Cpu) -> dict[str, Any]:
    """Throughput, latency, errors and queries over the measured window; CPU per request.

    CPU was sampled around the whole run, warm-up included, so it is shared
    among all the run's requests.
    """
    duration = run["duration"]
    measured = [r for r in run["records"] if 0 <= r["t"] < duration]
    times = [r["ms"] for r in measured]
    queries = [r["queries"] for r in measured if r["queries"] is not None]
    failures = Counter(str(r["status"]) for r in measured if not succeeded(r["status"]))
    total = len(run["records"])

    def per_request(seconds: float | None) -> float | None:
        return round(seconds * 1000 / total, 2) if seconds is not None and total else None

    return {
        "requests": len(measured),
        "requests_per_second": round(len(measured) / duration, 1),
        "p50_ms": round(percentile(times, 50), 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
        "p99_ms": round(percentile(times, 99), 1) if times else None,
        "errors": sum(failures.values()),
        "error_statuses": dict(failures),
        "queries_per_request": round(statistics.fmean(queries), 1) if queries else None,
        "cpu_ms_per_request": {
            "web": per_request(cpu.web),
            "database": per_request(cpu.database),
            "total": per_request(cpu.web + cpu.database if cpu.database is not None else None),
        },
    }


def _number(value: float | None, width: int) -> str:
    return f"{'n/a' if value is None else value:>{width}}"


def figures_row(name: str, figures: dict[str, Any]) -> str:
    cpu = figures["cpu_ms_per_request"]
    split = f"{_number(cpu['web'], 0)} + {_number(cpu['database'], 0)}"
    return (
        f"{name:<16} {figures['requests_per_second']:>7} {_number(figures['p50_ms'], 7)} "
        f"{_number(figures['p95_ms'], 7)} {_number(figures['p99_ms'], 7)} "
        f"{figures['errors']:>6} {_number(figures['queries_per_request'], 7)}  "
        f"{_number(cpu['total'], 0)} ({split})"
    )


@dataclass
class VoteTally:
    """What the server acknowledged, in the order each user sent it."""

    up: int = 0
    remove: int = 0
    # (username, paper id) -> whether the last acknowledged action left a vote.
    expected: dict[tuple[str, str], bool] = field(default_factory=dict)
    # Pairs whose last request failed in a way that may have changed them (5xx, no answer).
    uncertain: set[tuple[str, str]] = field(default_factory=set)

    @property
    def present(self) -> set[tuple[str, str]]:
        return {pair for pair, voted in self.expected.items() if voted}


def vote_tally(runs: Iterable[dict[str, Any]]) -> VoteTally:
    tally = VoteTally()
    for run in runs:
        for record in run["records"]:
            if not record["vote"]:
                continue
            paper_id, action = record["vote"]
            pair = (record["user"], paper_id)
            status = record["status"]
            if 200 <= status < 300:
                tally.expected[pair] = action == "up"
                tally.uncertain.discard(pair)
                if action == "up":
                    tally.up += 1
                else:
                    tally.remove += 1
            elif status == 0 or status >= 500:
                tally.uncertain.add(pair)
    return tally
