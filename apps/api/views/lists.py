"""The day's, week's and month's lists: the same papers in the same order as the site's pages."""

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics

from apps.papers.models import Paper
from apps.papers.querysets import PaperQuerySet

from ..examples import PAPER_EXAMPLE
from ..pagination import DAILY, VOTES, KeysetPagination
from ..periods import parse_day, parse_month, parse_week
from ..queries import papers_for_api
from ..serializers import PaperSerializer
from .common import conditional_get

_ViewT = TypeVar("_ViewT", bound=Callable[..., Any])


class _PeriodList(generics.ListAPIView):
    serializer_class = PaperSerializer
    pagination_class = KeysetPagination
    filter_backends: list = []

    def published(self) -> PaperQuerySet:
        return papers_for_api(self.request.user, queryset=Paper.objects.published())


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

    def get_queryset(self) -> PaperQuerySet:
        day = parse_day(self.request.query_params.get("date"))
        return self.published().daily(day)


class _RangeList(_PeriodList):
    """Papers listed in [start, end) of the period named by `param`, by votes."""

    ordering = VOTES
    param: str
    parse = staticmethod(parse_week)

    def get_queryset(self) -> PaperQuerySet:
        start, end = self.parse(self.request.query_params.get(self.param))
        return self.published().listed_between(start, end)


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
