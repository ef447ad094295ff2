"""The review queue: approve, reject, tag and pick papers in place (htmx), in bulk too."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.permissions import curator_required
from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Category, Paper, Tag
from apps.papers.views.common import BadParameter, answers_bad_parameters, paginate
from apps.tagging.decisions import pending_suggestions

from ..queue import SORTS, QueueFilters, asked_again, queue_sources, review_queue, with_submitters
from ..services.decisions import DECISIONS, DecisionConflict, paper_decide, paper_tags_edit
from ..services.picks import PickError, pick_add
from .common import acting_user, parse_day, today


def _filters(request: HttpRequest) -> QueueFilters:
    get = request.GET
    sort = get.get("sort") or "newest"
    if sort not in SORTS:
        raise BadParameter("sort", f"must be one of {', '.join(SORTS)}")
    category = tag = None
    if get.get("category"):
        category = Category.objects.filter(code=get["category"]).first()
        if category is None:
            raise BadParameter("category", "no such category")
    if get.get("tag"):
        tag = Tag.objects.filter(slug=get["tag"]).first()
        if tag is None:
            raise BadParameter("tag", "no such tag")
    day = parse_day(get["date"]) if get.get("date") else None
    return QueueFilters(
        source=get.get("source", "")[:32],
        category=category,
        tag=tag,
        day=day,
        q=get.get("q", "")[:300],
        sort=sort,
    )


def _with_suggestions(papers: list[Paper]) -> list[Paper]:
    with_submitters(papers)
    suggestions = pending_suggestions(paper.pk for paper in papers)
    for paper in papers:
        paper.suggestions = suggestions.get(paper.pk, [])  # type: ignore[attr-defined]
    return papers


@require_GET
@curator_required
@answers_bad_parameters
def queue_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = paginate(request, review_queue(filters))
    return render(
        request,
        "curation/queue.html",
        {
            "page_obj": page,
            "papers": _with_suggestions(list(page.object_list)),
            "filters": filters,
            "sorts": SORTS,
            "sources": queue_sources(),
            "categories": Category.objects.order_by("code"),
            "tags": Tag.objects.order_by("name"),
            "asked_again": asked_again(),
            "pick_day": today(),
        },
    )


def _row(request: HttpRequest, paper: Paper, **extra: object) -> HttpResponse:
    paper = review_queue(QueueFilters(), status=None).get(pk=paper.pk)
    _with_suggestions([paper])
    return render(
        request, "curation/_queue_row.html", {"paper": paper, "pick_day": today(), **extra}
    )


def _pending_paper(public_id: str) -> Paper:
    return get_object_or_404(Paper.objects.with_public_id(public_id))


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def paper_decide_view(request: HttpRequest, public_id: str) -> HttpResponse:
    paper = _pending_paper(public_id)
    decision = request.POST.get("decision", "")
    if decision not in DECISIONS:
        raise BadParameter("decision", f"must be one of {', '.join(DECISIONS)}")
    seen = request.POST.get("seen_status", "")
    if seen not in Paper.Status.values:
        raise BadParameter("seen_status", "must be the status the paper had on your page")
    try:
        paper_decide(
            paper=paper,
            decision=decision,
            seen_status=seen,
            user=acting_user(request),
            reason=request.POST.get("reason", ""),
        )
    except DecisionConflict as conflict:
        if request.htmx:  # type: ignore[attr-defined]
            return _row(request, paper, conflict=conflict.message)
        messages.error(request, conflict.message)
        return redirect("curation:queue")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "curation/_queue_decided.html", {"paper": paper})
    messages.success(request, f"{paper.get_status_display()}: {paper.title}")
    return redirect("curation:queue")


@require_POST
@curator_required
@rate_limited("curate")
def paper_tags_view(request: HttpRequest, public_id: str) -> HttpResponse:
    paper = _pending_paper(public_id)
    add = _tags(request.POST.getlist("add"))
    remove = _tags(request.POST.getlist("remove"))
    if not add and not remove:
        if request.htmx:  # type: ignore[attr-defined]
            return _row(request, paper, notice="Choose a known tag to add.")
        messages.error(request, "Choose a known tag to add.")
        return redirect("curation:queue")
    paper_tags_edit(paper=paper, add=list(add), remove=list(remove), user=acting_user(request))
    if request.htmx:  # type: ignore[attr-defined]
        return _row(request, paper)
    return redirect("curation:queue")


def _tags(slugs: list[str]) -> QuerySet[Tag]:
    return Tag.objects.filter(slug__in=[slug.strip() for slug in slugs if slug.strip()])


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """Selected rows carry "public id:status seen"; each is decided or picked on its own."""
    action = request.POST.get("action", "")
    if action not in (*DECISIONS, "pick"):
        raise BadParameter("action", "must be approve, reject or pick")
    chosen = [item.rsplit(":", 1) for item in request.POST.getlist("papers") if ":" in item]
    if not chosen:
        raise BadParameter("papers", "select at least one paper")
    by_id = {
        paper.public_id: paper
        for paper in Paper.objects.filter(arxiv_id__in=[pid for pid, _ in chosen])
        | Paper.objects.filter(short_id__in=[pid for pid, _ in chosen])
    }
    day = parse_day(request.POST.get("date")) if action == "pick" else None
    done, refused = 0, []
    for public_id, seen in chosen:
        paper = by_id.get(public_id)
        if paper is None:
            continue
        try:
            if day is not None:
                pick_add(paper=paper, day=day, user=acting_user(request))
            else:
                paper_decide(
                    paper=paper,
                    decision=action,
                    seen_status=seen,
                    user=acting_user(request),
                    reason=request.POST.get("reason", ""),
                )
            done += 1
        except (DecisionConflict, PickError) as problem:
            refused.append(f"{paper.title[:60]}: {problem.message}")
    if done:
        messages.success(request, f"{done} paper{'s' if done != 1 else ''}: {action} done.")
    for message in refused:
        messages.error(request, message)
    return redirect("curation:queue")
