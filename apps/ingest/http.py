"""The one HTTP client every ingest request goes through.

Timeouts, a User-Agent naming the site, retries with exponential backoff on
429, 5xx and network errors (honouring Retry-After), the per-host rate limit
shared by all workers, a size cap, and a same-day cache: asking again for a URL
on the same UTC day is answered from Redis without contacting the upstream.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from datetime import UTC, datetime, timedelta

import httpx
from django.conf import settings
from django.core.cache import cache

from .documents import FeedError
from .ratelimit import wait_for_slot

logger = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_client: httpx.Client | None = None
_client_pid: int | None = None


class FetchError(FeedError):
    """The upstream could not be reached or refused, after the retries."""


def user_agent() -> str:
    return f"{settings.SITE_NAME}-ingest/1.0 (+{settings.SITE_URL})"


def _shared_client() -> httpx.Client:
    global _client, _client_pid
    if _client is None or _client_pid != os.getpid():  # never share sockets across a fork
        _client = httpx.Client(
            timeout=httpx.Timeout(
                settings.INGEST_HTTP_READ_TIMEOUT, connect=settings.INGEST_HTTP_CONNECT_TIMEOUT
            ),
            headers={"User-Agent": user_agent()},
            follow_redirects=True,
        )
        _client_pid = os.getpid()
    return _client


def http_get(url: str, params: dict | None = None) -> bytes:
    """The body of a successful GET; FetchError after the retries run out."""
    full_url = _full_url(url, params)
    key = _cache_key(full_url)
    cached = cache.get(key)
    if cached is not None:
        return cached
    attempts = settings.INGEST_HTTP_RETRIES + 1
    for attempt in range(attempts):
        wait_for_slot(full_url)
        try:
            status, body, retry_after = _get(full_url)
        except httpx.TransportError as exc:
            problem, retry_after = f"{type(exc).__name__}: {exc}", None
        else:
            if status < 400:
                cache.set(key, body, timeout=_seconds_left_today())
                return body
            problem = f"HTTP {status}"
            if status not in RETRY_STATUSES:
                raise FetchError(f"GET {full_url} answered {problem}")
        if attempt + 1 < attempts:
            delay = _backoff(attempt, retry_after)
            logger.warning("GET %s: %s; retrying in %.1f s", full_url, problem, delay)
            time.sleep(delay)
    raise FetchError(f"GET {full_url} failed after {attempts} attempts: {problem}")


def http_forget(url: str, params: dict | None = None) -> None:
    """Drop a cached body that turned out unreadable, so the next run asks again."""
    cache.delete(_cache_key(_full_url(url, params)))


def _full_url(url: str, params: dict | None) -> str:
    # httpx.URL(url, params=None) would drop the URL's own query string.
    return str(httpx.URL(url, params=params)) if params else url


def _get(url: str) -> tuple[int, bytes, str | None]:
    limit = settings.INGEST_HTTP_MAX_BYTES
    with _shared_client().stream("GET", url) as response:
        if response.status_code >= 400:
            return response.status_code, b"", response.headers.get("Retry-After")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"GET {url}: the response is larger than {limit} bytes")
            chunks.append(chunk)
        return response.status_code, b"".join(chunks), None


def _backoff(attempt: int, retry_after: str | None) -> float:
    delay = settings.INGEST_HTTP_BACKOFF_SECONDS * 2**attempt
    if retry_after and retry_after.strip().isdigit():
        delay = max(delay, float(retry_after))
    return min(delay, settings.INGEST_HTTP_MAX_BACKOFF_SECONDS)


def _cache_key(full_url: str) -> str:
    day = datetime.now(UTC).date().isoformat()
    return f"ingest:http:{day}:{hashlib.sha256(full_url.encode()).hexdigest()}"


def _seconds_left_today() -> int:
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
    return max(60, int((midnight - now).total_seconds()))
