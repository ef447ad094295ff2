"""Django's Redis cache with one client per connection pool instead of one per call.

Django builds a `redis.Redis` for every cache operation; its constructor fills a table of
some 170 response callbacks each time, which cost a cached page about a third of a
millisecond (two or three operations a page). A client is safe to share between
threads, and its pool hands out connections per command and renews them after a fork.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's private attributes, which the stubs leave out
        index = django._get_connection_pool_index(write)  # reads may pick among replicas
        client = self._clients.get(index)
        if client is None:
            pools = django._pools
            if index not in pools:
                pools[index] = django._pool_class.from_url(
                    django._servers[index], **django._pool_options
                )
            client = self._clients[index] = django._client(connection_pool=pools[index])
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient
