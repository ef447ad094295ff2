"""The paper reads the API builds on: PaperQuerySet plus what the serializers need."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from apps.accounts.models import User
from apps.curation.models import DailyPick
from apps.papers.models import Paper
from apps.papers.querysets import PaperQuerySet


def get_paper(queryset: PaperQuerySet, public_id: str) -> Paper:
    """By arXiv id (a version suffix is ignored) or short id, as on the site; 404 otherwise."""
    return get_object_or_404(queryset.with_public_id(public_id))


def is_staff(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def papers_for_api(
    user: User | AnonymousUser | None, *, queryset: PaperQuerySet | None = None
) -> PaperQuerySet:
    """Papers with authors, tags, categories, daily picks and the caller's vote state,
    read in a fixed number of queries however many papers there are."""
    queryset = Paper.objects.all() if queryset is None else queryset
    return queryset.with_card_data(user).prefetch_related(
        "categories",
        Prefetch(
            "daily_picks",
            # Published picks only: drafts are the curation dashboard's.
            DailyPick.objects.filter(published=True)
            .select_related("picked_by")
            .order_by("-featured_on"),
        ),
    )


def visible_papers(user: User | AnonymousUser | None) -> PaperQuerySet:
    """Staff see every status; everyone else sees published papers only."""
    return Paper.objects.all() if is_staff(user) else Paper.objects.published()
