from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..models import Paper
from ..page_cache import cached_page
from .common import get_paper_or_404


@cached_page(lambda request, public_id: [f"paper:{public_id}"])
def paper_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    papers = Paper.objects.for_listing(request.user).prefetch_related("categories")
    paper = get_paper_or_404(papers, public_id)
    if public_id != paper.public_id:  # a versioned id or a short id superseded by an arXiv id
        return redirect(paper, permanent=True)
    return render(request, "papers/paper_detail.html", {"paper": paper})
