"""Whole JSON answers of the day, week and month lists, kept for anonymous callers.

A program polling `/api/v1/daily/` or `/api/daily_papers` without credentials gets the
same bytes as every other anonymous caller, so they are kept in Redis like the site's
anonymous pages (apps.papers.page_cache): under the versions of the `site` scope and of
the day, week or month the request names (or the current one), which a vote on one of
its papers, an ingest or a pick bumps, so a kept answer is never stale; and for at most
`SHORT_TIMEOUT` seconds besides (today's list becomes yesterday's at midnight). Lists
across periods (a category by votes, a search) move with votes that bump none of their
scopes: they are answered afresh, with their counts as of now (apps.api.item_cache).

The handler runs after DRF's authentication, permissions and throttles, so a kept
answer is still counted against the caller's rate. Signed-in or token callers, whose
items carry their own vote, are answered afresh. The key holds the host asked (the
items' links follow it). Redis being down only means no caching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from rest_framework.request import Request

from apps.papers.page_cache import SHORT_TIMEOUT, SITE, cache_get, cache_set, versioned_key
from apps.papers.periods import Period

# The periods a list may name, as (kind, query parameter), the default's first.
Periods = Sequence[tuple[str, str]]


def period_scope(request: Request, periods: Periods, *, current: bool = True) -> str | None:
    """The scope of the first period the query names, else (`current`) of the current
    period of the first kind; None for a bad value (a 400, never kept) or no period."""
    params = request.query_params
    for kind, param in periods:
        if value := params.get(param):
            try:
                return f"{kind}:{Period.parse(kind, value).slug}"
            except ValueError:
                return None
    if not current:
        return None
    kind = periods[0][0]
    return f"{kind}:{Period.containing(kind, timezone.now().date()).slug}"


def cached_for_anonymous_callers(
    periods: Periods | Callable[[Any], Periods], *, current: bool = True
) -> Callable:
    """Keep a DRF list handler's 200 JSON answers to anonymous GETs (see the module).
    `periods`, or a function of the view giving them; `current`: a query naming none
    lists the current period of the first kind (else it is answered afresh)."""

    def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(handler)
        def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
            key = _key(request, periods(view) if callable(periods) else periods, current)
            stored = cache_get(key) if key else None
            if stored is not None:
                content_type, body = stored
                return HttpResponse(body, content_type=content_type)
            response = handler(view, request, *args, **kwargs)
            if key and response.status_code == 200:
                response.add_post_render_callback(
                    lambda rendered: cache_set(
                        key, (rendered["Content-Type"], rendered.content), SHORT_TIMEOUT
                    )
                )
            return response

        return wrapper

    return decorator


def _key(request: Request, periods: Periods, current: bool) -> str | None:
    renderer = getattr(request, "accepted_renderer", None)
    if (
        request.method != "GET"
        or request.user.is_authenticated
        or getattr(renderer, "format", None) != "json"
    ):
        return None
    scope = period_scope(request, periods, current=current)
    if scope is None:
        return None
    return versioned_key("api-response", request.build_absolute_uri(), [SITE, scope])
