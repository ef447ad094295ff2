"""PaperQuerySet: the reads every list (pages, API, feeds, digest) is built from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .identifiers import InvalidArxivId, split_arxiv_id
from .periods import FIRST_DAY, LAST_DAY

if TYPE_CHECKING:
    from .models import Category


def card_prefetches(
    *, authorships_to: str | None = None, tags_to: str | None = None
) -> list[models.Prefetch]:
    """The related rows a paper card shows: its authors, in order, and its tags; into
    plain lists under the `..._to` attributes when given (Prefetch's `to_attr`)."""
    from .models import Authorship, PaperTag

    authorships = Authorship.objects.select_related("author").order_by("position")
    tags = PaperTag.objects.select_related("tag").order_by("tag__slug")
    return [
        models.Prefetch("authorships", authorships, to_attr=authorships_to),
        models.Prefetch("paper_tags", tags, to_attr=tags_to),
    ]


class PaperQuerySet(models.QuerySet):
    def published(self) -> PaperQuerySet:
        return self.filter(status="published")

    def with_public_id(self, public_id: str) -> PaperQuerySet:
        """The paper `/papers/<public id>` names: an arXiv id (any version) or a short id."""
        try:
            arxiv_id, _version = split_arxiv_id(public_id)
        except InvalidArxivId:
            return self.filter(short_id=public_id)
        return self.filter(arxiv_id=arxiv_id)

    def newest_first(self) -> PaperQuerySet:
        return self.order_by(Coalesce("published_at", "ingested_at").desc(), "-ingested_at", "id")

    def with_vote_state(self, user: Any) -> PaperQuerySet:
        """Annotate `user_voted`: whether this reader upvoted each paper."""
        from .models import Vote

        if user is None or not user.is_authenticated:
            return self.annotate(user_voted=Value(False))
        return self.annotate(
            user_voted=Exists(Vote.objects.filter(user=user, paper=OuterRef("pk")))
        )

    def with_card_data(self, user: Any = None) -> PaperQuerySet:
        """What a paper card or an API item shows, in a fixed number of queries."""
        return self.for_cards(user).prefetch_related(*card_prefetches())

    def for_cards(self, user: Any = None) -> PaperQuerySet:
        """`with_card_data` less the authors and tags, for pages of cards: the cards whose
        shared parts are cached (apps.papers.card_cache) need neither, and the card tag
        fetches them, in a fixed number of queries, for the others (`card_prefetches`)."""
        return (
            self.defer("search_vector")  # kilobytes a paper, never shown
            .with_vote_state(user)
            .select_related("primary_category")
        )

    def in_followed_topics(self, user: Any) -> PaperQuerySet:
        """Papers carrying a tag `user` follows ("My topics")."""
        from .follows import followed_tag_ids

        return self.with_any_tag(followed_tag_ids(user))

    def with_any_tag(self, tag_ids: list[int]) -> PaperQuerySet:
        """Papers carrying any of these tags (none: no paper), each paper looked up by
        its own tags: what the rest of the query narrowed the papers to (a day, the
        trending ones) is probed one by one, never met with every paper of the tags.

        A tag covers 5-10 % of a full archive. Written as EXISTS, PostgreSQL turned the
        test into a join and, for a day of 1,500 papers or a tag list read by a
        subquery, collected all the tags' 90,000 papers first: 110-230 ms a query at
        1,000,000 papers against 3-6 ms. A scalar subquery is never turned into a join."""
        from .models import PaperTag

        one_of_them = PaperTag.objects.filter(paper=OuterRef("pk"), tag_id__in=tag_ids)
        return self.alias(any_of_the_tags=Subquery(one_of_them.values("tag_id")[:1])).filter(
            any_of_the_tags__isnull=False
        )

    def for_listing(self, user: Any = None) -> PaperQuerySet:
        return self.published().with_card_data(user)

    def for_card_list(self, user: Any = None) -> PaperQuerySet:
        """A page of paper cards (templates/papers/_paper_card.html)."""
        return self.published().for_cards(user)

    def listed_between(self, start: date, end: date) -> PaperQuerySet:
        """Papers whose listing day is in [start, end).

        The same bound is also written on the listing time itself (listed_on is its UTC
        date), which the newest-first index can serve as a range, in order.
        """
        midnight = datetime.min.time().replace(tzinfo=UTC)
        return self.alias(listed_at=Coalesce("published_at", "ingested_at")).filter(
            listed_on__gte=start,
            listed_on__lt=end,
            listed_at__gte=datetime.combine(start, midnight),
            listed_at__lt=datetime.combine(end, midnight),
        )

    # How deep `among_days_most_voted` pays: past about 8 pages of 25, a month's 31 x
    # depth candidates cost more than sorting its papers (measured at 1,000,000 papers,
    # docs/performance.md); lists read deeper rows by sorting the period.
    MOST_VOTED_MERGE_DEPTH = 200

    def among_days_most_voted(
        self,
        start: date,
        end: date,
        depth: int,
        *,
        after: tuple[int, datetime, int] | None = None,
        backwards: bool = False,
    ) -> PaperQuerySet:
        """Only papers among the `depth` most voted of their listing day in [start, end),
        in `by_votes` order: enough for the first `depth` of a period sorted by votes,
        each day's read down the (listed_on, vote_count) index (25 index entries a day
        for a first page) instead of sorting every paper of the period (39,000 in a
        month at 1,000,000 papers: 50 ms). `after`: (votes, listing time, id) of a row;
        each day's next `depth` after it in that order (before it, `backwards`), for
        keyset pages.

        One LATERAL query over the days, in SQL: the ORM's UNION of a sliced queryset
        per day cost 20 ms of Python to compile for a month. The days are a series of
        integers so that PostgreSQL knows how many there are."""
        days = (end - start).days
        if days < 1 or depth < 1:
            return self.none()
        table = connection.ops.quote_name(self.model._meta.db_table)
        listed_at = "COALESCE(published_at, ingested_at)"
        later, earlier, direction = (">", "<", "ASC") if backwards else ("<", ">", "DESC")
        reverse = "DESC" if backwards else "ASC"
        cursor, params = "", []
        if after is not None:
            votes, at, paper_id = after
            cursor = (
                f" AND vote_count {later}= %s AND (vote_count {later} %s"
                f" OR (vote_count = %s AND ({listed_at} {later} %s"
                f" OR ({listed_at} = %s AND id {earlier} %s))))"
            )
            params = [votes, votes, votes, at, at, paper_id]
        most_voted = RawSQL(
            f"SELECT best.id FROM generate_series(0, %s) AS day(n) CROSS JOIN LATERAL ("
            f" SELECT id FROM {table} WHERE status = %s AND listed_on = %s::date + day.n"
            f"{cursor} ORDER BY vote_count {direction}, {listed_at} {direction}, id {reverse}"
            f" LIMIT %s) AS best",
            [days - 1, self.model.Status.PUBLISHED, start, *params, depth],
        )
        return self.filter(pk__in=most_voted)

    def in_categories(self, categories: Iterable[Category | int]) -> PaperQuerySet:
        """Papers whose primary category, or one they are cross-listed in, is one of these."""
        from .models import Category

        ids = [category if isinstance(category, int) else category.pk for category in categories]
        listed = self.model.categories.through.objects.filter(
            paper_id=OuterRef("pk"), category_id__in=ids
        ).values(one=Value(1))
        primary = Category.objects.filter(pk=OuterRef("primary_category_id"), pk__in=ids)
        # One EXISTS over both, not `primary OR EXISTS(cross-listed)`: PostgreSQL turns an
        # EXISTS under OR into a hash of every paper listed in the category, built for each
        # query (140 ms for a large category at 1M papers) even when the list stops after
        # 26 papers; this one is two index probes per paper it looks at.
        return self.filter(Exists(listed.union(primary.values(one=Value(1)), all=True)))

    def by_votes(self, *, narrowed: bool = False) -> PaperQuerySet:
        """Most votes first. `narrowed`: the rows are already few (a period's, a tag's), so
        sort them; never walk the archive-wide order index hoping to meet them (the planner
        guesses they are spread evenly along it, and a period's papers are not)."""
        # Plus zero when narrowed: the same order, which no index matches.
        votes = F("vote_count") + Value(0) if narrowed else F("vote_count")
        return self.order_by(votes.desc(), Coalesce("published_at", "ingested_at").desc(), "id")

    def on_day(self, day: date) -> PaperQuerySet:
        """The day's papers: listed that day, or picked by staff for it (on another day's
        listing too), annotated with the pick's `pick_position` and `pick_note` (None if none).
        Only published picks count: a draft is seen in the curation dashboard alone.
        """
        # A UNION of the two id sets, not an OR: each side uses its own index.
        listed = self.model.objects.filter(listed_on=day).values("pk")
        picked = self.model.objects.filter(
            daily_picks__featured_on=day, daily_picks__published=True
        ).values("pk")
        return (
            self.annotate(
                day_pick=FilteredRelation(
                    "daily_picks",
                    condition=Q(daily_picks__featured_on=day, daily_picks__published=True),
                )
            )
            .filter(pk__in=listed.union(picked))
            .annotate(pick_position=F("day_pick__position"), pick_note=F("day_pick__note"))
        )

    def daily(self, day: date) -> PaperQuerySet:
        """The day's list: staff picks in staff order first, then the day's papers by votes."""
        return self.on_day(day).order_by(
            F("pick_position").asc(nulls_last=True),
            "-vote_count",
            Coalesce("published_at", "ingested_at").desc(),
            "id",
        )

    def nearest_listed_day(self, start: date, end: date) -> date | None:
        """The listing day closest to [start, end) before or after it (ties: the earlier)."""
        served = self.filter(listed_on__range=(FIRST_DAY, LAST_DAY))
        before = (
            served.filter(listed_on__lt=start)
            .order_by("-listed_on")
            .values_list("listed_on", flat=True)
            .first()
        )
        after = (
            served.filter(listed_on__gte=end)
            .order_by("listed_on")
            .values_list("listed_on", flat=True)
            .first()
        )
        distances = {}
        if before:
            distances[before] = (start - before).days
        if after:
            distances[after] = (after - end).days + 1
        return min(distances, key=lambda day: distances[day], default=None)

    def with_kept_trending_score(self, window: str) -> PaperQuerySet:
        """`trending_score` and `recent_votes` in `window` (a key of trending.WINDOWS) from
        the kept scores the trending page shows; 0 for papers without a vote in it."""
        return self.annotate(
            kept_trending=FilteredRelation(
                "trending_scores", condition=Q(trending_scores__span=window)
            )
        ).annotate(
            trending_score=Coalesce(F("kept_trending__score"), Value(0.0)),
            recent_votes=Coalesce(F("kept_trending__recent_votes"), Value(0)),
        )

    def kept_trending_parts(self, window: str) -> tuple[PaperQuerySet, PaperQuerySet]:
        """`with_kept_trending_score(window)` as two parts: the papers with a kept score,
        read down the scores' index, and the others, scored 0, which an index on votes
        then id gives in order up to the page needed. Neither reads a vote."""
        from .models import TrendingScore

        kept = TrendingScore.objects.filter(paper=OuterRef("pk"), span=window)
        unscored = self.filter(~Exists(kept)).annotate(
            recent_votes=Value(0), trending_score=Value(0.0, output_field=models.FloatField())
        )
        return self.trending(window), unscored

    def trending(self, window: str) -> PaperQuerySet:
        """Papers voted for in the window (a key of trending.WINDOWS), highest score first,
        read from the kept scores: by index, whatever the archive's size."""
        return (
            self.filter(trending_scores__span=window)
            .annotate(
                trending_score=F("trending_scores__score"),
                recent_votes=F("trending_scores__recent_votes"),
            )
            .order_by("-trending_score", "id")
        )
