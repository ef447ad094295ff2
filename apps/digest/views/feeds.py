"""Feeds, rendered at most once per FEED_CACHE_SECONDS (shared in Redis) and answering
conditional requests (ETag, Last-Modified: 304), since feed readers poll them."""

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import require_safe

from ..feeds import BadFeedQuery

logger = logging.getLogger(__name__)
# Under page:, so the tests' per-test cache cleaning drops them with the cached pages.
_KEY = "page:feed:{}"


def cached_feed(feed: Feed) -> Callable[..., HttpResponse]:
    @require_safe
    @wraps(feed)
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        key = _KEY.format(hashlib.sha256(request.get_full_path().encode()).hexdigest())
        stored = _get(key)
        if stored is None:
            try:
                response = feed(request, **kwargs)
            except BadFeedQuery as error:
                return HttpResponseBadRequest(f"{error}\n", content_type="text/plain")
            body = response.content
            stored = {
                "content_type": response["Content-Type"],
                "body": body,
                "etag": f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
                "last_modified": response.get("Last-Modified"),
            }
            _set(key, stored)
        response = HttpResponse(stored["body"], content_type=stored["content_type"])
        response["ETag"] = stored["etag"]
        if stored["last_modified"]:
            response["Last-Modified"] = stored["last_modified"]
        patch_cache_control(response, public=True, max_age=settings.FEED_CACHE_SECONDS)
        conditional = get_conditional_response(
            request,
            etag=stored["etag"],
            last_modified=parse_http_date_safe(stored["last_modified"] or ""),
            response=response,
        )
        return conditional or response

    return view


def _get(key: str) -> dict | None:
    try:
        return cache.get(key)
    except Exception:  # Redis down: render every time
        logger.warning("feed cache: unavailable", exc_info=True)
        return None


def _set(key: str, value: dict) -> None:
    try:
        cache.set(key, value, settings.FEED_CACHE_SECONDS)
    except Exception:
        logger.warning("feed cache: unavailable", exc_info=True)
