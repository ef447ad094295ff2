"""Paging through search results without counting every match."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from ..models import Paper

# Counting every match of a query like "language models" costs a pass over the
# whole table; past this many the page says "10000+" and stops paginating.
MAX_COUNTED_RESULTS = 10_000


class CappedPaginator(Paginator):
    object_list: QuerySet[Paper]

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by().values("pk")[: MAX_COUNTED_RESULTS + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, MAX_COUNTED_RESULTS)

    @property
    def capped(self) -> bool:
        return self.counted > MAX_COUNTED_RESULTS
