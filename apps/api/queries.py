"""The paper reads the API builds on: PaperQuerySet plus what the serializers need."""

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404

from apps.accounts.models import User
from apps.curation.models import DailyPick
from apps.papers.models import Authorship, Category, Paper, PaperTag
from apps.papers.querysets import PaperQuerySet, card_prefetches


def get_paper(queryset: PaperQuerySet, public_id: str) -> Paper:
    """By arXiv id (a version suffix is ignored) or short id, as on the site; 404 otherwise."""
    return get_object_or_404(queryset.with_public_id(public_id))


def is_staff(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


# Where prefetch_api_rows puts each paper's related rows (plain lists).
AUTHORSHIPS_ATTR, TAGS_ATTR = "api_authorships", "api_tags"
CATEGORIES_ATTR, PICKS_ATTR = "api_categories", "api_picks"


def papers_for_api(
    user: User | AnonymousUser | None, *, queryset: PaperQuerySet | None = None
) -> PaperQuerySet:
    """Papers with their primary category and the caller's vote state. The serializers
    fetch the rest (prefetch_api_rows) for the papers whose items are not cached
    (apps.api.item_cache)."""
    queryset = Paper.objects.all() if queryset is None else queryset
    return queryset.for_cards(user)


def prefetch_api_rows(papers: Sequence[Paper]) -> None:
    """Authors, tags, categories and published picks of these papers, in four queries
    (none for papers that have them already).

    The rows land in plain lists (`Prefetch(to_attr=...)`, read with the functions
    below): filling a related manager's cache instead makes Django build a queryset per
    paper and relation, which cost an API page more than its queries."""
    papers = [paper for paper in papers if not hasattr(paper, AUTHORSHIPS_ATTR)]
    if not papers:
        return
    prefetch_related_objects(
        papers,
        *card_prefetches(authorships_to=AUTHORSHIPS_ATTR, tags_to=TAGS_ATTR),
        Prefetch("categories", Category.objects.order_by("code"), to_attr=CATEGORIES_ATTR),
        Prefetch(
            "daily_picks",
            # Published picks only: drafts are the curation dashboard's.
            DailyPick.objects.filter(published=True)
            .select_related("picked_by")
            .order_by("-featured_on"),
            to_attr=PICKS_ATTR,
        ),
    )


def authorships_of(paper: Paper) -> list[Authorship]:
    """Its authorships in author order, with their authors (prefetch_api_rows)."""
    return getattr(paper, AUTHORSHIPS_ATTR)


def paper_tags_of(paper: Paper) -> list[PaperTag]:
    """Its applied tags by slug, with their tags (prefetch_api_rows)."""
    return getattr(paper, TAGS_ATTR)


def categories_of(paper: Paper) -> list[Category]:
    """Its categories by code (prefetch_api_rows)."""
    return getattr(paper, CATEGORIES_ATTR)


def published_picks_of(paper: Paper) -> list[DailyPick]:
    """The days staff featured it, newest first, with who picked it (prefetch_api_rows)."""
    return getattr(paper, PICKS_ATTR)


def visible_papers(user: User | AnonymousUser | None) -> PaperQuerySet:
    """Staff see every status; everyone else sees published papers only."""
    return Paper.objects.all() if is_staff(user) else Paper.objects.published()
