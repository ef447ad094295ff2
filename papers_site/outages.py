"""What counts as an outage rather than a bug: PostgreSQL or Redis unreachable.

A request that meets one answers 503 with Retry-After (the site's page, or the API's
JSON error), not 500: in-flight requests during a restart fail that way, and the next
ones succeed without restarting anything (the connection pools replace broken
connections). Shared by the URLconf's handler500 and the API's exception handler.
"""

from django.db import InterfaceError, OperationalError
from redis import RedisError

OUTAGE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, RedisError)
RETRY_AFTER_SECONDS = 30
