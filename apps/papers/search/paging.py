"""Paging through search results without counting every match."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from ..models import Paper
from .candidates import WINDOW

# Counting every match of a query like "language models" costs a pass over the
# whole table; past this many the page says "10000+" and stops paginating.
MAX_COUNTED_RESULTS = 10_000


class CappedPaginator(Paginator):
    object_list: QuerySet[Paper]
    max_count = MAX_COUNTED_RESULTS

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by().values("pk")[: self.max_count + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.max_count)

    @property
    def capped(self) -> bool:
        return self.counted > self.max_count


class RankedPaginator(CappedPaginator):
    """Results in relevance order: the best WINDOW matches ("1000+" when more matched).

    `counted`: the window's size where the caller knows it (SearchPlan.window, from the
    ids it fetched), which spares counting them again."""

    max_count = WINDOW

    def __init__(self, *args: Any, counted: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if counted is not None:
            self.__dict__["counted"] = counted  # the cached_property's value
