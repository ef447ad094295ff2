"""Tag, category and author pages: their papers, with the list pages' sorting."""

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Author, Category, Paper, Tag
from ..page_cache import SHORT_TIMEOUT, cached_page
from ..querysets import PaperQuerySet
from .common import answers_bad_parameters, chosen_sort, listing_context


def _render_papers_of(
    request: HttpRequest, subject: Model, papers: PaperQuerySet, *, kind: str, heading: str
) -> HttpResponse:
    sort = chosen_sort(request, default="new")
    context = listing_context(
        request, sort.apply(papers), sort=sort, subject=subject, kind=kind, heading=heading
    )
    return render(request, "papers/subject_list.html", context)


# Their counts move with votes on any of their papers: kept briefly.
@cached_page(lambda request, **kwargs: [], timeout=SHORT_TIMEOUT)
@answers_bad_parameters
def tag_papers(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    papers = Paper.objects.for_card_list(request.user).filter(paper_tags__tag=tag)
    return _render_papers_of(request, tag, papers, kind="Tag", heading=tag.name)


@cached_page(lambda request, **kwargs: [], timeout=SHORT_TIMEOUT)
@answers_bad_parameters
def category_papers(request: HttpRequest, code: str) -> HttpResponse:
    category = get_object_or_404(Category, code=code)
    papers = Paper.objects.for_card_list(request.user).in_categories([category])
    heading = f"{category.code} · {category.name}" if category.name else category.code
    return _render_papers_of(request, category, papers, kind="Category", heading=heading)


@cached_page(lambda request, **kwargs: [], timeout=SHORT_TIMEOUT)
@answers_bad_parameters
def author_papers(request: HttpRequest, pk: int) -> HttpResponse:
    author = get_object_or_404(Author, pk=pk)
    papers = Paper.objects.for_card_list(request.user).filter(authorships__author=author)
    return _render_papers_of(request, author, papers, kind="Author", heading=author.name)
