"""Daily, weekly and monthly lists, the date picker, and trending."""

import re
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.curation.models import DailyPick

from .models import Paper
from .periods import (
    FIRST_DAY,
    LAST_DAY,
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_KINDS,
    OutOfRange,
    Period,
)
from .querysets import TRENDING_GRAVITY
from .views_common import SORTS, BadParameter, answers_bad_parameters, chosen_sort, listing_context

TRENDING_WINDOWS = {
    "24h": ("24 hours", timedelta(hours=24)),
    "7d": ("7 days", timedelta(days=7)),
    "30d": ("30 days", timedelta(days=30)),
}
TRENDING_DEFAULT = "7d"


def nearest_listed_day(period: Period) -> date | None:
    """The closest day before or after `period` that has published papers."""
    published = Paper.objects.published().filter(listed_on__range=(FIRST_DAY, LAST_DAY))
    before = (
        published.filter(listed_on__lt=period.start)
        .order_by("-listed_on")
        .values_list("listed_on", flat=True)
        .first()
    )
    after = (
        published.filter(listed_on__gte=period.end)
        .order_by("listed_on")
        .values_list("listed_on", flat=True)
        .first()
    )
    distances = {}
    if before:
        distances[before] = (period.start - before).days
    if after:
        distances[after] = (after - period.end).days + 1
    return min(distances, key=lambda day: distances[day], default=None)


def with_pick_notes(papers, day: date):
    """Annotate `pick_note`: the staff's note on the paper's pick that day ("" or None if none)."""
    notes = DailyPick.objects.filter(featured_on=day, paper=OuterRef("pk")).values("note")[:1]
    return papers.annotate(pick_note=Subquery(notes))


def _render_period(request, period: Period):
    sort = chosen_sort(request, default="top")
    papers = Paper.objects.for_listing(request.user)
    if period.kind == "day" and sort.key == "top":
        papers = with_pick_notes(papers.daily(period.start), period.start)  # picks first
    else:
        papers = sort.apply(papers.listed_between(period.start, period.end))
    context = listing_context(
        request, papers, sort=sort, period=period, first_day=FIRST_DAY, last_day=LAST_DAY
    )
    if not context["paginator"].count:
        nearest = nearest_listed_day(period)
        context["nearest"] = Period.containing("day", nearest) if nearest else None
    return render(request, "papers/period_list.html", context)


def _period_or_404(kind: str, pattern: str, value: str, parse) -> Period:
    match = re.fullmatch(pattern, value)
    if match is None:
        raise Http404(f"not a {kind}: {value}")
    try:
        return Period.containing(kind, parse(*(int(part) for part in match.groups())))
    except OutOfRange as error:
        raise Http404(str(error)) from error
    except (AttributeError, ValueError) as error:
        raise Http404(f"{value!r} is not a valid date.") from error


@answers_bad_parameters
def today(request):
    return _render_period(request, Period.containing("day", timezone.localdate()))


@answers_bad_parameters
def this_week(request):
    return _render_period(request, Period.containing("week", timezone.localdate()))


@answers_bad_parameters
def this_month(request):
    return _render_period(request, Period.containing("month", timezone.localdate()))


@answers_bad_parameters
def day(request, day: str):
    period = _period_or_404("day", r"(\d{4})-(\d{2})-(\d{2})", day, date)
    return _render_period(request, period)


@answers_bad_parameters
def week(request, week: str):
    period = _period_or_404(
        "week", r"(\d{4})-W(\d{2})", week, lambda y, w: date.fromisocalendar(y, w, 1)
    )
    return _render_period(request, period)


@answers_bad_parameters
def month(request, month: str):
    period = _period_or_404("month", r"(\d{4})-(\d{2})", month, lambda y, m: date(y, m, 1))
    return _render_period(request, period)


@answers_bad_parameters
def jump(request):
    """The date picker's target: /papers/jump?date=2025-11-26&period=week."""
    kind = request.GET.get("period") or "day"
    if kind not in PERIOD_KINDS:
        raise BadParameter("period", f"must be one of {', '.join(PERIOD_KINDS)}")
    raw = request.GET.get("date", "")
    try:
        period = Period.containing(kind, date.fromisoformat(raw))
    except OutOfRange as error:
        raise BadParameter(
            "date", f"must fall in a {kind} of the years {MIN_YEAR} to {MAX_YEAR}"
        ) from error
    except ValueError as error:
        raise BadParameter("date", "must be a date written YYYY-MM-DD") from error
    url = period.url()
    sort = request.GET.get("sort")
    return redirect(f"{url}?sort={sort}" if sort in SORTS else url)


@answers_bad_parameters
def trending(request):
    window = request.GET.get("window") or TRENDING_DEFAULT
    if window not in TRENDING_WINDOWS:
        raise BadParameter("window", f"must be one of {', '.join(TRENDING_WINDOWS)}")
    label, span = TRENDING_WINDOWS[window]
    papers = Paper.objects.for_listing(request.user).trending(span)
    context = listing_context(
        request,
        papers,
        window=window,
        window_label=label,
        windows=[(key, text) for key, (text, _span) in TRENDING_WINDOWS.items()],
        gravity=TRENDING_GRAVITY,
    )
    return render(request, "papers/trending_list.html", context)
