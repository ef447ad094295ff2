"""At most one request per interval to each upstream host, across every process.

Redis keeps, per host, the earliest time the next request may start. One
atomic script books the next free slot and says how long to wait for it, so
workers on several machines queue up fairly instead of polling.
"""

import time
from urllib.parse import urlsplit

import redis
from django.conf import settings

_BOOK_SLOT = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local next_free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, next_free)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], slot + interval, 'PX', slot - now + interval + 1000)
return slot - now
"""
_client: redis.Redis | None = None


def _redis() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=10)
    return _client


def wait_for_slot(url: str, *, interval: float | None = None) -> float:
    """Sleep until this process may send a request to the URL's host; return the wait."""
    seconds = settings.INGEST_RATE_LIMIT_SECONDS if interval is None else interval
    if seconds <= 0:
        return 0.0
    host = urlsplit(url).netloc.lower()
    key = f"ingest:next-request:{host}"
    wait_ms = int(_redis().eval(_BOOK_SLOT, 1, key, int(seconds * 1000)))
    if wait_ms > 0:
        time.sleep(wait_ms / 1000)
    return wait_ms / 1000
