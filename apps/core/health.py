"""Reachability checks for /healthz: each returns (ok, detail)."""

import redis
from django.conf import settings
from django.db import connection

from papers_site.celery import app as celery_app

TIMEOUT_SECONDS = 1.0


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "reachable"


def check_redis() -> tuple[bool, str]:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
        )
        client.ping()
    except redis.RedisError as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "reachable"


def check_worker() -> tuple[bool, str]:
    try:
        replies = celery_app.control.ping(timeout=TIMEOUT_SECONDS)
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    if not replies:
        return False, "no Celery worker answered"
    return True, f"{len(replies)} worker(s) answered"


def health_report() -> tuple[bool, dict]:
    checks = {"database": check_database(), "redis": check_redis()}
    # Worker pings travel through the broker: pointless when Redis is down.
    checks["worker"] = check_worker() if checks["redis"][0] else (False, "broker unreachable")
    healthy = all(ok for ok, _ in checks.values())
    return healthy, {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
