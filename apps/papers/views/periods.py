"""Daily, weekly and monthly lists, the date picker, and trending."""

from collections.abc import Callable
from datetime import date
from functools import partial

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import trending as trending_scores
from ..follows import followed_tag_ids
from ..models import Paper
from ..page_cache import SHORT_TIMEOUT, cached_page
from ..periods import (
    FIRST_DAY,
    LAST_DAY,
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_KINDS,
    OutOfRange,
    Period,
)
from ..querysets import PaperQuerySet
from .common import (
    SORTS,
    BadParameter,
    NarrowedPaginator,
    answers_bad_parameters,
    chosen_sort,
    listing_context,
)

TRENDING_LABELS = {"24h": "24 hours", "7d": "7 days", "30d": "30 days"}


def _render_period(request: HttpRequest, period: Period) -> HttpResponse:
    sort = chosen_sort(request, default="top")
    papers = Paper.objects.for_card_list(request.user)
    if period.kind == "day" and sort.key == "top":
        papers = papers.daily(period.start)  # staff picks first
    elif period.kind == "day":  # the papers picked for the day belong to it, whatever the sort
        papers = sort.apply(papers.on_day(period.start))
    else:
        papers = sort.apply(papers.listed_between(period.start, period.end))
    paginator_class: Callable[..., Paginator] = Paginator
    if period.kind != "day" and sort.key == "top":
        # Pages are read from the days' own most voted papers (the same papers, the same
        # order), with no period filter beside it for the planner to misjudge.
        def narrow(depth: int) -> PaperQuerySet:
            return sort.apply(
                Paper.objects.for_card_list(request.user).among_days_most_voted(
                    period.start, period.end, depth
                )
            )

        paginator_class = partial(
            NarrowedPaginator, narrow=narrow, most=PaperQuerySet.MOST_VOTED_MERGE_DEPTH
        )
    # "My topics": a signed-in reader's followed tags only (anonymous pages ignore it);
    # the page is kept per set of followed tags (_topics_scope).
    my_topics = period.kind == "day" and request.GET.get("topics") == "mine"
    if my_topics and request.user.is_authenticated:
        papers = papers.in_followed_topics(request.user)
    context = listing_context(
        request,
        papers,
        sort=sort,
        period=period,
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        my_topics=my_topics,
        paginator_class=paginator_class,
    )
    if not context["paginator"].count:
        nearest = Paper.objects.published().nearest_listed_day(period.start, period.end)
        context["nearest"] = Period.containing("day", nearest) if nearest else None
    return render(request, "papers/period_list.html", context)


def _period_or_404(kind: str, text: str) -> Period:
    try:
        return Period.parse(kind, text)
    except ValueError as error:
        raise Http404(str(error)) from error


def _period_scope(kind: str) -> Callable[..., list[str]]:
    def scopes(request: HttpRequest, **kwargs: str) -> list[str]:
        text = kwargs.get(kind) or Period.containing(kind, timezone.localdate()).slug
        return [f"{kind}:{text}", *_topics_scope(request, kind)]

    return scopes


def _topics_scope(request: HttpRequest, kind: str) -> list[str]:
    """A signed-in reader's "My topics" day is the day's papers in the tags they follow:
    one copy per set of followed tags (readers following the same ones share it, their
    own parts filled in; a reader who follows another tag asks for another copy)."""
    if kind != "day" or request.GET.get("topics") != "mine" or not request.user.is_authenticated:
        return []
    return [f"topics:{','.join(map(str, followed_tag_ids(request.user)))}"]


@cached_page(_period_scope("day"))
@answers_bad_parameters
def today(request: HttpRequest) -> HttpResponse:
    return _render_period(request, Period.containing("day", timezone.localdate()))


@cached_page(_period_scope("week"))
@answers_bad_parameters
def this_week(request: HttpRequest) -> HttpResponse:
    return _render_period(request, Period.containing("week", timezone.localdate()))


@cached_page(_period_scope("month"))
@answers_bad_parameters
def this_month(request: HttpRequest) -> HttpResponse:
    return _render_period(request, Period.containing("month", timezone.localdate()))


@cached_page(_period_scope("day"))
@answers_bad_parameters
def day(request: HttpRequest, day: str) -> HttpResponse:
    return _render_period(request, _period_or_404("day", day))


@cached_page(_period_scope("week"))
@answers_bad_parameters
def week(request: HttpRequest, week: str) -> HttpResponse:
    return _render_period(request, _period_or_404("week", week))


@cached_page(_period_scope("month"))
@answers_bad_parameters
def month(request: HttpRequest, month: str) -> HttpResponse:
    return _render_period(request, _period_or_404("month", month))


@answers_bad_parameters
def jump(request: HttpRequest) -> HttpResponse:
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


@cached_page(lambda request: [], timeout=SHORT_TIMEOUT)
@answers_bad_parameters
def trending(request: HttpRequest) -> HttpResponse:
    window = request.GET.get("window") or trending_scores.DEFAULT_WINDOW
    if window not in trending_scores.WINDOWS:
        raise BadParameter("window", f"must be one of {', '.join(trending_scores.WINDOWS)}")
    papers = Paper.objects.for_card_list(request.user).trending(window)
    context = listing_context(
        request,
        papers,
        window=window,
        window_label=TRENDING_LABELS[window],
        windows=list(TRENDING_LABELS.items()),
        gravity=trending_scores.GRAVITY,
    )
    return render(request, "papers/trending_list.html", context)
