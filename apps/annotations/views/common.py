"""What the annotation views share: finding what the caller may see, answering htmx."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from apps.accounts.models import User
from apps.papers.models import Paper

from ..models import Annotation


def visible_annotation_or_404(user: User | AnonymousUser, pk: int) -> Annotation:
    """The annotation, if `user` may see it: a private or hidden one is a 404, never a 403."""
    try:
        return Annotation.objects.visible_to(user).select_related("paper").get(pk=pk)
    except Annotation.DoesNotExist:
        raise Http404("No such annotation.") from None


def thread_context(paper: Paper, user: Any) -> dict[str, Any]:
    """The paper's annotations the reader may see, as the discussion template shows them.

    One query (the annotations with their authors and the reader's upvotes); the tree
    of replies is built here rather than queried per note.
    """
    annotations = list(
        Annotation.objects.visible_to(user)
        .on_paper(paper.pk)
        .select_related("owner")
        .with_upvote_state(user)
        .order_by("created", "id")
    )
    replies: dict[int, list[Annotation]] = {}
    for annotation in annotations:
        if annotation.reply_to_id is not None:
            replies.setdefault(annotation.reply_to_id, []).append(annotation)
    roots = [a for a in annotations if a.reply_to_id is None]
    for annotation in annotations:
        annotation.thread = replies.get(annotation.pk, [])  # type: ignore[attr-defined]
    return {
        "paper": paper,
        "public_notes": [a for a in roots if a.is_public],
        "private_notes": [a for a in roots if not a.is_public],
        "orphaned_notes": [a for a in roots if a.orphaned],
        "highlights": [a.highlight() for a in roots if a.field and not a.orphaned],
        "discussion_count": sum(1 for a in annotations if a.is_public and not a.is_hidden),
    }


def discussion_response(request: HttpRequest, paper: Paper, *, status: int = 200) -> HttpResponse:
    """htmx: the paper's discussion afresh; a plain form: back to the paper (or `next`)."""
    if getattr(request, "htmx", False):
        return render(
            request, "annotations/_discussion.html", thread_context(paper, request.user),
            status=status,
        )  # fmt: skip
    return redirect(next_url(request, f"{paper.get_absolute_url()}#discussion"))


def next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "") or request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
