from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Paper
from .search import suggest_titles
from .search_forms import SearchForm


def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "searched": False, "papers": [], "suggestions": []}
    if not request.GET:
        return render(request, "papers/search.html", context)
    if not form.is_valid():
        return render(request, "papers/search.html", context, status=400)
    if not form.has_criteria:
        return render(request, "papers/search.html", context)

    papers, plan = form.results(Paper.objects.for_listing(request.user))
    page = Paginator(papers, settings.PAPERS_PER_PAGE).get_page(request.GET.get("page"))
    snippets = plan.snippets([paper.pk for paper in page.object_list])
    for paper in page.object_list:
        paper.snippet = snippets.get(paper.pk)

    query = form.cleaned_data["q"]
    # Offer titles when nothing matched, or when no result has every word (a typo, often).
    best = page.object_list[0] if page.object_list else None
    if query and page.number == 1 and (best is None or getattr(best, "coverage", 1) < 1):
        context["suggestions"] = suggest_titles(Paper.objects.published(), query)
    context.update(query=query, searched=True, page_obj=page, papers=page.object_list)
    return render(request, "papers/search.html", context)
