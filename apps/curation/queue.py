"""The review queue: papers awaiting review, filtered and ordered as the curator asks.

The same reads serve the dashboard and /api/v1/curation/queue/.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Coalesce

from apps.papers.models import Category, Paper, Tag
from apps.papers.querysets import PaperQuerySet
from apps.papers.search import search_papers

from .models import Submission

SORTS = ("newest", "score")
# A focus tag on a paper (applied or suggested) weighs as much as this many votes.
FOCUS_TAG_WEIGHT = 5


@dataclass(frozen=True)
class QueueFilters:
    source: str = ""
    category: Category | None = None
    tag: Tag | None = None
    day: date | None = None
    q: str = ""
    sort: str = "newest"


def focus_tags() -> list[str]:
    return settings.CURATION_FOCUS_TAGS


def review_queue(filters: QueueFilters) -> PaperQuerySet:
    papers = Paper.objects.filter(status=Paper.Status.PENDING)
    if filters.source:
        papers = papers.filter(source=filters.source)
    if filters.category is not None:
        papers = papers.in_categories([filters.category])
    if filters.tag is not None:
        papers = papers.filter(
            Q(paper_tags__tag=filters.tag)
            | Q(tag_suggestions__tag=filters.tag, tag_suggestions__state="pending")
        ).distinct()
    if filters.day is not None:
        papers = papers.filter(listed_on=filters.day)
    if filters.q:
        papers = search_papers(papers, filters.q, best_only=False)
    papers = papers.annotate(
        asked_for=Count("submissions", distinct=True),
        focus_matches=Count(
            "paper_tags", filter=Q(paper_tags__tag__slug__in=focus_tags()), distinct=True
        )
        + Count(
            "tag_suggestions",
            filter=Q(tag_suggestions__tag__slug__in=focus_tags(), tag_suggestions__state="pending"),
            distinct=True,
        ),
    )
    if filters.sort == "score":
        papers = papers.annotate(
            score=F("vote_count") + F("focus_matches") * Value(FOCUS_TAG_WEIGHT)
        ).order_by("-score", "-ingested_at", "id")
    else:
        papers = papers.order_by(
            "-ingested_at", Coalesce("published_at", "ingested_at").desc(), "id"
        )
    return papers.with_card_data().prefetch_related(
        "categories",
        Prefetch(
            "submissions",
            Submission.objects.select_related("submitted_by").order_by("created_at"),
            to_attr="submission_list",
        ),
    )


def queue_sources() -> list[str]:
    return list(
        Paper.objects.filter(status=Paper.Status.PENDING)
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


def asked_again(limit: int = 10) -> list[Submission]:
    """Recent submissions of papers we already held: the queue notes them."""
    return list(
        Submission.objects.filter(state=Submission.State.ALREADY_HELD)
        .select_related("paper", "submitted_by")
        .order_by("-created_at")[:limit]
    )
