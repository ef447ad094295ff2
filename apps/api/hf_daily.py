"""The list behind GET /api/daily_papers (Hugging Face compatible), chosen from its query.

`date`: the site's day page (that day's staff picks in staff order, then the papers
listed that day by votes); `week` / `month`: the papers listed in that period by
votes; none of them: the most recent day with papers. `submitter` keeps the papers
that user picked (on that day, for a day's list); `sort="trending"` orders the same
papers by trending score.
"""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Max, OuterRef

from apps.accounts.models import User
from apps.curation.models import DailyPick
from apps.papers.models import Paper

from . import periods
from .pagination import DAILY, TRENDING, VOTES
from .queries import papers_for_api


def hf_daily_papers(
    *,
    user: User | AnonymousUser,
    day: str | None = None,
    week: str | None = None,
    month: str | None = None,
    submitter: str | None = None,
    sort: str = "publishedAt",
    page: int = 0,
    limit: int = 50,
) -> tuple[list[Paper], date | None]:
    """One page of the list, and the day it is for (None for a week or a month).

    Periods are the query's raw strings: a bad one is a ValidationError naming it."""
    published = papers_for_api(user, queryset=Paper.objects.published())
    listed_on = None
    start = page * limit
    if week or month:
        first, end = periods.parse_week(week) if week else periods.parse_month(month)
        papers, ordering = published.listed_between(first, end), VOTES
        if (
            not submitter
            and sort != "trending"
            and start + limit <= published.MOST_VOTED_MERGE_DEPTH
        ):
            papers = published.among_days_most_voted(first, end, start + limit)
    else:
        listed_on = periods.parse_day(day) if day else latest_day()
        papers, ordering = published.daily(listed_on), DAILY
    if submitter:
        picks = DailyPick.objects.filter(
            paper=OuterRef("pk"), picked_by__username=submitter, published=True
        )
        if listed_on is not None:
            picks = picks.filter(featured_on=listed_on)
        papers = papers.filter(Exists(picks))
    if sort == "trending":
        # Re-select by id: the day's list joins picks, which would skew vote counts.
        ids = papers.values("pk")
        papers = papers_for_api(user, queryset=Paper.objects.filter(pk__in=ids))
        ordering = TRENDING
    return list(ordering.apply(papers)[start : start + limit]), listed_on


def latest_day() -> date:
    """The most recent day, up to today, with listed or featured papers (today if none)."""
    today = periods.today()
    listed = Paper.objects.published().filter(listed_on__lte=today).aggregate(d=Max("listed_on"))
    featured = DailyPick.objects.filter(featured_on__lte=today, published=True).aggregate(
        d=Max("featured_on")
    )
    return max((d for d in (listed["d"], featured["d"]) if d), default=today)
