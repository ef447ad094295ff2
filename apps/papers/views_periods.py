"""Daily, weekly and monthly lists, the date picker, and trending."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .models import Paper
from .querysets import TRENDING_GRAVITY
from .views_common import SORTS, BadParameter, answers_bad_parameters, chosen_sort, listing_context

PERIOD_KINDS = ("day", "week", "month")
TRENDING_WINDOWS = {
    "24h": ("24 hours", timedelta(hours=24)),
    "7d": ("7 days", timedelta(days=7)),
    "30d": ("30 days", timedelta(days=30)),
}
TRENDING_DEFAULT = "7d"


@dataclass(frozen=True)
class Period:
    kind: str  # "day", "week" or "month"
    start: date
    end: date  # exclusive

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        if kind == "week":
            start = day - timedelta(days=day.weekday())
            return cls("week", start, start + timedelta(days=7))
        if kind == "month":
            start = day.replace(day=1)
            return cls("month", start, (start + timedelta(days=32)).replace(day=1))
        return cls("day", day, day + timedelta(days=1))

    @property
    def slug(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        return self.start.isoformat()

    @property
    def title(self) -> str:
        if self.kind == "week":
            last = self.end - timedelta(days=1)
            year, week, _ = self.start.isocalendar()
            return f"Week {week}, {year} · {self.start:%-d %b} to {last:%-d %b %Y}"
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"{self.start:%A %-d %B %Y}"

    def url(self) -> str:
        if self.kind == "day" and self.start == timezone.localdate():
            return reverse("papers:today")
        return reverse(f"papers:{self.kind}", args=[self.slug])

    @property
    def previous(self) -> "Period":
        return Period.containing(self.kind, self.start - timedelta(days=1))

    @property
    def next(self) -> "Period | None":
        """The following period, unless it starts in the future."""
        if self.end > timezone.localdate():
            return None
        return Period.containing(self.kind, self.end)

    @property
    def wider(self) -> list["Period"]:
        """The week and month this period lies in (those longer than it)."""
        longer = PERIOD_KINDS[PERIOD_KINDS.index(self.kind) + 1 :]
        return [Period.containing(kind, self.start) for kind in longer]

    @property
    def short_title(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"Week {week}, {year}"
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"{self.start:%a %-d %b}"

    @property
    def is_current(self) -> bool:
        return self.start <= timezone.localdate() < self.end


def nearest_listed_day(period: Period) -> date | None:
    """The closest day before or after `period` that has published papers."""
    published = Paper.objects.published()
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
    return min(distances, key=distances.get, default=None)


def _render_period(request, period: Period):
    sort = chosen_sort(request, default="top")
    papers = Paper.objects.for_listing(request.user)
    if period.kind == "day" and sort.key == "top":
        papers = papers.daily(period.start)  # staff picks first, in staff order
    else:
        papers = sort.apply(papers.listed_between(period.start, period.end))
    context = listing_context(request, papers, sort=sort, period=period)
    if not context["paginator"].count:
        nearest = nearest_listed_day(period)
        context["nearest"] = Period.containing("day", nearest) if nearest else None
    return render(request, "papers/period_list.html", context)


def _parse_or_404(pattern: str, value: str, parse) -> date:
    match = re.fullmatch(pattern, value)
    try:
        return parse(*(int(part) for part in match.groups()))
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
    start = _parse_or_404(r"(\d{4})-(\d{2})-(\d{2})", day, date)
    return _render_period(request, Period.containing("day", start))


@answers_bad_parameters
def week(request, week: str):
    start = _parse_or_404(r"(\d{4})-W(\d{2})", week, lambda y, w: date.fromisocalendar(y, w, 1))
    return _render_period(request, Period.containing("week", start))


@answers_bad_parameters
def month(request, month: str):
    start = _parse_or_404(r"(\d{4})-(\d{2})", month, lambda y, m: date(y, m, 1))
    return _render_period(request, Period.containing("month", start))


@answers_bad_parameters
def jump(request):
    """The date picker's target: /papers/jump?date=2025-11-26&period=week."""
    kind = request.GET.get("period") or "day"
    if kind not in PERIOD_KINDS:
        raise BadParameter("period", f"must be one of {', '.join(PERIOD_KINDS)}")
    raw = request.GET.get("date", "")
    try:
        picked = date.fromisoformat(raw)
    except ValueError as error:
        raise BadParameter("date", "must be a date written YYYY-MM-DD") from error
    url = Period.containing(kind, picked).url()
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
