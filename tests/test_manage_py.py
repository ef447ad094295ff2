"""`python manage.py` in a checkout without DATABASE_URL / REDIS_URL uses embedded servers."""

import os
import shutil
import subprocess
import sys

import psutil
import pytest

from tests.conftest import BASE_DIR

pytestmark = pytest.mark.slow


@pytest.fixture
def var_dir():
    path = BASE_DIR / "var" / f"manage-{os.getpid()}"  # not tmp_path: see test_make_run
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_bare_manage_py_starts_and_stops_embedded_servers(var_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PAPERS_VAR_DIR"] = str(var_dir)

    result = subprocess.run(
        [sys.executable, "manage.py", "showmigrations", "papers"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr[-2000:]
    assert "0001_initial" in result.stdout
    leftovers = [
        p for p in psutil.process_iter(["cmdline"])
        if any(str(var_dir) in part for part in p.info["cmdline"] or ())
    ]  # fmt: skip
    assert psutil.wait_procs(leftovers, timeout=20)[1] == []
