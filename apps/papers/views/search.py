"""The /search page."""

import functools
from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Paper
from ..search import CappedPaginator, RankedPaginator, suggest_titles
from ..search.forms import SearchForm
from .common import answers_bad_parameters, paginate


@answers_bad_parameters
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "searched": False, "papers": [], "suggestions": []}
    if not request.GET:
        return render(request, "papers/search.html", context)
    if not form.is_valid():
        return render(request, "papers/search.html", context, status=400)
    if not form.has_criteria:
        return render(request, "papers/search.html", context)

    papers, plan = form.results(Paper.objects.for_card_list(request.user))
    if form.ranked:
        paginator: Callable[..., Paginator] = functools.partial(
            RankedPaginator, counted=plan.window
        )
    else:
        paginator = CappedPaginator
    page = paginate(request, papers, paginator_class=paginator)
    plan.annotate_page(page.object_list)

    query = form.cleaned_data["q"]
    nothing_to_find = bool(query) and plan.match is None  # stop words or exclusions only
    # Offer titles when nothing matched, or when no result has every word (a typo, often).
    best = page.object_list[0] if page.object_list else None
    partial = best is None or getattr(best, "coverage", 1) < 1
    if query and not nothing_to_find and page.number == 1 and partial:
        context["suggestions"] = suggest_titles(Paper.objects.published(), query)
    context.update(
        nothing_to_find=nothing_to_find,
        query=query,
        searched=True,
        page_obj=page,
        papers=page.object_list,
    )
    return render(request, "papers/search.html", context)
