"""The review queue: papers awaiting review, filtered and ordered as the curator asks.

The same reads serve the dashboard and /api/v1/curation/queue/.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
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


def review_queue(filters: QueueFilters, status: str | None = Paper.Status.PENDING) -> PaperQuerySet:
    """`status` None: any paper, read as the queue reads it (a row redrawn after an action)."""
    papers = Paper.objects.all() if status is None else Paper.objects.filter(status=status)
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
    asked = (
        Submission.objects.filter(arxiv_id=OuterRef("arxiv_id"))
        .order_by()
        .values("arxiv_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    papers = papers.annotate(
        asked_for=Coalesce(Subquery(asked), 0),
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
    return papers.with_card_data().prefetch_related("categories")


def with_submitters(papers: list[Paper]) -> list[Paper]:
    """Each paper's `submission_list` (who asked for it, first first), in one query."""
    by_id: dict[str, list[Submission]] = {}
    submissions = Submission.objects.filter(
        arxiv_id__in=[paper.arxiv_id for paper in papers if paper.arxiv_id]
    ).select_related("submitted_by")
    for submission in submissions.order_by("created_at"):
        by_id.setdefault(submission.arxiv_id, []).append(submission)
    for paper in papers:
        paper.submission_list = by_id.get(paper.arxiv_id or "", [])  # type: ignore[attr-defined]
    return papers


def submissions_with_papers(submissions: list[Submission]) -> list[Submission]:
    """Each submission's `paper` (the one its arXiv id names, if we hold it), in one query."""
    papers = Paper.objects.filter(arxiv_id__in={s.arxiv_id for s in submissions})
    by_id = {paper.arxiv_id: paper for paper in papers}
    for submission in submissions:
        submission.paper = by_id.get(submission.arxiv_id)
    return submissions


def queue_sources() -> list[str]:
    return list(
        Paper.objects.filter(status=Paper.Status.PENDING)
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


def asked_again(limit: int = 10) -> list[Submission]:
    """Recent submissions of papers we already held: the queue notes them."""
    return submissions_with_papers(
        list(
            Submission.objects.filter(state=Submission.State.ALREADY_HELD)
            .select_related("submitted_by")
            .order_by("-created_at")[:limit]
        )
    )
