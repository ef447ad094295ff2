"""Settings that cannot work are refused at start-up, saying why."""

import os
import subprocess
import sys

from tests.conftest import BASE_DIR


def import_settings(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import papers_site.settings as s; print(s.CELERY_TASK_TIME_LIMIT)"],
        cwd=BASE_DIR, env={**os.environ, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_task_time_limits_default_below_the_visibility_timeout():
    result = import_settings(BROKER_VISIBILITY_TIMEOUT="100")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "80"


def test_a_time_limit_the_visibility_timeout_does_not_allow_is_an_error_saying_why():
    result = import_settings(BROKER_VISIBILITY_TIMEOUT="50", CELERY_TASK_TIME_LIMIT="600")

    assert result.returncode != 0
    assert "CELERY_TASK_TIME_LIMIT (600) < BROKER_VISIBILITY_TIMEOUT (50)" in result.stderr
    assert "handed to a second worker" in result.stderr
