"""Rate limits per user and per IP, counted in Redis so they hold across web processes.

    @rate_limited("vote")          # settings.RATE_LIMITS["vote"] == "30/m/user,60/m/ip"
    def vote(request, ...): ...

A rate is `count/period/key`: period `s`, `m`, `h`, `d`, optionally with a number
(`5m`); key `user` (signed-in callers only) or `ip` (everyone). Counters are fixed
windows (a Redis INCR on a key that expires with its window), so a caller may get up
to twice a limit across a window's edge: enough to stop floods and scripts.

Without Redis the limiter lets requests through and logs a warning: what it guards
(votes, annotations) is stored in PostgreSQL, and refusing every reader because the
cache is down would turn a cache outage into a site outage.
"""

import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

_RATE = re.compile(r"(?P<count>\d+)/(?P<number>\d*)(?P<unit>[smhd])\w*/(?P<key>user|ip)")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int
    key: str  # "user" or "ip"


def parse_rates(text: str) -> list[Rate]:
    """`"30/m/user,300/h/user,60/m/ip"` -> three rates; an empty text limits nothing."""
    rates = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        match = _RATE.fullmatch(part)
        if not match:
            raise ImproperlyConfigured(
                f"Bad rate {part!r}: write count/period/key, such as 30/m/user or 100/5m/ip."
            )
        seconds = int(match["number"] or 1) * _UNIT_SECONDS[match["unit"]]
        rates.append(Rate(int(match["count"]), seconds, match["key"]))
    return rates


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind RATE_LIMIT_NUM_PROXIES proxies the address the first of
    them saw (counted from the right of X-Forwarded-For, which a client can prepend to)."""
    proxies = settings.RATE_LIMIT_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _identity(request: HttpRequest, rate: Rate) -> str | None:
    if rate.key == "ip":
        return f"ip:{client_ip(request)}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def rate_limit_consume(request: HttpRequest, scope: str) -> int | None:
    """Count one request against `scope`'s rates. None when it is allowed, else the
    seconds until the first exceeded window ends (its Retry-After)."""
    rates = parse_rates(settings.RATE_LIMITS.get(scope, ""))
    now = time.time()
    keyed = [
        (rate, f"ratelimit:{scope}:{ident}:{rate.seconds}:{int(now // rate.seconds)}")
        for rate in rates
        if (ident := _identity(request, rate)) is not None
    ]
    if not keyed:
        return None
    try:
        counts = _increment((key for _rate, key in keyed), max(r.seconds for r, _k in keyed))
    except Exception:  # Redis down or unreachable: fail open (see the module's docstring)
        logger.warning("rate limit %s not checked: the cache is unavailable", scope, exc_info=True)
        return None
    waits = [
        math.ceil((now // rate.seconds + 1) * rate.seconds - now)
        for (rate, _key), count in zip(keyed, counts, strict=True)
        if count > rate.count
    ]
    if waits:
        logger.info("rate limit %s exceeded by %s", scope, client_ip(request))
        return max(1, max(waits))
    return None


def _increment(keys: Iterable[str], expires: int) -> list[int]:
    """INCR each key in one round trip, expiring new ones after their window."""
    client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
    pipe = client.pipeline()
    names = [cache.make_and_validate_key(key) for key in keys]
    for name in names:
        pipe.set(name, 0, ex=expires + 1, nx=True)
        pipe.incr(name)
    return [int(value) for value in pipe.execute()[1::2]]


def too_many_requests(request: HttpRequest, retry_after: int | None = None) -> HttpResponse:
    """The 429 answer: a short message for htmx (swapped into the page's notice area by
    static/js/site.js), else the site's page; Retry-After when the wait is known."""
    wait = _wait_text(retry_after)
    if getattr(request, "htmx", False):
        response = HttpResponse(
            f"Too many requests: wait {wait}, then try again.",
            content_type="text/plain",
            status=429,
        )
    else:
        response = render(request, "429.html", {"wait": wait}, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _wait_text(seconds: int | None) -> str:
    if not seconds:
        return "a few minutes"
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


View = Callable[..., HttpResponse]


def rate_limited(scope: str, *, methods: Iterable[str] = ("POST",)) -> Callable[[View], View]:
    """Limit a view's `methods` requests by `settings.RATE_LIMITS[scope]`; past a limit
    the view is not called and the caller gets a 429."""
    limited_methods = frozenset(method.upper() for method in methods)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in limited_methods:
                retry_after = rate_limit_consume(request, scope)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
