"""`make run`: the whole site on one machine, until Ctrl-C.

Starts embedded PostgreSQL / Redis where DATABASE_URL / REDIS_URL are unset,
migrates, starts the web server, a Celery worker and Celery beat, loads the
demo papers through the ingest task if the database is empty, prints the demo
staff account, and on Ctrl-C (or SIGTERM) stops everything it started.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import NoReturn

from papers_site.dev.services import BASE_DIR, VAR_DIR, start_services

PYTHON = sys.executable
CELERY = [PYTHON, "-m", "celery", "-A", "papers_site"]
STOP_GRACE_SECONDS = 15
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Stop(Exception):
    pass


def raise_stop(signum: int, frame: FrameType | None) -> NoReturn:
    raise Stop(signal.Signals(signum).name)


def _start(name: str, argv: list[str], env: dict[str, str]) -> tuple[str, subprocess.Popen]:
    # Own session each: Ctrl-C reaches only this launcher, which then stops each
    # child's whole process group (runserver's reloader, Celery's pool).
    print(f"[run] starting {name}: {' '.join(argv[1:])}", flush=True)
    return name, subprocess.Popen(argv, env=env, cwd=BASE_DIR, start_new_session=True)


def stop_all(children: list[tuple[str, subprocess.Popen]]) -> None:
    for _name, process in children:
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, process in children:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"[run] {name} ignored SIGTERM; killing it", flush=True)
        # The group may outlive its leader (pool processes): make sure it is gone.
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def stop_with_parent() -> None:
    """Get SIGTERM when `make` dies (it does not forward signals), so nothing is orphaned."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main() -> int:
    signal.signal(signal.SIGINT, raise_stop)
    signal.signal(signal.SIGTERM, raise_stop)
    stop_with_parent()
    children: list[tuple[str, subprocess.Popen]] = []
    services = None
    try:
        services = start_services(profile="run")
        env = {**os.environ, **services.env}
        env.setdefault("DJANGO_DEBUG", "true")
        env.setdefault("DJANGO_HTTPS", "false")  # plain http, even with DJANGO_DEBUG=false
        host, port = env.get("HOST", "127.0.0.1"), env.get("PORT", "8000")
        manage = [PYTHON, "manage.py"]

        subprocess.run([*manage, "migrate", "--noinput"], env=env, cwd=BASE_DIR, check=True)
        children.append(_start("web", [*manage, "runserver", f"{host}:{port}"], env))
        children.append(
            _start(
                "worker",
                [*CELERY, "worker", "--loglevel=INFO", "--concurrency=2",
                 "--queues",
                 env.get("CELERY_WORKER_QUEUES", "default,ingest,tagging,mail,recommend")],
                env,
            )
        )  # fmt: skip
        beat_schedule = VAR_DIR / "celerybeat-schedule"
        children.append(
            _start("beat", [*CELERY, "beat", "--loglevel=INFO", "-s", str(beat_schedule)], env)
        )
        subprocess.run([*manage, "seed_demo"], env=env, cwd=BASE_DIR, check=True)
        print(
            f"[run] the site is up at http://{host}:{port}/ (Ctrl-C stops everything)", flush=True
        )
        while True:
            for name, process in children:
                if process.poll() is not None:
                    print(f"[run] {name} exited with {process.returncode}; stopping", flush=True)
                    return 1
            time.sleep(0.5)
    except Stop as stop:
        print(f"[run] {stop}: stopping", flush=True)
        return 0
    except subprocess.CalledProcessError as exc:
        print(f"[run] {' '.join(map(str, exc.cmd))} failed with {exc.returncode}", flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_all(children)
        if services is not None:
            services.stop()
        print("[run] stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
