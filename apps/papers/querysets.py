"""PaperQuerySet: the reads every list (pages, API, feeds, digest) is built from."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Extract, Greatest, Now, Power
from django.utils import timezone

# Trending: votes in the window, divided by (age in hours + 2) ** GRAVITY,
# the Hacker News formula, with age counted from the paper's listing time.
TRENDING_GRAVITY = 1.5
TRENDING_DEFAULT_WINDOW = timedelta(days=7)


class PaperQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def newest_first(self):
        return self.order_by(Coalesce("published_at", "ingested_at").desc(), "-ingested_at", "id")

    def with_authors(self):
        from .models import Authorship

        return self.prefetch_related(
            models.Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position"),
            )
        )

    def with_vote_state(self, user):
        """Annotate `user_voted`: whether this reader upvoted each paper."""
        from .models import Vote

        if user is None or not user.is_authenticated:
            return self.annotate(user_voted=Value(False))
        return self.annotate(
            user_voted=Exists(Vote.objects.filter(user=user, paper=OuterRef("pk")))
        )

    def for_listing(self, user=None):
        return (
            self.published()
            .with_authors()
            .with_vote_state(user)
            .select_related("primary_category")
            .prefetch_related("paper_tags__tag")
        )

    def listed_between(self, start: date, end: date):
        """Papers whose listing day is in [start, end)."""
        return self.filter(listed_on__gte=start, listed_on__lt=end)

    def by_votes(self):
        return self.order_by("-vote_count", Coalesce("published_at", "ingested_at").desc(), "id")

    def daily(self, day: date):
        """The day's list: staff picks in staff order first, then the day's papers by votes."""
        from apps.curation.models import DailyPick

        position = DailyPick.objects.filter(featured_on=day, paper=OuterRef("pk")).values(
            "position"
        )[:1]
        return (
            self.filter(Q(listed_on=day) | Q(daily_picks__featured_on=day))
            .annotate(pick_position=Subquery(position))
            .distinct()
            .order_by(
                F("pick_position").asc(nulls_last=True),
                "-vote_count",
                Coalesce("published_at", "ingested_at").desc(),
                "id",
            )
        )

    def with_trending_score(self, window: timedelta = TRENDING_DEFAULT_WINDOW, at=None):
        """`at`: score as of this moment (default now), e.g. to page through a fixed snapshot."""
        since = (at or timezone.now()) - window
        now = Now() if at is None else Value(at, output_field=models.DateTimeField())
        age_hours = Greatest(
            Extract(now - Coalesce("published_at", "ingested_at"), "epoch") / 3600.0,
            Value(0.0),
        )
        return self.annotate(
            recent_votes=Count("votes", filter=Q(votes__created_at__gte=since)),
            trending_score=F("recent_votes") / Power(age_hours + 2.0, TRENDING_GRAVITY),
        )

    def trending(self, window: timedelta = TRENDING_DEFAULT_WINDOW):
        return (
            self.with_trending_score(window)
            .filter(recent_votes__gt=0)
            .order_by("-trending_score", "-vote_count", "id")
        )
