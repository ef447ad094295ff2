"""Paper items of the API's lists, serialized once per paper and shared by every caller.

A paper's item in a list (/api/v1/papers/, /api/v1/daily/, similar papers, reading
lists, the Hugging Face compatible lists) is the same for every caller but for a few
fields: its vote count, whether the caller voted, links built for the request's host.
The rest (authors, categories, tags, picks: four queries and most of the serializing)
is cached per paper under the versions of the page cache's scopes (`site` and
`paper:<public id>`, bumped by whatever changes what an item shows: a vote, tagging,
a pick, ingest, a staff edit; apps.papers.page_cache), and keyed by a digest of the
code that builds it, so a deploy that changes a field never serves the old shape. The
caller's own fields are the serializer's `live_fields`, computed from the page's own row
on every request. Redis being down only means serializing every item, as without it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.core.cache import cache
from rest_framework import serializers

from apps.papers import models as paper_models
from apps.papers.models import Paper
from apps.papers.page_cache import paper_keys

from .queries import prefetch_api_rows

logger = logging.getLogger(__name__)
TIMEOUT = 24 * 3600
# What an item is built from: the serializers, the rows they read, the model's properties.
_HERE = Path(__file__).parent
_SOURCES = [
    *(_HERE / name for name in ("item_cache.py", "serializers.py", "hf.py", "queries.py")),
    Path(paper_models.__file__),
]
_CODE = hashlib.sha256(b"\x00".join(path.read_bytes() for path in _SOURCES)).hexdigest()[:12]


class CachedItems(serializers.ListSerializer):
    """`many=True` of a SharedItemSerializer: cached items, refreshed; the others built."""

    child: SharedItemSerializer

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        papers: list[Paper] = list(data)
        try:
            keys = paper_keys(papers, f"api-item:{_CODE}:{self.child.cache_name()}")
            found = cache.get_many(list(keys.values())) if keys else {}
        except Exception:
            logger.warning("API item cache: unavailable", exc_info=True)
            keys, found = {}, {}
        prefetch_api_rows([paper for paper in papers if keys.get(paper.pk) not in found])
        items, fresh = [], {}
        for paper in papers:
            key = keys.get(paper.pk)
            if key in found:
                items.append(self.child.refresh(paper, found[key]))
            else:
                item = self.child.to_representation(paper)
                items.append(item)
                if key is not None:
                    fresh[key] = item
        if fresh:
            try:
                cache.set_many(fresh, TIMEOUT)
            except Exception:
                logger.warning("API item cache: unavailable", exc_info=True)
        return items


class SharedItemSerializer(serializers.Serializer):
    """A paper's item: the same for every caller but for its `live_fields`."""

    live_fields: tuple[str, ...] = ()

    class Meta:
        list_serializer_class = CachedItems

    def cache_name(self) -> str:
        """What, beside the paper, its cached item depends on."""
        return type(self).__name__

    def to_representation(self, instance: Paper) -> dict[str, Any]:
        prefetch_api_rows([instance])  # nothing to do when its list fetched them
        return super().to_representation(instance)

    def refresh(self, paper: Paper, item: dict[str, Any]) -> dict[str, Any]:
        """A cached item with its live fields computed for this request."""
        for name in self.live_fields:
            field = self.fields[name]
            value = field.get_attribute(paper)
            item[name] = None if value is None else field.to_representation(value)
        return item
