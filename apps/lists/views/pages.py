"""My lists, a list's page, its settings, the share-by-link page, a reader's public lists."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.http import AuthenticatedHttpRequest
from apps.accounts.ratelimit import rate_limited

from ..exports import FORMATS, export_items
from ..forms import ImportForm, ReadingListForm
from ..models import ReadingList, ReadingListItem
from ..services import (
    ListError,
    read_later_get,
    reading_list_create,
    reading_list_delete,
    reading_list_share_reset,
    reading_list_update,
)
from .common import owned_list_or_404, visible_list_or_404


def _index(
    request: AuthenticatedHttpRequest, form: ReadingListForm, status: int = 200
) -> HttpResponse:
    read_later_get(user=request.user)
    lists = ReadingList.objects.owned_by(request.user).with_item_count()
    ordered = sorted(lists.order_by("name", "pk"), key=lambda rl: not rl.is_read_later)
    return render(request, "lists/list_index.html", {"lists": ordered, "form": form}, status=status)


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _index(request, ReadingListForm())


def _apply_form(request: HttpRequest, form: ReadingListForm, save: Any) -> ReadingList | None:
    """Validate `form`, then call `save(**cleaned_data)`; a ListError becomes a field error."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except ListError as error:
        form.add_error(error.field if error.field in form.fields else None, error.problem)
        return None


@require_POST
@login_required
@rate_limited("list_write")
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReadingListForm(request.POST)
    reading_list = _apply_form(
        request, form, lambda **data: reading_list_create(owner=request.user, **data)
    )
    if reading_list is None:
        return _index(request, form, status=400)
    messages.success(request, f"List “{reading_list.name}” created.")
    return redirect(reading_list)


def render_detail(
    request: HttpRequest, reading_list: ReadingList, *, status: int = 200, **extra: Any
) -> HttpResponse:
    is_owner = reading_list.is_owned_by(request.user)
    context = {
        "reading_list": reading_list,
        "items": list(export_items(reading_list)),
        "is_owner": is_owner,
        "formats": FORMATS.values(),
        "statuses": ReadingListItem.Status.choices,
        **extra,
    }
    if is_owner:
        context.setdefault(
            "form",
            ReadingListForm(
                initial={
                    "name": reading_list.name,
                    "description": reading_list.description,
                    "visibility": reading_list.visibility,
                }
            ),
        )
        context.setdefault("import_form", ImportForm())
        context["share_url"] = request.build_absolute_uri(reading_list.get_share_url())
    return render(request, "lists/list_detail.html", context, status=status)


def detail(request: HttpRequest, list_id: int) -> HttpResponse:
    return render_detail(request, visible_list_or_404(request, list_id))


def shared(request: HttpRequest, token: str) -> HttpResponse:
    queryset = ReadingList.objects.shared_by_token(token).select_related("owner")
    reading_list = get_object_or_404(queryset)
    return render_detail(request, reading_list, via_link=True)


@require_POST
@login_required
@rate_limited("list_write")
def edit(request: AuthenticatedHttpRequest, list_id: int) -> HttpResponse:
    reading_list = owned_list_or_404(request, list_id)
    form = ReadingListForm(request.POST)
    saved = _apply_form(
        request, form, lambda **data: reading_list_update(reading_list=reading_list, **data)
    )
    if saved is None:
        reading_list.refresh_from_db()
        return render_detail(request, reading_list, status=400, form=form, settings_open=True)
    messages.success(request, "List saved.")
    return redirect(saved)


@require_POST
@login_required
@rate_limited("list_write")
def delete(request: AuthenticatedHttpRequest, list_id: int) -> HttpResponse:
    reading_list = owned_list_or_404(request, list_id)
    try:
        reading_list_delete(reading_list=reading_list)
    except ListError as error:
        messages.error(request, error.problem)
        return redirect(reading_list)
    messages.success(request, f"List “{reading_list.name}” deleted.")
    return redirect("lists:index")


@require_POST
@login_required
@rate_limited("list_write")
def share_reset(request: AuthenticatedHttpRequest, list_id: int) -> HttpResponse:
    reading_list = reading_list_share_reset(reading_list=owned_list_or_404(request, list_id))
    messages.success(request, "New share link made: the old one no longer opens the list.")
    return redirect(reading_list)


def reader(request: HttpRequest, user_id: int) -> HttpResponse:
    """A reader's public lists (their profile's public face)."""
    owner = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    lists = ReadingList.objects.filter(owner=owner).public().with_item_count().order_by("name")
    context = {"owner": owner, "lists": list(lists), "is_me": request.user == owner}
    return render(request, "lists/reader_lists.html", context)
