"""Rate limits, counted in the Redis cache: per IP for anonymous callers, per user
for signed-in ones, and a stricter budget shared by all writes.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings, env-configurable)
and are read on each request, so a settings override takes effect at once.
"""

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:  # APIView's class body loads these throttles
    from rest_framework.views import APIView


class _Throttle(SimpleRateThrottle):
    scope: str

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
