"""`{% card_parts paper as parts %}`: a card's reader-independent HTML (apps.papers.card_cache);
`{% vote_button paper %}`: its upvote control, this reader's (apps.papers.vote_button);
`{% paper_url "app:route" paper as url %}`: `{% url %}` for a paper route, cheaper
(apps.papers.paper_urls);
`{% reader_name %}`: the signed-in reader's name in the header.
The reader's own parts are holes on pages shared by signed-in readers
(apps.papers.reader_parts).

    {{ parts.head }}      title, authors, meta line with the notes count, tags, links
    {{ parts.abstract }}  the abstract's excerpt

The first card of a page reads the parts of every paper in the page's `papers` (and of
this one) at once, then the authors and tags of those it has to render (querysets from
`PaperQuerySet.for_card_list` leave them out); a part not cached yet is rendered in the
page's own context (so per-page batches such as the notes counts still serve it) and
stored.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import prefetch_related_objects
from django.template import Context
from django.utils.safestring import SafeString

from .. import reader_parts
from ..card_cache import TEMPLATES, CardParts, store_parts, stored_parts
from ..paper_urls import paper_url as paper_route_url
from ..querysets import card_prefetches
from ..vote_button import vote_button_html

register = template.Library()
_KEY = "papers:card_parts"
_PATH = "papers:page_path"


@register.simple_tag(takes_context=True)
def card_parts(context: Context, paper: Any) -> CardParts:
    page_state: dict[Any, Any] = context.render_context.dicts[0]
    state: tuple[dict[int, CardParts], dict[int, str]] = page_state.get(_KEY) or ({}, {})
    found, missing = state
    if paper.pk not in found and paper.pk not in missing:
        papers = [p for p in context.get("papers") or () if hasattr(p, "public_id")]
        more_found, more_missing = stored_parts([paper, *papers])
        found, missing = {**found, **more_found}, {**missing, **more_missing}
        page_state[_KEY] = (found, missing)
        # What the parts to render show, for all of them at once (none if all were cached).
        to_render = [p for p in [paper, *papers] if p.pk not in found]
        prefetch_related_objects(to_render, *card_prefetches())
    if paper.pk in found:
        return found[paper.pk]
    assert context.template is not None  # a tag renders inside a template
    head_template, abstract_template = (
        context.template.engine.get_template(name) for name in TEMPLATES
    )
    with context.push(paper=paper):
        parts = CardParts(head_template.render(context), abstract_template.render(context))
    if paper.pk in missing:
        store_parts(missing.pop(paper.pk), parts)
    found[paper.pk] = parts
    return parts


@register.simple_tag(takes_context=True)
def vote_button(context: Context, paper: Any) -> SafeString:
    """`next` is `next_url` where the context has one (a fragment answering a POST), else
    the page's own address. On a page shared by signed-in readers, a hole."""
    if reader_parts.sharing(context.get("request")):
        return reader_parts.hole("vote", paper.pk)
    next_url = context.get("next_url")
    if not next_url:
        page_state: dict[Any, Any] = context.render_context.dicts[0]
        next_url = page_state.get(_PATH) or page_state.setdefault(
            _PATH, context["request"].get_full_path()
        )
    return vote_button_html(paper, csrf_token=context.get("csrf_token"), next_url=next_url)


@register.simple_tag(takes_context=True)
def reader_name(context: Context) -> str:
    """The signed-in reader's name, for the header (a hole on a shared page)."""
    request = context.get("request")
    if reader_parts.sharing(request):
        return reader_parts.hole("name")
    return str(context["user"])


@register.simple_tag
def paper_url(name: str, paper: Any) -> str:
    return paper_route_url(name, paper.public_id)
