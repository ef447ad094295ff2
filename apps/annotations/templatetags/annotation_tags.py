"""`{% load annotation_tags %}`: annotation bits for the templates of lower apps (papers).

    {% discussion_count paper as count %}   public, not hidden notes on the paper

The counts of every paper on the page (`papers` in the context, as the list pages
have it) are fetched together on first use: one query per page, not one per card.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context

from ..models import Annotation

register = template.Library()
_KEY = "annotations:discussion_counts"


@register.simple_tag(takes_context=True)
def discussion_count(context: Context, paper: Any) -> int:
    # The outermost render context lives for the whole page; each {% include %} gets
    # a render context of its own on top of it.
    page_state: dict[Any, Any] = context.render_context.dicts[0]
    counts: dict[int, int] | None = page_state.get(_KEY)
    if counts is None or paper.pk not in counts:
        papers = list(context.get("papers") or ())
        ids = {p.pk for p in papers if hasattr(p, "pk")} | {paper.pk}
        fetched = Annotation.objects.discussion_counts(sorted(ids))
        counts = {**(counts or {}), **{pk: fetched.get(pk, 0) for pk in ids}}
        page_state[_KEY] = counts
    return counts[paper.pk]
