"""/notes: all my annotations across papers, filtered by tag and paper, searched."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.papers.models import Paper

from ..models import Annotation

NOTES_PER_PAGE = 50


@require_GET
@login_required
def notes(request: HttpRequest) -> HttpResponse:
    mine = Annotation.objects.visible_to(request.user).mine(request.user)
    tag, paper_id, query = (
        request.GET.get(name, "").replace("\x00", "").strip()[:200]
        for name in ("tag", "paper", "q")
    )
    selected = mine
    paper = None
    if tag:
        selected = selected.tagged(tag)
    if paper_id:
        paper = (
            Paper.objects.with_public_id(paper_id)
            .only("id", "title", "arxiv_id", "short_id")
            .first()
        )
        selected = selected.filter(paper=paper) if paper else selected.none()
    selected = selected.matching(query) if query else selected.order_by("-created", "-id")
    page_number = request.GET.get("page", "1")
    if not page_number.isdigit() or int(page_number) < 1:
        return render(
            request, "papers/bad_parameter.html",
            {"parameter": "page", "problem": "must be a whole number from 1"}, status=400,
        )  # fmt: skip
    paginator = Paginator(selected.select_related("paper", "reply_to"), NOTES_PER_PAGE)
    if int(page_number) > max(1, paginator.num_pages):
        raise Http404("No such page.")
    page = paginator.page(int(page_number))
    return render(
        request,
        "annotations/notes.html",
        {
            "page": page,
            "notes": page.object_list,
            "my_tags": mine.tag_counts(),
            "tag": tag,
            "paper_filter": paper,
            "paper_param": paper_id,
            "q": query,
        },
    )
