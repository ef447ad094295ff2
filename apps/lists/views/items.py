"""Saving a paper to a list from its card or page, and changing a list's items:
status, note, order (move buttons, Alt+Arrow and drag: static/js/lists.js), removal.
htmx swaps the changed part; without JavaScript each form posts and comes back."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.http import AuthenticatedHttpRequest
from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Paper
from apps.papers.views.common import (
    BadParameter,
    HtmxHttpRequest,
    answers_bad_parameters,
    get_paper_or_404,
)

from ..controls import closed_control_html
from ..exports import export_items
from ..memberships import memberships_for
from ..models import ReadingList, ReadingListItem
from ..services import (
    list_item_add,
    list_item_move,
    list_item_remove,
    list_item_update,
    list_items_reorder,
    read_later_get,
)
from ..templatetags.reading_lists import control_context
from .common import list_errors_as_bad_parameters, next_url, owned_list_or_404


class ListHttpRequest(AuthenticatedHttpRequest, HtmxHttpRequest):
    pass


def _target_list(request: ListHttpRequest) -> ReadingList:
    raw = request.POST.get("list", "read_later")
    if raw == "read_later":
        return read_later_get(user=request.user)
    if not raw.isdigit():
        raise BadParameter("list", "must be a list id or read_later")
    return get_object_or_404(ReadingList.objects.owned_by(request.user), pk=int(raw))


@require_GET
@login_required
def menu(request: ListHttpRequest, public_id: str) -> HttpResponse:
    """A card's list menu, opened: which of my lists hold the paper, one button each.

    Cards carry only the Save button and load this when the reader opens "Lists" (htmx
    swaps the whole control), so a page weighs the same however many lists one keeps;
    without JavaScript it is a page of its own that posts back to `next`."""
    paper = get_paper_or_404(Paper.objects.published(), public_id)
    context = control_context(
        paper=paper,
        memberships=memberships_for(request.user, [paper.pk]),
        csrf_token=get_token(request),
        next_url=next_url(request, paper.get_absolute_url()),
        menu_open=True,
    )
    template = "lists/_list_controls.html" if request.htmx else "lists/choose_lists.html"
    return render(request, template, context)


@require_POST
@login_required
@rate_limited("list_write")
@answers_bad_parameters
def save(request: ListHttpRequest, public_id: str) -> HttpResponse:
    """Add the paper to a list of mine (Read later unless `list` says), or take it out."""
    paper = get_paper_or_404(Paper.objects.published(), public_id)
    reading_list = _target_list(request)
    action = request.POST.get("action", "add")
    with list_errors_as_bad_parameters():
        if action == "add":
            list_item_add(reading_list=reading_list, paper=paper)
        elif action == "remove":
            list_item_remove(reading_list=reading_list, paper=paper)
        else:
            raise BadParameter("action", "must be add or remove")
    back = next_url(request, paper.get_absolute_url())
    if not request.htmx:
        return redirect(back)
    control = control_context(
        paper=paper,
        memberships=memberships_for(request.user, [paper.pk]),
        csrf_token=get_token(request),
        next_url=back,
        menu_open=bool(request.POST.get("menu")),
    )
    if control["menu_open"]:
        return render(request, "lists/_list_controls.html", control)
    return HttpResponse(closed_control_html(control))


def _items_fragment(request: ListHttpRequest, reading_list: ReadingList) -> HttpResponse:
    context = {
        "reading_list": reading_list,
        "items": list(export_items(reading_list)),
        "is_owner": True,
        "statuses": ReadingListItem.Status.choices,
    }
    return render(request, "lists/_items.html", context)


@require_POST
@login_required
@rate_limited("list_write")
@answers_bad_parameters
def item(request: ListHttpRequest, list_id: int, item_id: int) -> HttpResponse:
    """One item: `action` is status (with `status`), note (with `note`), move (with
    `direction` up or down) or remove."""
    reading_list = owned_list_or_404(request, list_id)
    found = get_object_or_404(reading_list.items.select_related("reading_list"), pk=item_id)
    action = request.POST.get("action", "")
    with list_errors_as_bad_parameters():
        if action == "status":
            list_item_update(item=found, status=request.POST.get("status", ""))
        elif action == "note":
            list_item_update(item=found, note=request.POST.get("note", ""))
        elif action == "move":
            offsets = {"up": -1, "down": 1}
            direction = request.POST.get("direction", "")
            if direction not in offsets:
                raise BadParameter("direction", "must be up or down")
            list_item_move(item=found, offset=offsets[direction])
        elif action == "remove":
            list_item_remove(reading_list=reading_list, paper=found.paper)
        else:
            raise BadParameter("action", "must be status, note, move or remove")
    if not request.htmx:
        return redirect(f"{reading_list.get_absolute_url()}#item-{found.pk}")
    if action in ("status", "note"):
        context = {
            "reading_list": reading_list,
            "item": export_items(reading_list).get(pk=found.pk),
            "is_owner": True,
            "statuses": ReadingListItem.Status.choices,
        }
        return render(request, "lists/_item.html", context)
    return _items_fragment(request, reading_list)


@require_POST
@login_required
@rate_limited("list_write")
@answers_bad_parameters
def reorder(request: ListHttpRequest, list_id: int) -> HttpResponse:
    """The whole order at once (after a drag): `order` is every item id, first to last."""
    reading_list = owned_list_or_404(request, list_id)
    raw = request.POST.getlist("order")
    if not all(value.isdigit() for value in raw):
        raise BadParameter("order", "must be item ids")
    with list_errors_as_bad_parameters():
        list_items_reorder(reading_list=reading_list, item_ids=[int(value) for value in raw])
    if not request.htmx:
        return redirect(reading_list)
    return _items_fragment(request, reading_list)
