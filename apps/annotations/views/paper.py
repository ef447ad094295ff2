"""A paper's annotations: the discussion fragment the paper page loads, and every write.

Writes answer htmx with the discussion afresh (the page redraws its highlights from
it) and plain forms with a redirect back; bad input is a 400 naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import User
from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Paper
from apps.papers.page_cache import cached_for_anonymous
from apps.papers.views.common import get_paper_or_404

from ..models import Annotation
from ..services import (
    AnnotationForbidden,
    AnnotationInvalid,
    Selector,
    annotation_create,
    annotation_delete,
    annotation_edit,
    annotation_report,
    annotation_upvote,
)
from .common import discussion_response, thread_context, visible_annotation_or_404

View = Callable[..., HttpResponse]


def answers_invalid_input(view: View) -> View:
    """AnnotationInvalid -> 400 naming the field, with what was sent shown back (htmx puts
    the message next to the form, which keeps its text); AnnotationForbidden -> 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AnnotationInvalid as error:
            context = {"field": error.field, "message": error.message, "sent": request.POST}
            template = "annotations/_form_error.html"
            if not getattr(request, "htmx", False):
                template = "annotations/annotation_invalid.html"
            return render(request, template, context, status=400)
        except AnnotationForbidden as error:
            return render(request, "403.html", {"exception": str(error)}, status=403)

    return wrapper


def _tags(request: HttpRequest) -> list[str]:
    return [tag for tag in request.POST.get("tags", "").replace(",", " ").split() if tag]


def _int_or_none(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise AnnotationInvalid(name, f"{name} must be a whole number.")
    return int(value)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required let only readers in
    return request.user


@cached_for_anonymous(lambda request, public_id: [f"paper:{public_id}"])
@require_GET
def paper_annotations(request: HttpRequest, public_id: str) -> HttpResponse:
    """The discussion section of a paper page, loaded by htmx apart from the page (cached
    for anonymous readers under the paper's scope, which public changes bump)."""
    paper = get_paper_or_404(Paper.objects.published(), public_id)
    return render(request, "annotations/_discussion.html", thread_context(paper, request.user))


@require_POST
@login_required
@rate_limited("annotate")
@answers_invalid_input
def annotation_new(request: HttpRequest, public_id: str) -> HttpResponse:
    paper = get_paper_or_404(Paper.objects.published(), public_id)
    reply_to = None
    if reply_id := _int_or_none(request.POST.get("reply_to"), "reply_to"):
        reply_to = visible_annotation_or_404(request.user, reply_id)
    field = request.POST.get("field", "")
    selector = None
    if field:
        selector = Selector(
            exact=request.POST.get("exact", ""),
            prefix=request.POST.get("prefix", ""),
            suffix=request.POST.get("suffix", ""),
            start=_int_or_none(request.POST.get("start"), "start"),
            end=_int_or_none(request.POST.get("end"), "end"),
        )
    annotation_create(
        owner=_user(request),
        paper=paper,
        body=request.POST.get("body", ""),
        tags=_tags(request),
        visibility=request.POST.get("visibility", Annotation.Visibility.PRIVATE),
        field=field,
        selector=selector,
        reply_to=reply_to,
    )
    return discussion_response(request, paper)


@require_http_methods(["GET", "POST"])
@login_required
@answers_invalid_input
def annotation_edit_view(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = visible_annotation_or_404(request.user, annotation_id)
    if annotation.owner_id != request.user.pk:
        raise AnnotationForbidden("Only its author may edit an annotation.")
    if request.method == "GET":
        partial = getattr(request, "htmx", False)
        template = "annotations/_edit_form.html" if partial else "annotations/annotation_edit.html"
        return render(request, template, {"annotation": annotation})
    annotation_edit(
        annotation=annotation,
        user=_user(request),
        body=request.POST.get("body", ""),
        tags=_tags(request),
        visibility=request.POST.get("visibility") or None,
    )
    return discussion_response(request, annotation.paper)


@require_POST
@login_required
@answers_invalid_input
def annotation_delete_view(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = visible_annotation_or_404(request.user, annotation_id)
    annotation_delete(annotation=annotation, user=_user(request))
    return discussion_response(request, annotation.paper)


@require_POST
@login_required
@rate_limited("annotate")
@answers_invalid_input
def annotation_upvote_view(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = visible_annotation_or_404(request.user, annotation_id)
    action = request.POST.get("action", "up")
    if action not in ("up", "remove"):
        raise AnnotationInvalid("action", "action must be up or remove.")
    annotation_upvote(annotation=annotation, user=_user(request), up=action == "up")
    return discussion_response(request, annotation.paper)


@require_POST
@login_required
@rate_limited("annotation_report")
@answers_invalid_input
def annotation_report_view(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = visible_annotation_or_404(request.user, annotation_id)
    annotation_report(
        annotation=annotation, user=_user(request), reason=request.POST.get("reason", "")
    )
    return discussion_response(request, annotation.paper)
