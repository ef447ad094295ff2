"""What every paper list page shares: sorting, paging, 400s for bad parameters."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_htmx.middleware import HtmxDetails

from ..models import Paper
from ..querysets import PaperQuerySet


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware (every request here)."""

    htmx: HtmxDetails


class BadParameter(Exception):
    """A query parameter with a value we cannot use: answered with a 400 naming it."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def answers_bad_parameters(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            context = {"parameter": error.name, "problem": error.problem}
            return render(request, "papers/bad_parameter.html", context, status=400)

    return wrapper


@dataclass(frozen=True)
class SortOption:
    key: str
    label: str
    apply: Callable


SORTS = {
    # Every list page is narrowed (a period, a tag, an author): see PaperQuerySet.by_votes.
    "top": SortOption("top", "Most votes", lambda qs: qs.by_votes(narrowed=True)),
    "new": SortOption("new", "Newest", lambda qs: qs.newest_first()),
}


def chosen_sort(request: HttpRequest, default: str) -> SortOption:
    key = request.GET.get("sort") or default
    if key not in SORTS:
        raise BadParameter("sort", f"must be one of {', '.join(SORTS)}")
    return SORTS[key]


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int | None = None,
    paginator_class: Callable[..., Paginator] = Paginator,
) -> Page:
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise BadParameter("page", "must be a whole number from 1")
    paginator = paginator_class(queryset, per_page or settings.PAPERS_PER_PAGE)
    try:
        return paginator.page(int(raw))
    except EmptyPage as error:
        raise Http404(f"There is no page {raw}.") from error


class NarrowedPaginator(Paginator):
    """Counts the whole list but reads each page from `narrow(depth)`: a cheaper query
    holding (at least) the list's first `depth` rows in the same order. Deeper than
    `most` rows it reads the list itself."""

    def __init__(
        self, object_list: QuerySet, per_page: int, *, narrow: Callable[[int], QuerySet],
        most: int,
    ) -> None:  # fmt: skip
        super().__init__(object_list, per_page)
        self.narrow = narrow
        self.most = most

    def page(self, number: int | str) -> Page:
        page = super().page(number)
        depth = page.end_index()
        if 0 < depth <= self.most:
            page.object_list = self.narrow(depth)[page.start_index() - 1 : depth]
        return page


def listing_context(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    sort: SortOption | None = None,
    paginator_class: Callable[..., Paginator] = Paginator,
    **extra: Any,
) -> dict[str, Any]:
    page = paginate(request, queryset, paginator_class=paginator_class)
    return {
        "page_obj": page,
        "paginator": page.paginator,
        "papers": page.object_list,
        "sort": sort,
        "sorts": SORTS.values() if sort else (),
        **extra,
    }


def get_paper_or_404(queryset: PaperQuerySet, public_id: str) -> Paper:
    """By arXiv id (a version suffix is ignored) or short id; 404 otherwise."""
    return get_object_or_404(queryset.with_public_id(public_id))
