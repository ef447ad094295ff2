"""Start embedded PostgreSQL / Redis before pytest-django reads the settings.

Loaded with `-p papers_site.dev.pytest_plugin` (pyproject.toml). Where
DATABASE_URL / REDIS_URL are set, it starts nothing. xdist workers inherit
the controller's environment, so only the controller starts servers; each
worker gets a Redis database of its own (the given db number + its index).
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from papers_site.dev.services import start_services

MAX_REDIS_DB = 15  # a default Redis has 16 databases


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    os.environ.setdefault("DJANGO_DEBUG", "true")  # plain static storage; tests run with DEBUG off
    os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
    # Live servers and the test client speak plain http: no redirect to https, no HSTS.
    os.environ.setdefault("DJANGO_HTTPS", "false")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        services = start_services(profile="test", durable=False)
        os.environ.update(services.env)
        early_config.add_cleanup(services.stop)
    else:
        os.environ["REDIS_URL"] = _redis_db_for_worker(os.environ["REDIS_URL"], worker)
        os.environ["CACHE_KEY_PREFIX"] = f"test-{worker}"


def _redis_db_for_worker(url: str, worker: str) -> str:
    parts = urlsplit(url)
    base_db = int(parts.path.lstrip("/") or 0)
    db = base_db + 1 + int(worker.removeprefix("gw"))
    if db > MAX_REDIS_DB:
        raise pytest.UsageError(
            f"xdist worker {worker} would need Redis db {db} (a default Redis has 0-15): "
            "lower the base db in REDIS_URL or run fewer workers (make caps them at 4)"
        )
    return urlunsplit(parts._replace(path=f"/{db}"))
