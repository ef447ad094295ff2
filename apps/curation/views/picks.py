"""A day's picks: add, remove, reorder (drag or keys), blurbs, publish; and the "Pick for …"
control that staff see on every paper card and paper page."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.permissions import curator_required
from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Paper
from apps.papers.views.common import BadParameter, answers_bad_parameters

from ..models import DailyPick
from ..services.picks import (
    PickError,
    day_picks,
    max_picks_per_day,
    pick_add,
    pick_move,
    pick_remove,
    pick_update,
    picks_publish,
    picks_reorder,
)
from ..services.submissions import SubmissionError, parse_submitted_id
from .common import acting_user, parse_day, today


def _day_url(day: date) -> str:
    return reverse("curation:picks_day", args=[day.isoformat()])


@require_GET
@curator_required
def picks_index(request: HttpRequest) -> HttpResponse:
    return redirect(_day_url(today() + timedelta(days=1)))


def _board(request: HttpRequest, day: date, *, status: int = 200, **extra: object) -> HttpResponse:
    picks = day_picks(day)
    template = "curation/_picks_board.html" if request.htmx else "curation/picks.html"  # type: ignore[attr-defined]
    context = {
        "day": day,
        "picks": picks,
        "limit": max_picks_per_day(),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "is_future": day > today(),
        "all_published": bool(picks) and all(pick.published for pick in picks),
        **extra,
    }
    return render(request, template, context, status=status)


@require_GET
@curator_required
@answers_bad_parameters
def picks_day(request: HttpRequest, day: str) -> HttpResponse:
    return _board(request, parse_day(day))


def _refused(request: HttpRequest, day: date, message: str) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _board(request, day, error=message)
    messages.error(request, message)
    return redirect(_day_url(day))


def _done(request: HttpRequest, day: date) -> HttpResponse:
    return _board(request, day) if request.htmx else redirect(_day_url(day))  # type: ignore[attr-defined]


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def pick_add_view(request: HttpRequest, day: str) -> HttpResponse:
    the_day = parse_day(day)
    try:
        paper = _paper_from(request.POST.get("paper", ""))
        pick_add(
            paper=paper, day=the_day, user=acting_user(request), note=request.POST.get("note", "")
        )
    except (PickError, SubmissionError) as problem:
        return _refused(request, the_day, problem.message)
    return _done(request, the_day)


def _paper_from(raw: str) -> Paper:
    """A paper by public id or arXiv link; PickError naming the field if we have none."""
    raw = raw.strip()
    try:
        public_id = parse_submitted_id(raw)
    except SubmissionError:
        public_id = raw
    paper = Paper.objects.with_public_id(public_id).first() if public_id else None
    if paper is None:
        raise PickError("paper", f"No paper {raw[:40]!r} on the site.")
    return paper


def _pick(pk: int) -> DailyPick:
    return get_object_or_404(DailyPick.objects.select_related("paper"), pk=pk)


@require_POST
@curator_required
@rate_limited("curate")
def pick_remove_view(request: HttpRequest, pick_id: int) -> HttpResponse:
    pick = _pick(pick_id)
    pick_remove(pick=pick, user=acting_user(request))
    return _done(request, pick.featured_on)


@require_POST
@curator_required
@rate_limited("curate")
def pick_edit_view(request: HttpRequest, pick_id: int) -> HttpResponse:
    pick = _pick(pick_id)
    note = request.POST.get("note")
    if note is not None and len(note) > 5000:
        return _refused(request, pick.featured_on, "note: at most 5000 characters.")
    published = request.POST.get("published")
    pick_update(
        pick=pick,
        user=acting_user(request),
        note=note,
        published=None if published is None else published == "true",
    )
    return _done(request, pick.featured_on)


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def pick_move_view(request: HttpRequest, pick_id: int) -> HttpResponse:
    pick = _pick(pick_id)
    raw = request.POST.get("position", "")
    if raw in ("up", "down"):
        position = pick.position + (-1 if raw == "up" else 1)
    elif raw.isdigit():
        position = int(raw)
    else:
        raise BadParameter("position", "must be up, down or a number")
    try:
        pick_move(pick=pick, position=position, user=acting_user(request))
    except PickError as problem:
        return _refused(request, pick.featured_on, problem.message)
    return _done(request, pick.featured_on)


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def picks_reorder_view(request: HttpRequest, day: str) -> HttpResponse:
    the_day = parse_day(day)
    order = request.POST.getlist("order")
    if not all(item.isdigit() for item in order):
        raise BadParameter("order", "must list pick ids")
    try:
        picks_reorder(day=the_day, order=[int(item) for item in order], user=acting_user(request))
    except PickError as problem:
        return _refused(request, the_day, problem.message)
    return _done(request, the_day)


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def picks_publish_view(request: HttpRequest, day: str) -> HttpResponse:
    the_day = parse_day(day)
    published = request.POST.get("published", "true") == "true"
    count = picks_publish(day=the_day, user=acting_user(request), published=published)
    if not request.htmx:  # type: ignore[attr-defined]
        verb = "published" if published else "taken back"
        messages.success(request, f"{count} pick{'s' if count != 1 else ''} {verb}.")
    return _done(request, the_day)


@require_POST
@curator_required
@rate_limited("curate")
@answers_bad_parameters
def pick_paper_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """The "Pick for …" control of paper cards, the paper page and the queue."""
    paper = get_object_or_404(Paper.objects.with_public_id(public_id))
    day = parse_day(request.POST.get("date"))
    try:
        pick_add(paper=paper, day=day, user=acting_user(request))
    except PickError as problem:
        message, ok = problem.message, False
    else:
        message, ok = f"Picked for {day:%a %d %b} (draft: publish it on the day's picks).", True
    if request.htmx:  # type: ignore[attr-defined]
        context = {"paper": paper, "message": message, "ok": ok, "day": day}
        return render(request, "curation/_pick_done.html", context)
    (messages.success if ok else messages.error)(request, message)
    return redirect(_day_url(day))
