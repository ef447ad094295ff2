"""The paper reads the API builds on: PaperQuerySet plus what the serializers need."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from apps.accounts.models import User
from apps.curation.models import DailyPick
from apps.papers.models import Paper, PaperTag
from apps.papers.querysets import PaperQuerySet

# By arXiv id (a version suffix is ignored) or short id; 404 otherwise. Shared with the site.
from apps.papers.views_common import get_paper_or_404 as get_paper  # noqa: F401


def is_staff(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def papers_for_api(
    user: User | AnonymousUser | None, *, queryset: PaperQuerySet | None = None
) -> PaperQuerySet:
    """Papers with authors, tags, categories, daily picks and the caller's vote state,
    read in a fixed number of queries however many papers there are."""
    queryset = Paper.objects.all() if queryset is None else queryset
    return (
        queryset.with_authors()
        .with_vote_state(user)
        .select_related("primary_category")
        .prefetch_related(
            Prefetch("paper_tags", PaperTag.objects.select_related("tag").order_by("tag__slug")),
            "categories",
            Prefetch(
                "daily_picks",
                DailyPick.objects.select_related("picked_by").order_by("-featured_on"),
            ),
        )
    )


def visible_papers(user: User | AnonymousUser | None) -> PaperQuerySet:
    """Staff see every status; everyone else sees published papers only."""
    return Paper.objects.all() if is_staff(user) else Paper.objects.published()
