"""The cache reuses one Redis client per server instead of building one per call."""

from django.core.cache import cache


def test_every_call_shares_one_client_and_still_talks_to_redis():
    first = cache._cache.get_client(None, write=True)

    cache.set("client-check", 41)

    assert cache._cache.get_client(None, write=True) is first
    assert cache._cache.get_client(None) is first  # one server: reads use it too
    assert cache.incr("client-check") == 42
