"""The reader-independent parts of paper cards, rendered once and shared by every reader.

A card's title, authors, meta line, tags, links and abstract excerpt are the same for
everyone; only its vote button, list controls and staff tools are a reader's own.
The shared parts are cached per paper under the versions of the page cache's scopes
(`site` and `paper:<public id>`, bumped by whatever changes what a card shows: a vote,
a note, tagging, ingest, a staff edit), so a stale part is never served: a bump only
makes the next page render it afresh. Key also by the card templates' own text, so a
deploy that changes them never shows the old markup.

One page fetches the parts of all its papers with two cache reads. Redis being down only
means rendering every part, as before.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as memoize
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from .page_cache import paper_keys

logger = logging.getLogger(__name__)
TIMEOUT = 24 * 3600
TEMPLATES = ("papers/_paper_card_head.html", "papers/_paper_card_abstract.html")


@dataclass(frozen=True)
class CardParts:
    head: SafeString
    abstract: SafeString


def _markup_version() -> str:
    # Read afresh in development, where the templates change under a running server.
    return _templates_digest() if settings.DEBUG else _deployed_digest()


def _templates_digest() -> str:
    engine = engines["django"].engine  # type: ignore[attr-defined]  # DjangoTemplates
    sources = [engine.get_template(name).source for name in TEMPLATES]
    return hashlib.sha256("\x00".join(sources).encode()).hexdigest()[:12]


_deployed_digest = memoize(_templates_digest)


def stored_parts(papers: Iterable[Any]) -> tuple[dict[int, CardParts], dict[int, str]]:
    """The cached parts of these papers, and the key each missing one is to be stored under."""
    try:
        keys = paper_keys(papers, f"card:{_markup_version()}")
        found = cache.get_many(list(keys.values())) if keys else {}
    except Exception:
        logger.warning("card cache: unavailable", exc_info=True)
        return {}, {}
    parts = {}
    for pk, key in keys.items():
        if key in found:
            head, abstract = found[key]
            parts[pk] = CardParts(mark_safe(head), mark_safe(abstract))
    return parts, {pk: key for pk, key in keys.items() if pk not in parts}


def store_parts(key: str, parts: CardParts) -> None:
    try:
        cache.set(key, (str(parts.head), str(parts.abstract)), TIMEOUT)
    except Exception:
        logger.warning("card cache: unavailable", exc_info=True)
