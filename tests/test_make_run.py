"""`make run` end to end: embedded servers, web, worker, beat, demo data, clean stop."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import psutil
import pytest

from tests.conftest import BASE_DIR

pytestmark = pytest.mark.slow
STARTUP_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_healthy(base_url: str, process: subprocess.Popen) -> dict:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    report = {}
    while time.monotonic() < deadline:
        assert process.poll() is None, "make run exited early"
        try:
            status, body = fetch(f"{base_url}/healthz")
            report = json.loads(body)
            if status == 200:
                return report
        except (OSError, ValueError):
            pass
        time.sleep(1)
    pytest.fail(f"/healthz never reported everything up: {report}")


def started_processes(root: psutil.Process, var_dir) -> list[psutil.Process]:
    """The process tree of `make run`, plus the daemons it left its own tree for."""
    found = {p.pid: p for p in root.children(recursive=True)}
    for proc in psutil.process_iter(["cmdline"]):
        if any(str(var_dir) in part for part in proc.info["cmdline"] or ()):
            found[proc.pid] = proc
    return list(found.values())


@pytest.fixture
def var_dir():
    # Under the project, not tmp_path: pytest keeps /tmp/pytest-of-<user> private
    # (0700), and the embedded PostgreSQL runs as its own user when we are root.
    path = BASE_DIR / "var" / f"smoke-{os.getpid()}"
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_make_run_serves_the_demo_site_and_stops_cleanly(tmp_path, var_dir):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PAPERS_VAR_DIR=str(var_dir), PORT=str(port), DJANGO_DEBUG="true")
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        ["make", "run"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        report = wait_until_healthy(base_url, process)
        assert report["checks"]["worker"]["ok"] is True
        status, page = fetch(f"{base_url}/")
        for _ in range(60):  # the demo load is asynchronous: wait for the worker
            if b"An LLM Compiler for Parallel Function Calling" in page:
                break
            time.sleep(1)
            status, page = fetch(f"{base_url}/")
        assert status == 200
        assert b"An LLM Compiler for Parallel Function Calling" in page
        children = started_processes(psutil.Process(process.pid), var_dir)
        names = " ".join(" ".join(p.cmdline()) for p in children)
        for expected in ("runserver", "worker", "beat", "postgres", "redis-server"):
            assert expected in names
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        process.wait(60)
        log.close()

    output = (tmp_path / "run.log").read_text()
    assert "Demo staff account: username=editor password=" in output
    _gone, leftovers = psutil.wait_procs(children, timeout=20)
    assert leftovers == [], output[-3000:]
