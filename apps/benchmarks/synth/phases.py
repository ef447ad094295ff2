"""Wall-clock and CPU seconds per phase of a load, the database server's CPU included.

The machine is shared: CPU seconds say what a phase costs when it has the
cores to itself. The server's are read from /proc for a server on this machine
(the embedded one), else left out; parallel index-build workers are not counted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection


@dataclass
class SynthResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, dict[str, float]] = field(default_factory=dict)


class Phases:
    """`with phases("papers"): ...` times the block into the result and reports it."""

    def __init__(self, result: SynthResult, report: Callable[[str], object]) -> None:
        self.result = result
        self.report = report
        self.server_stat = _server_stat()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started, client, server = time.perf_counter(), _client_cpu(), self._server_cpu()
        yield
        seconds = self.result.seconds[name] = round(time.perf_counter() - started, 2)
        cpu = {"client": round(_client_cpu() - client, 2)}
        if server is not None:
            cpu["server"] = round((self._server_cpu() or 0.0) - server, 2)
        self.result.cpu_seconds[name] = cpu
        used = ", ".join(f"{where} {value:.1f}" for where, value in cpu.items())
        self.report(f"{name}: {seconds:.1f} s (CPU s: {used})")

    def _server_cpu(self) -> float | None:
        if self.server_stat is None:
            return None
        try:
            fields = self.server_stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _server_stat() -> Path | None:
    """/proc's stat file of this connection's server process, if it runs on this machine."""
    host = connection.settings_dict.get("HOST") or ""
    if host and not host.startswith("/") and host not in ("localhost", "127.0.0.1", "::1"):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        is_postgres = b"postgres" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return Path(f"/proc/{pid}/stat") if is_postgres else None
