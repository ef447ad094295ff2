"""Rate limits, counted in the Redis cache: per IP for anonymous callers, per user
for signed-in ones, and a stricter budget shared by all writes.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings, env-configurable)
and are read on each request, so a settings override takes effect at once. Votes also
count against the site's vote limit (RATE_LIMITS["vote"]), shared with the vote button.

Without Redis nothing can be counted: reads go through unthrottled (they are what the
API is for, and PostgreSQL answers them), writes are refused with a 503 until it is
back, so nobody writes at an unlimited rate meanwhile.
"""

import logging
from typing import TYPE_CHECKING

from redis import RedisError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from apps.accounts.ratelimit import rate_limit_consume

if TYPE_CHECKING:  # APIView's class body loads these throttles
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)


class ThrottleUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "throttle_unavailable"
    wait = 30  # DRF's handler sends it as Retry-After
    default_detail = (
        "Writes are paused: their rate limits cannot be counted right now (the cache "
        "is unreachable). Try again in a minute."
    )


class _Throttle(SimpleRateThrottle):
    scope: str

    def allow_request(self, request: Request, view: "APIView") -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError:
            if request.method in SAFE_METHODS:
                logger.warning("API throttle %s: Redis unavailable, read let through", self.scope)
                return True
            logger.error("API throttle %s: Redis unavailable, write refused", self.scope)
            raise ThrottleUnavailable() from None

    def get_rate(self) -> str | None:
        # The stubs type the rates as numbers; DRF's are "number/period" strings.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]


class AnonThrottle(_Throttle):
    scope = "anon"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_Throttle):
    scope = "user"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class WriteThrottle(_Throttle):
    scope = "write"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if request.method in SAFE_METHODS:
            return None
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class VoteThrottle(BaseThrottle):
    """The site's vote limit (apps.accounts.ratelimit), counted with the vote button's."""

    scope = "vote"

    def allow_request(self, request: Request, view: "APIView") -> bool:
        # DRF has authenticated the caller and set the user on the underlying request too.
        self.retry_after = rate_limit_consume(request._request, self.scope)
        return self.retry_after is None

    def wait(self) -> float | None:
        return self.retry_after
