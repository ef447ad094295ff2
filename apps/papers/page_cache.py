"""Whole pages cached, dropped as soon as what they show changes.

Each cached page names the scopes it depends on (`day:2025-11-26`, `paper:2401.01234`,
`site`...); each scope has a version number in the cache, and a page's key holds
the versions it was rendered under. A change bumps the versions of its scopes (a
vote: its paper and the day, week and month it is listed in; an ingest or a pick:
the whole site), so the next request renders afresh; nothing is deleted by hand.
Pages whose content moves with every vote anywhere (trending, tag and author
pages) are kept for a short time instead.

Anonymous visitors get the page as stored. Signed-in readers (staff aside, who see
their tools on every card) share a second copy, rendered with holes where a reader's own
parts go and filled in per request (apps.papers.reader_parts). The CSRF token in forms
is stored as a marker and each reader gets their own. Redis being down only means no
caching: every cache call fails open.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from html import escape
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from . import reader_parts
from .periods import Period

logger = logging.getLogger(__name__)
SITE = "site"
LONG_TIMEOUT = 3600
SHORT_TIMEOUT = 30  # pages that every vote anywhere could change
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_MARKER = b"\x00csrf\x00"

Scopes = Callable[..., Iterable[str]]
ANONYMOUS, READERS = "anonymous", "readers"  # the two copies of a cached page


def day_scopes(day: date) -> list[str]:
    """The scopes of the lists a paper listed on `day` appears in."""
    return [f"{kind}:{Period.containing(kind, day).slug}" for kind in ("day", "week", "month")]


def scopes_bump(scopes: list[str]) -> None:
    """Whatever was cached under these scopes is stale from now on. One round trip: a
    vote bumps four scopes, twice (apps.papers.votes)."""
    try:
        client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
        pipe = client.pipeline(transaction=False)
        for scope in scopes:
            # INCR starts a missing version at 1, with no expiry, as `cache.add` would.
            pipe.incr(cache.make_and_validate_key(f"scope:{scope}"))
        pipe.execute()
    except Exception:  # Redis down: nothing is being cached either
        logger.warning("page cache: could not bump %s", scopes, exc_info=True)


def paper_keys(papers: Iterable[Any], prefix: str) -> dict[int, str]:
    """A cache key for each paper (by pk) under the current versions of the `site` scope
    and its own `paper:<public id>` one: a bump of either gives it a new key, so what was
    stored under the old one is never read again. One cache read; raises if the cache
    is unreachable (callers fail open)."""
    papers = {paper.pk: paper for paper in papers}
    if not papers:
        return {}
    site_key = f"scope:{SITE}"
    own_keys = {pk: f"scope:paper:{paper.public_id}" for pk, paper in papers.items()}
    versions = cache.get_many([site_key, *own_keys.values()])
    site = versions.get(site_key, 0)
    return {pk: f"{prefix}:{pk}:{site}:{versions.get(key, 0)}" for pk, key in own_keys.items()}


def cached_page(scopes: Scopes, *, timeout: int = LONG_TIMEOUT, readers: bool = True) -> Callable:
    """Cache the view's 200 answers to GETs under `scopes(request, **kwargs)`: one copy for
    anonymous visitors and, unless `readers` is false, one shared by signed-in readers."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            audience = _audience(request, readers=readers)
            if audience is None:
                return view(request, *args, **kwargs)
            prefix = "page:readers" if audience == READERS else "page"
            key = versioned_key(
                prefix, request.get_full_path(), [SITE, *scopes(request, *args, **kwargs)]
            )
            return _kept_or_rendered(
                request,
                key,
                lambda: view(request, *args, **kwargs),
                timeout,
                holes=audience == READERS,
                keep=_shareable,
            )

        return wrapper

    return decorator


def cached_for_anonymous(scopes: Scopes, *, timeout: int = LONG_TIMEOUT) -> Callable:
    """Cache the view's 200 answers to anonymous GETs under `scopes(request, **kwargs)`."""
    return cached_page(scopes, timeout=timeout, readers=False)


def cached_for_reader(
    request: HttpRequest,
    state: str,
    render: Callable[[], HttpResponse],
    *,
    timeout: int,
) -> HttpResponse:
    """A signed-in reader's own page (`/for-you`), kept for them alone under `state`: a
    digest of everything of theirs it shows (their history, model, follows), so a change
    of theirs is a new key and nothing need bump it; under the `site` scope; and for
    `timeout` seconds at most (what it mixes in from everyone, such as trending, moves
    on). Their votes and lists on it are holes filled per request (reader_parts)."""
    if not (request.user.is_authenticated and _servable(request)):
        return render()
    path = f"{request.user.pk}|{request.get_full_path()}|{state}"
    key = versioned_key("page:own", path, [SITE])
    return _kept_or_rendered(request, key, render, timeout, holes=True)


def _kept_or_rendered(
    request: HttpRequest,
    key: str | None,
    render: Callable[[], HttpResponse],
    timeout: int,
    *,
    holes: bool,
    keep: Callable[[HttpRequest, HttpResponse], bool] = lambda request, response: True,
) -> HttpResponse:
    """The page kept under `key`, else `render()`'s, kept when a 200 that `keep` allows.
    `holes`: rendered with the reader's own parts left as holes, filled as it is served."""
    stored = cache_get(key) if key else None
    if stored is not None:
        content_type, body = stored
        return HttpResponse(_served(request, body), content_type=content_type)
    if holes:
        reader_parts.start_sharing(request)
    response = render()
    if response.streaming:
        return response
    if key and response.status_code == 200 and keep(request, response):
        body = _TOKEN.sub(rb"\1" + _MARKER + rb"\2", response.content)
        cache_set(key, (response["Content-Type"], body), timeout)
    if holes:
        response.content = reader_parts.fill(request, response.content)
    return response


def _servable(request: HttpRequest) -> bool:
    """A request a kept page may answer."""
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "htmx", False)
        and not len(get_messages(request))  # a flash message is for this reader only
    )


def _audience(request: HttpRequest, *, readers: bool) -> str | None:
    """Which copy of a page this request may be served, if any."""
    if not _servable(request):
        return None
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    return READERS if readers and not user.is_staff else None


def _served(request: HttpRequest, body: bytes) -> bytes:
    body = body.replace(_MARKER, reader_parts.page_token(request).encode())
    return reader_parts.fill(request, body) if request.user.is_authenticated else body


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Not a page with something of the reader's own outside its holes. The name in the
    header is a hole: finding it elsewhere means some part drew this reader's own data."""
    if not request.user.is_authenticated:
        return True
    if reader_parts.is_personal(request):
        return False
    user = request.user
    own = {str(user), user.get_username(), getattr(user, "email", "")}
    marks = [f">{escape(value)}<".encode() for value in own if value]
    if any(mark in response.content for mark in marks):
        logger.error("page cache: %s shows its reader's name outside a hole", request.path)
        return False
    return True


def versioned_key(prefix: str, path: str, scopes: list[str]) -> str | None:
    """A key for what `path` shows under the current versions of `scopes` (a bump of any
    gives a new key); None when the cache is unreachable."""
    try:
        versions = cache.get_many([f"scope:{scope}" for scope in scopes])
    except Exception:
        logger.warning("page cache: unavailable", exc_info=True)
        return None
    stamp = ",".join(f"{scope}={versions.get(f'scope:{scope}', 0)}" for scope in scopes)
    return f"{prefix}:{hashlib.sha256(f'{path}|{stamp}'.encode()).hexdigest()}"


def cache_get(key: str) -> Any:
    """The cached value, or None: also when the cache is unreachable."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("page cache: unavailable", exc_info=True)
        return None


def cache_set(key: str, value: Any, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("page cache: unavailable", exc_info=True)
