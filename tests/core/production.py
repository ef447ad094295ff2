"""Settings as production imports them: a subprocess with production's environment."""

import json
import os
import subprocess
import sys

from tests.conftest import BASE_DIR

# What a deployment behind a TLS-terminating proxy sets (README, Production).
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9vLr2mZs8Tn4wYc6Bd1Hf5Jg0Ka3" * 2,
    "DJANGO_ALLOWED_HOSTS": "papers.example.org",
    "DJANGO_BEHIND_PROXY": "true",
}
# The test run's own choices, which production leaves to the defaults.
TEST_ONLY = ("DJANGO_HTTPS", "DJANGO_SECURE_COOKIES", "SENTRY_DSN", "LOG_FORMAT")


def production_env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(PRODUCTION_ENV)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def production_settings(*names: str, **env_changes: str | None) -> dict:
    """The named settings, as production's environment (with `env_changes`) makes them."""
    code = (
        "import json, papers_site.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, production_env(**env_changes))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
