"""{% list_controls paper %}: the Save button and the menu of my lists on a paper card
or page, and which of my lists hold the paper. Loaded by the papers app's templates
(which cannot import this app). The first card of a page reads the memberships of
every paper in the page's `papers` at once: two queries a page, none for anonymous
readers, whose cached pages so hold nothing of anyone's. On pages shared by signed-in
readers the control is a hole, filled by `list_controls_fill`."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from apps.papers import reader_parts
from apps.papers.models import Paper
from apps.papers.paper_urls import paper_url

from ..controls import closed_control_html, in_lists_html, save_form_html
from ..memberships import Memberships, memberships_for, memberships_holding
from ..models import ReadingList

register = template.Library()


def _page_paper_ids(context: template.Context) -> list[int]:
    papers = context.get("papers") or ()
    return [paper.pk for paper in papers if isinstance(paper, Paper)]


def control_context(
    *,
    paper: Paper | reader_parts.PaperFacts,
    memberships: Memberships,
    csrf_token: Any,
    next_url: str,
    menu_open: bool,
) -> dict[str, Any]:
    holding = memberships.lists_holding(paper.pk)
    save_url = paper_url("lists:save", paper.public_id)
    in_read_later = any(reading_list.is_read_later for reading_list in holding)
    return {
        "paper": paper,
        "entries": _menu_entries(memberships, holding) if menu_open else [],
        "holding": holding,
        "in_read_later": in_read_later,
        "save_form": save_form_html(
            paper,
            saved=in_read_later,
            save_url=save_url,
            csrf_token=csrf_token,
            next_url=next_url,
        ),
        "in_lists": in_lists_html(holding),
        "csrf_token": csrf_token,
        "save_url": save_url,
        "menu_url": paper_url("lists:menu", paper.public_id),
        "lists_url": reverse("lists:index") if menu_open else "",  # the open menu's link
        "next_url": next_url,
        "menu_open": menu_open,
    }


def _menu_entries(memberships: Memberships, holding: list[ReadingList]) -> list[dict[str, Any]]:
    """The open menu's toggles: every list of the reader's, Read later first."""
    held = {reading_list.pk for reading_list in holding}
    entries = [
        {
            "value": "read_later" if reading_list.is_read_later else reading_list.pk,
            "name": reading_list.name,
            "held": reading_list.pk in held,
        }
        for reading_list in memberships.lists
    ]
    if not any(reading_list.is_read_later for reading_list in memberships.lists):
        entries.insert(0, {"value": "read_later", "name": "Read later", "held": False})
    return entries


@register.simple_tag(takes_context=True)
def list_controls(context: template.Context, paper: Paper) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return SafeString("")
    if reader_parts.sharing(request):
        return reader_parts.hole("lists", paper.pk)
    memberships: Memberships | None = getattr(request, "_list_memberships", None)
    if memberships is None:
        memberships = memberships_for(user, [paper.pk, *_page_paper_ids(context)])
        request._list_memberships = memberships
    elif not memberships.known(paper.pk):
        memberships.add_papers([paper.pk, *_page_paper_ids(context)])
    control = control_context(
        paper=paper,
        memberships=memberships,
        csrf_token=context.get("csrf_token"),
        next_url=request.get_full_path(),
        menu_open=False,
    )
    return closed_control_html(control)


def list_controls_fill(fill: reader_parts.Fill, keys: list[str]) -> dict[str, str]:
    """The list holes of a page shared by signed-in readers: one query for all of them."""
    papers = fill.papers
    memberships = memberships_holding(fill.request.user, papers)
    return {
        key: closed_control_html(
            control_context(
                paper=papers[int(key)],
                memberships=memberships,
                csrf_token=fill.csrf_token,
                next_url=fill.next_url,
                menu_open=False,
            )
        )
        for key in keys
        if int(key) in papers
    }


@register.inclusion_tag("lists/_profile_lists.html")
def profile_lists(user: Any) -> dict[str, Any]:
    """The reader's lists on their profile page, the public ones marked as shown to all."""
    lists = ReadingList.objects.owned_by(user).with_item_count().order_by("kind", "name")
    return {"lists": list(lists), "owner": user}
