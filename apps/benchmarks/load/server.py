"""The site in production mode for the load benchmark: gunicorn, signing in, CPU and memory."""

from __future__ import annotations

import contextlib
import http.client
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import psutil
from django.contrib.staticfiles import finders

from papers_site.dev.run import stop_all
from papers_site.dev.services import BASE_DIR

from .scenarios import Session

GUNICORN_CONFIG = BASE_DIR / "papers_site" / "gunicorn.conf.py"
STARTUP_TIMEOUT = 120.0
# allauth allows 30 sign-ins a minute from one address; past that, wait and retry.
SIGN_IN_PATIENCE = 120.0
UNTHROTTLED = "1000000/second"  # the API's throttles still run (Redis), and never refuse


class BenchError(Exception):
    pass


def web_environment(
    base: dict[str, str],
    *,
    database_url: str,
    redis_url: str,
    workers: int,
    static_root: Path,
    application_name: str,
) -> dict[str, str]:
    """Production settings (no debug, a fresh secret key, WhiteNoise's manifest), over http.

    Besides: X-Queries on, the API's throttle rates out of reach, workers not
    recycled (unless GUNICORN_MAX_REQUESTS says otherwise) so the memory at the end
    is that of workers which served every scenario, and the database sessions
    named `application_name` so their backends can be found.
    """
    return {
        **base,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_HTTPS": "false",  # plain http on the loopback: no redirect, no secure cookies
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": str(workers),
        "PAPERS_QUERY_COUNT_HEADER": "1",
        "PGAPPNAME": application_name,
        "GUNICORN_MAX_REQUESTS": base.get("GUNICORN_MAX_REQUESTS", "0"),
        **{f"API_THROTTLE_{kind}": UNTHROTTLED for kind in ("ANON", "USER", "WRITE")},
        # Sixteen clients voting and saving as fast as they can are the point, not abuse.
        "RATE_LIMIT_VOTE": "1000000/m/user,1000000/m/ip",
        "RATE_LIMIT_LIST_WRITE": "1000000/m/user,1000000/d/user",
        "RATE_LIMIT_LOGIN": "1000000/m/ip",
    }


def collect_static(env: dict[str, str], log: IO[str]) -> bool:
    """Collect (and compress) the static files unless the manifest is newer than all of them.

    Compressing them takes a minute on a busy 2-core machine: not every run.
    """
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    if manifest.exists() and _newest_static_file() < manifest.stat().st_mtime:
        return False
    command = [sys.executable, "manage.py", "collectstatic", "--noinput"]
    result = subprocess.run(command, env=env, cwd=BASE_DIR, stdout=log, stderr=log)
    if result.returncode:
        raise BenchError(f"collectstatic failed ({result.returncode}); see {log.name}")
    return True


def _newest_static_file() -> float:
    return max(
        (
            Path(storage.path(path)).stat().st_mtime
            for finder in finders.get_finders()
            for path, storage in finder.list(["CVS", ".*", "*~"])  # collectstatic's defaults
        ),
        default=0.0,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_start(env: dict[str, str], port: int, log: IO[str]) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn",
        "--config", str(GUNICORN_CONFIG), "--bind", f"127.0.0.1:{port}",
        "--no-control-socket",  # one path per user: it would clash with another gunicorn's
    ]  # fmt: skip
    # Its own session: Ctrl-C reaches the benchmark, which stops the server in order.
    return subprocess.Popen(
        command, env=env, cwd=BASE_DIR, stdout=log, stderr=log, start_new_session=True
    )


def wait_until_serving(base_url: str, process: subprocess.Popen, workers: int) -> dict:
    """Until /healthz answers with the database and Redis up (no Celery worker here: 503)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
                report = json.load(response)
        except urllib.error.HTTPError as error:
            report = json.load(error)
        except (OSError, ValueError):
            time.sleep(0.5)
            continue
        checks = report["checks"]
        if not (checks["database"]["ok"] and checks["redis"]["ok"]):
            raise BenchError(f"the web server cannot reach its services: {checks}")
        if len(psutil.Process(process.pid).children()) >= workers:
            return report
        time.sleep(0.5)
    raise BenchError(f"gunicorn did not serve within {STARTUP_TIMEOUT:.0f} s")


def sign_in(base_url: str, username: str, password: str) -> Session:
    """Through allauth's form, as a browser does; the cookies are the session."""
    host, port = base_url.removeprefix("http://").split(":")
    deadline = time.monotonic() + SIGN_IN_PATIENCE
    while True:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            cookies = SimpleCookie()
            _exchange(connection, "GET", "/accounts/login/", cookies, {})
            csrf = cookies["csrftoken"].value
            form = {"login": username, "password": password, "csrfmiddlewaretoken": csrf}
            headers = {
                "Cookie": f"csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            response = _exchange(connection, "POST", "/accounts/login/", cookies, headers, form)
        finally:
            connection.close()
        if response.status == 429 and time.monotonic() < deadline:
            time.sleep(2)
            continue
        location = response.getheader("Location", "")
        if response.status != 302 or "sessionid" not in cookies or "confirm" in location:
            raise BenchError(
                f"{username} could not sign in ({response.status} {location or 'no redirect'}): "
                "created earlier with another --password?"
            )
        csrf = cookies["csrftoken"].value
        cookie = f"sessionid={cookies['sessionid'].value}; csrftoken={csrf}"
        return {"username": username, "cookie": cookie, "csrf_token": csrf}


def _exchange(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    cookies: SimpleCookie,
    headers: dict[str, str],
    form: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    connection.request(method, path, urlencode(form) if form else None, headers)
    response = connection.getresponse()
    response.read()
    for header in response.headers.get_all("Set-Cookie") or ():
        cookies.load(header)
    return response


def stop_process(name: str, process: subprocess.Popen) -> None:
    """SIGTERM to its group (gunicorn's workers finish their requests), then SIGKILL."""
    stop_all([(name, process)])


def own_cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def reaped_cpu_seconds(process: psutil.Process) -> float:
    """CPU of the children it has reaped (gunicorn's recycled workers, exited backends)."""
    times = process.cpu_times()
    return times.children_user + times.children_system


def web_cpu_seconds(master: psutil.Process) -> float:
    """The gunicorn master, its live workers and those that exited."""
    return (
        own_cpu_seconds(master) + reaped_cpu_seconds(master) + _live_cpu_seconds(master.children())
    )


def database_cpu_seconds(backend_pids: Iterable[int], postmaster: psutil.Process) -> float:
    """The web's backends (and their parallel workers), plus every backend that exited."""
    return reaped_cpu_seconds(postmaster) + _live_cpu_seconds(backend_pids)


def _live_cpu_seconds(processes: Iterable[psutil.Process | int]) -> float:
    total = 0.0
    for process in processes:
        # One that exited between the listing and now: its parent has its time.
        with contextlib.suppress(psutil.NoSuchProcess):
            total += own_cpu_seconds(
                process if isinstance(process, psutil.Process) else psutil.Process(process)
            )
    return total


def worker_memory(master: psutil.Process) -> list[dict[str, int | float]]:
    """Each live worker's resident memory and the part of it no other process shares."""
    workers = []
    for worker in master.children():
        try:
            memory = worker.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        workers.append({"pid": worker.pid, "rss_mb": _mb(memory.rss), "unique_mb": _mb(memory.uss)})
    return workers


def _mb(size: int) -> float:
    return round(size / 2**20, 1)
