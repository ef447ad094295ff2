import json
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import call_command

DATA = Path(__file__).resolve().parent.parent / "data"


def data_path(name: str) -> str:
    return str(DATA / name)


def data_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def clear_http_cache() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter("*ingest:http:*")) + list(client.scan_iter("ingest:next-*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def fast_ingest(settings):
    """No 3-second spacing or real backoff in tests, and no page cached by an earlier test."""
    settings.INGEST_RATE_LIMIT_SECONDS = 0
    settings.INGEST_HTTP_BACKOFF_SECONDS = 0.01
    settings.INGEST_HTTP_RETRIES = 2
    clear_http_cache()
    yield
    clear_http_cache()


@pytest.fixture
def ingest_cli(capsys):
    """Run `manage.py ingest ...`; return (exit code, the JSON line)."""

    def run(*args: str) -> tuple[int, dict]:
        code = 0
        try:
            call_command("ingest", *args)
        except SystemExit as exc:  # pragma: no cover - argparse errors
            code = exc.code or 1
        except Exception as exc:
            if type(exc).__name__ != "CommandError":
                raise
            code = 1
        lines = capsys.readouterr().out.strip().splitlines()
        return code, json.loads(lines[-1])

    return run
