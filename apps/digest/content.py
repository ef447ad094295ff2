"""What a digest holds: the papers of its window, chosen by the subscription's content and
narrowed by its topic filters."""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from apps.curation.models import DailyPick
from apps.papers.models import Paper, PaperTag
from apps.papers.querysets import PaperQuerySet
from apps.recommend.services import papers_for_you

from .models import Subscription

TRENDING_WINDOW = {Subscription.Frequency.DAILY: "24h", Subscription.Frequency.WEEKLY: "7d"}


def topics_filtered(papers: PaperQuerySet, subscription: Subscription) -> PaperQuerySet:
    """Papers with an included tag or in an included category (any, when none is chosen),
    and none of the excluded tags."""
    if subscription.pk is None:  # a preview of the defaults: no filters yet
        return papers
    include_tags = [tag.pk for tag in subscription.include_tags.all()]
    categories = [category.pk for category in subscription.categories.all()]
    exclude_tags = [tag.pk for tag in subscription.exclude_tags.all()]
    if include_tags or categories:
        topics = Q(pk__in=[])
        if include_tags:
            topics |= Q(
                Exists(PaperTag.objects.filter(paper=OuterRef("pk"), tag_id__in=include_tags))
            )
        if categories:
            topics |= Q(pk__in=Paper.objects.in_categories(categories).values("pk"))
        papers = papers.filter(topics)
    if exclude_tags:
        papers = papers.exclude(
            Exists(PaperTag.objects.filter(paper=OuterRef("pk"), tag_id__in=exclude_tags))
        )
    return papers


def digest_papers(
    *, subscription: Subscription, digest_date: date, limit: int | None = None
) -> list[Paper]:
    """The papers of the digest `subscription` gets for `digest_date` (its local day)."""
    limit = limit or settings.DIGEST_MAX_PAPERS
    start, end = subscription.window(digest_date)
    candidates = topics_filtered(Paper.objects.published(), subscription)
    if subscription.content == Subscription.Content.PICKS:
        papers = _picked(candidates, start.astimezone(UTC).date(), end.astimezone(UTC).date())
    elif subscription.content == Subscription.Content.TRENDING:
        window = TRENDING_WINDOW[Subscription.Frequency(subscription.frequency)]
        papers = list(candidates.trending(window).values_list("pk", flat=True)[:limit])
    else:
        papers = _for_you(candidates, subscription, since=start, limit=limit)
    cards = Paper.objects.filter(pk__in=papers[:limit]).with_card_data(None).in_bulk()
    return [cards[pk] for pk in papers[:limit] if pk in cards]


def _picked(candidates: PaperQuerySet, first: date, end: date) -> list[int]:
    """Published picks of the whole UTC days in [first, end), latest day first, in staff order."""
    if first == end:  # a window inside one UTC day still covers the day before
        first -= timedelta(days=1)
    picks = (
        DailyPick.objects.filter(
            published=True, featured_on__gte=first, featured_on__lt=end, paper__in=candidates
        )
        .order_by("-featured_on", "position")
        .values_list("paper_id", flat=True)
    )
    return list(dict.fromkeys(picks))  # a paper picked twice: once, at its latest place


def _for_you(
    candidates: PaperQuerySet, subscription: Subscription, *, since: datetime, limit: int
) -> list[int]:
    if subscription.user is None:
        return []
    ranked = [
        paper.pk for paper in papers_for_you(user=subscription.user, since=since, limit=limit)
    ]
    allowed = set(candidates.filter(pk__in=ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in allowed]
