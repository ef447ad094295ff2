"""The day's, week's and month's lists: the same papers in the same order as the site's pages."""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.papers.models import Paper
from apps.papers.querysets import PaperQuerySet

from ..cursors import Position
from ..examples import PAPER_EXAMPLE
from ..pagination import DAILY, VOTES, KeysetPagination
from ..periods import parse_day, parse_month, parse_week
from ..queries import papers_for_api
from ..response_cache import cached_for_anonymous_callers
from ..serializers import PaperSerializer
from .common import conditional_get

_ViewT = TypeVar("_ViewT", bound=Callable[..., Any])


class _PeriodList(generics.ListAPIView):
    serializer_class = PaperSerializer
    pagination_class = KeysetPagination
    filter_backends: list = []

    period_named: tuple[str, str]  # the kind of period listed, and the parameter naming it

    def published(self) -> PaperQuerySet:
        return papers_for_api(self.request.user, queryset=Paper.objects.published())

    @cached_for_anonymous_callers(lambda view: [view.period_named])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _period_schema(
    summary: str, description: str, param: str, param_help: str, example: str
) -> Callable[[_ViewT], _ViewT]:
    return extend_schema(
        summary=summary,
        description=description + " Answers with an ETag (If-None-Match gives a 304).",
        tags=["lists"],
        parameters=[OpenApiParameter(param, OpenApiTypes.STR, description=param_help, examples=[
            OpenApiExample(param, value=example)
        ])],
        examples=[OpenApiExample("A page", value=[PAPER_EXAMPLE], response_only=True)],
    )  # fmt: skip


@conditional_get
@_period_schema(
    "The day's list",
    "Staff picks of the day in staff order, then the day's papers by votes. "
    "`date` is YYYY-MM-DD (UTC), today when absent.",
    "date",
    "The day, YYYY-MM-DD (UTC); today when absent.",
    "2025-11-26",
)
class DailyListView(_PeriodList):
    ordering = DAILY
    period_named = ("day", "date")

    def get_queryset(self) -> PaperQuerySet:
        day = parse_day(self.request.query_params.get("date"))
        return self.published().daily(day)


class _DaysMergedPagination(KeysetPagination):
    """Keyset pages of a period by votes, each read from every day's next papers after
    the cursor (`PaperQuerySet.among_days_most_voted`): a page costs the same at any
    depth, instead of sorting all the period's papers (39,000 in a month at 1,000,000)."""

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list:
        self.period = cast(_RangeList, view).period
        return super().paginate_queryset(queryset, request, view)

    def read(self, parts: list[QuerySet], position: Position | None, limit: int) -> list:
        (part,) = parts
        start, end = self.period
        after = tuple(position.values) if position is not None else None
        backwards = position is not None and position.backwards
        narrowed = cast(PaperQuerySet, part).among_days_most_voted(
            start, end, limit, after=after, backwards=backwards
        )
        return super().read([narrowed], position, limit)


class _RangeList(_PeriodList):
    """Papers listed in [start, end) of the period named by `param`, by votes."""

    ordering = VOTES
    pagination_class = _DaysMergedPagination
    param: str
    parse = staticmethod(parse_week)
    period: tuple[date, date]

    def get_queryset(self) -> PaperQuerySet:
        self.period = self.parse(self.request.query_params.get(self.param))
        return self.published().listed_between(*self.period)


@conditional_get
@_period_schema(
    "The week's list",
    "Papers listed in an ISO week, by votes. `week` is YYYY-Www, this week when absent.",
    "week",
    "The ISO week, YYYY-Www; this week when absent.",
    "2025-W48",
)
class WeeklyListView(_RangeList):
    param, parse = "week", staticmethod(parse_week)
    period_named = ("week", "week")


@conditional_get
@_period_schema(
    "The month's list",
    "Papers listed in a month, by votes. `month` is YYYY-MM, this month when absent.",
    "month",
    "The month, YYYY-MM; this month when absent.",
    "2025-11",
)
class MonthlyListView(_RangeList):
    param, parse = "month", staticmethod(parse_month)
    period_named = ("month", "month")
