from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView

from .identifiers import InvalidArxivId, split_arxiv_id
from .models import Paper


class PaperListView(ListView):
    template_name = "papers/paper_list.html"
    context_object_name = "papers"
    paginate_by = settings.PAPERS_PER_PAGE

    def get_queryset(self):
        return Paper.objects.for_listing(self.request.user).newest_first()


def paper_detail(request, public_id: str):
    try:
        arxiv_id, _version = split_arxiv_id(public_id)
    except InvalidArxivId:
        arxiv_id = None
    lookup = Q(arxiv_id=arxiv_id) if arxiv_id else Q(short_id=public_id)
    paper = get_object_or_404(Paper.objects.for_listing(request.user), lookup)
    if public_id != paper.public_id:  # a versioned id or a short id superseded by an arXiv id
        return redirect(paper, permanent=True)
    return render(request, "papers/paper_detail.html", {"paper": paper})
