"""Sessions in PostgreSQL, read through the cache (Django's `cached_db`), failing open.

A signed-in page reads its session from Redis instead of a query. Redis being down only
means reading PostgreSQL, as the plain database store does: Django's `cached_db` already
survives a failed read and a failed write after saving, not a failed refill after a
read or a failed check that a new key is free. Deleting (signing out) drops the cached
copy first and raises while Redis is down (a 503, papers_site.outages), leaving the row
too: Django's order, row first, would leave a copy that outlives the sign-out in a
Redis that comes back.
"""

import logging
from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from redis import RedisError

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self) -> dict[str, Any]:
        django: Any = self  # Django's private attributes, which the stubs leave out
        try:
            data = django._cache.get(self.cache_key)
        except Exception:
            logger.warning("sessions: cache unavailable, reading the database", exc_info=True)
            data, cache_up = None, False
        else:
            cache_up = True
        if data is not None:
            return data
        session = django._get_session_from_db()
        if not session:
            return {}
        data = self.decode(session.session_data)
        if cache_up:
            try:
                age = self.get_expiry_age(expiry=session.expire_date)
                django._cache.set(self.cache_key, data, age)
            except Exception:
                logger.warning("sessions: cache unavailable", exc_info=True)
        return data

    def exists(self, session_key: str) -> bool:
        try:
            return super().exists(session_key)
        except Exception:  # the cache's check failed: the database's answers
            logger.warning("sessions: cache unavailable", exc_info=True)
            return DBStore.exists(self, session_key)

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        if key is None:
            return
        django: Any = self
        django._cache.delete(self.cache_key_prefix + key)
        DBStore.delete(self, key)

    def cycle_key(self) -> None:
        """Signing in moves the data to a new key; the old key's cached copy holds only
        what the visitor had before (no sign-in), harmless if a dead cache keeps it."""
        try:
            super().cycle_key()
        except RedisError:
            logger.warning("sessions: could not drop the old key from the cache", exc_info=True)
