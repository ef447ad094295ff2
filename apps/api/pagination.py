"""Keyset ("cursor") pagination for the long lists.

A cursor holds the sort keys of the last (or first) row shown; the next page is
the rows strictly after it in the list's total order, found with a WHERE clause
rather than an OFFSET. Pages therefore stay put while new papers arrive, and
deep pages cost the same as the first one. Every ordering ends with the primary
key, so the order is total and no row is skipped or repeated at a page edge.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, Protocol, TypeVar, cast

from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from apps.papers import trending

from . import cursors

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any, Any])
_ModelT = TypeVar("_ModelT", bound=models.Model)
_RowT = TypeVar("_RowT")

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Key:
    expression: Any
    # The column type: a cursor's value for this key must be of this type and in its range.
    output_field: models.Field
    descending: bool = False
    cast: bool = False

    def annotation(self) -> Combinable:
        expression = F(self.expression) if isinstance(self.expression, str) else self.expression
        return Cast(expression, self.output_field) if self.cast else expression


@dataclass(frozen=True)
class Ordering:
    """A named total order: sort keys, the last one unique."""

    name: str
    keys: tuple[Key, ...]
    # queryset -> queryset with what the keys need.
    prepare: Any = field(default=None)
    # For lists read in consecutive parts (TRENDING): queryset -> the parts, each
    # with what the keys need, every row of a part before the next part's; `part_of`,
    # values -> the part a cursor's sort keys fall in; `tied_parts`, the parts whose rows
    # all have one value of the first key.
    split: Any = field(default=None)
    part_of: Any = field(default=None)
    tied_parts: frozenset[int] = frozenset()

    def apply(self, queryset: _QuerySetT) -> _QuerySetT:
        """Annotate the sort keys and order by them."""
        if self.prepare is not None:
            queryset = self.prepare(queryset)
        return self._ordered(queryset)

    def parts(self, queryset: _QuerySetT) -> list[_QuerySetT]:
        """The list as its consecutive parts, each ordered (one part unless split)."""
        if self.split is None:
            return [self.apply(queryset)]
        return [self._ordered(part) for part in self.split(queryset)]

    def _ordered(self, queryset: _QuerySetT) -> _QuerySetT:
        queryset = queryset.annotate(
            **{_alias(i): key.annotation() for i, key in enumerate(self.keys)}
        )
        return queryset.order_by(
            *(
                F(_alias(i)).desc() if key.descending else F(_alias(i)).asc()
                for i, key in enumerate(self.keys)
            )
        )


_LISTED_AT = Coalesce("published_at", "ingested_at")
_ID = Key("id", models.BigAutoField())

PUBLISHED = Ordering(
    "published",
    (
        Key(_LISTED_AT, models.DateTimeField(), descending=True),
        Key("ingested_at", models.DateTimeField(), descending=True),
        _ID,
    ),
)
VOTES = Ordering(
    "votes",
    (
        Key("vote_count", models.PositiveIntegerField(), descending=True),
        Key(_LISTED_AT, models.DateTimeField(), descending=True),
        _ID,
    ),
)
# The trending page's order: the kept scores (apps.papers.trending) in its default window.
# Read in two parts (PaperQuerySet.kept_trending_parts): the papers voted for in the
# window, down the scores' index, then the others, all scored 0, by votes and id: the list
# of a whole archive without scoring or counting anything per request.
TRENDING = Ordering(
    "trending",
    (
        Key("trending_score", models.FloatField(), descending=True),
        Key("vote_count", models.PositiveIntegerField(), descending=True),
        _ID,
    ),
    prepare=lambda queryset: queryset.with_kept_trending_score(trending.DEFAULT_WINDOW),
    split=lambda queryset: queryset.kept_trending_parts(trending.DEFAULT_WINDOW),
    part_of=lambda values: 0 if values[0] > 0 else 1,
    tied_parts=frozenset({1}),
)
# `rank` (apps.papers.search.search_papers) is a PostgreSQL real: cast to double
# precision, so that the value read back into a cursor compares equal to the row's own key.
RELEVANCE = Ordering(
    "relevance",
    (
        Key("rank", models.FloatField(), descending=True, cast=True),
        Key("vote_count", models.PositiveIntegerField(), descending=True),
        _ID,
    ),
)
# PaperQuerySet.daily(): staff picks in staff order, then the day's papers by votes.
DAILY = Ordering(
    "daily",
    (
        Key(
            Coalesce("pick_position", 32767, output_field=models.PositiveSmallIntegerField()),
            models.PositiveSmallIntegerField(),
        ),
        Key("vote_count", models.PositiveIntegerField(), descending=True),
        Key(_LISTED_AT, models.DateTimeField(), descending=True),
        _ID,
    ),
)
PAPER_ORDERINGS = {o.name: o for o in (PUBLISHED, VOTES, TRENDING, RELEVANCE)}


def _alias(index: int) -> str:
    return f"cursor_key_{index}"


class _OrderedView(Protocol):
    ordering: Ordering


class KeysetPagination(BasePagination):
    """The view sets `ordering` (an Ordering) before paginating."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(
        self, queryset: QuerySet[_ModelT, _RowT], request: Request, view: APIView | None = None
    ) -> list[_RowT]:
        self.request = request
        self.ordering = cast(_OrderedView, view).ordering
        self.page_size = self.get_page_size(request)
        position = self.decode_cursor(request)
        backwards = position is not None and position.backwards
        rows = self.read(self.ordering.parts(queryset), position, self.page_size + 1)
        has_more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        self.next_position = self.previous_position = None
        if rows:
            if has_more or backwards:
                self.next_position = self.values_of(rows[-1])
            if position is not None and (has_more or not backwards):
                self.previous_position = self.values_of(rows[0])
        return rows

    def get_paginated_response(self, data: list[dict[str, Any]]) -> Response:
        return Response(
            {
                "next": self.link(self.next_position, backwards=False),
                "previous": self.link(self.previous_position, backwards=True),
                "results": data,
            }
        )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return size

    def read(
        self, parts: list[QuerySet[_ModelT, _RowT]], position: cursors.Position | None, limit: int
    ) -> list[_RowT]:
        """Up to `limit` rows from the cursor on (back from it when it points backwards),
        from its part and, if that one runs out, the next ones (the previous ones)."""
        backwards = position is not None and position.backwards
        first = 0
        if position is not None and self.ordering.part_of is not None:
            first = self.ordering.part_of(position.values)
        rows: list[_RowT] = []
        for index in range(first, -1, -1) if backwards else range(first, len(parts)):
            part = parts[index]
            if position is not None and index == first:
                tied = index in self.ordering.tied_parts
                part = part.filter(self.after(position.values, backwards=backwards, tied=tied))
            if backwards:
                part = part.reverse()
            rows.extend(part[: limit - len(rows)])
            if len(rows) == limit:
                break
        return rows

    def after(self, values: list, *, backwards: bool, tied: bool = False) -> Q:
        """Rows strictly after `values` in the order (before them when `backwards`);
        `tied`: every row has the first key's value of `values`."""
        branches = []
        equal_so_far = Q()
        for i, key in enumerate(self.ordering.keys):
            later = "lt" if key.descending != backwards else "gt"
            branches.append(equal_so_far & Q(**{f"{_alias(i)}__{later}": values[i]}))
            equal_so_far &= Q(**{_alias(i): values[i]})
        # The leading keys' bounds, redundant but sargable: the index range starts at the
        # cursor. The first key's, and the second's too when the first is tied.
        bounds = Q()
        for i, key in enumerate(self.ordering.keys[: 2 if tied else 1]):
            bound = "lte" if key.descending != backwards else "gte"
            bounds &= Q(**{f"{_alias(i)}__{bound}": values[i]})
        return bounds & reduce(operator.or_, branches)

    def values_of(self, row: object) -> list:
        return [getattr(row, _alias(i)) for i in range(len(self.ordering.keys))]

    def link(self, values: list | None, *, backwards: bool) -> str | None:
        if values is None:
            return None
        token = cursors.encode(self.ordering, values, backwards=backwards)
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, token)

    def decode_cursor(self, request: Request) -> cursors.Position | None:
        raw = request.query_params.get(self.cursor_query_param)
        if raw in (None, ""):
            return None
        try:
            return cursors.decode(raw, self.ordering)
        except cursors.InvalidCursor as reason:
            message = f"Invalid cursor ({reason}): use the next/previous links as given."
            raise ValidationError({self.cursor_query_param: [message]}) from None

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE} "
                f"(default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "example": 25,
            },
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    **link,
                    "description": "The next page, or null on the last.",
                    "example": "https://papers.example.org/api/v1/papers/?cursor=eyJvIjoi...",
                },
                "previous": {
                    **link,
                    "description": "The previous page, or null on the first.",
                    "example": None,
                },
                "results": schema,
            },
        }
