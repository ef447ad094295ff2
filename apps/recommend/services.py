"""Recommendations for one reader (the "for you" page and the digest's "for you" option)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from apps.accounts.models import User
from apps.papers.models import Paper, TagFollow, TrendingScore
from apps.papers.raw_rows import raw_rows

from .history import HISTORY_ARRAYS, HISTORY_TABLES, History, history_stamp, reader_history
from .models import Dismissal, ReaderRecommendations

TRENDING_WINDOW = "7d"
TRENDING_MIX = 30  # trending papers considered beside the reader's own ranking


@dataclass
class Recommendation:
    paper: Paper
    because: Paper | None = None
    terms: list[str] = field(default_factory=list)
    trending: bool = False


@dataclass
class ForYou:
    """What /for-you shows. mode: "personal" (the reader's model), "topics" (no history:
    trending in followed topics) or "trending" (no history, no followed topic)."""

    mode: str
    items: list[Recommendation]
    trending_weight: float
    needs_training: bool
    has_history: bool
    trained: bool = False  # a model was trained (and may have found nothing recent)


def _trending_in_topics(
    user: User, limit: int, exclude: set[int], followed: list[int]
) -> tuple[str, list[Paper]]:
    papers = Paper.objects.for_card_list(user).trending(TRENDING_WINDOW).exclude(id__in=exclude)
    in_topics = list(papers.with_any_tag(followed)[:limit]) if followed else []
    if in_topics:
        return "topics", in_topics
    return "trending", list(papers[:limit])


def _blend(
    row: ReaderRecommendations, history: History, limit: int
) -> list[tuple[int, dict | None]]:
    """The reader's ranking mixed with trending: (1 - w) x model rank + w x trending score."""
    weight = row.trending_weight
    seen = set(history.positives) | set(history.dismissed)
    kept = [
        (pid, reason)
        for pid, reason in zip(row.paper_ids, row.reasons, strict=True)
        if pid not in seen
    ]
    model = {pid: 1.0 - i / max(1, len(kept)) for i, (pid, _) in enumerate(kept)}
    hot: dict[int, float] = {}
    if weight:
        rows = TrendingScore.objects.filter(span=TRENDING_WINDOW)
        hot = dict(rows.filter(paper_id__in=list(model)).values_list("paper_id", "score"))
        hot.update(_hottest_unseen(seen, TRENDING_MIX))
    top = max(hot.values(), default=0.0) or 1.0
    reasons = dict(kept)
    blended = {
        pid: (1 - weight) * model.get(pid, 0.0) + weight * hot.get(pid, 0.0) / top
        for pid in model.keys() | hot.keys()
    }
    order = sorted(blended, key=lambda pid: (-blended[pid], pid))[:limit]
    return [(pid, reasons.get(pid)) for pid in order]


def _hottest_unseen(seen: set[int], count: int) -> list[tuple[int, float]]:
    """The `count` hottest papers the reader has not voted, saved or dismissed.

    Walked down the (span, -score) index in growing slices and filtered here: a
    `NOT IN` of a busy reader's whole history (thousands of ids) would make
    PostgreSQL test every trending row against it."""
    ranked = TrendingScore.objects.filter(span=TRENDING_WINDOW).order_by("-score", "paper_id")
    found: list[tuple[int, float]] = []
    start, size = 0, count * 2
    while len(found) < count:
        rows = list(ranked.values_list("paper_id", "score")[start : start + size])
        found += [(pid, score) for pid, score in rows if pid not in seen][: count - len(found)]
        if len(rows) < size:
            break
        start, size = start + size, size * 2
    return found


@dataclass
class ReaderState:
    """Everything of the reader's that /for-you shows, read cheaply: their kept ranking,
    their history and the tags they follow."""

    row: ReaderRecommendations | None
    history: History
    followed: list[int]

    @cached_property
    def history_stamp(self) -> str:
        return history_stamp(self.history)

    @property
    def needs_training(self) -> bool:
        """The history moved on since the kept ranking was trained."""
        return self.history.positives != [] and (
            self.row is None or self.row.history != self.history_stamp
        )

    @property
    def stamp(self) -> str:
        """Changes whenever any of it does (the page's cache key, apps.papers.page_cache)."""
        row = self.row
        kept = (row.history, row.trained_at, row.trending_weight) if row else None
        return f"{self.history_stamp}|{kept}|{sorted(self.followed)}"


# A kept ranking's papers and reasons are read only to draw the page, not to stamp it.
_RANKING_FIELDS = ("paper_ids", "scores", "reasons")


# The kept ranking's stamp fields, the reader's history and followed tags in one query:
# read on every /for-you, where the ORM's three queries cost more Python than SQL.
_STATE_FIELDS = ("user_id", "trending_weight", "history", "trained_at")
_STATE = f"""
    SELECT {", ".join(f"r.{name}" for name in _STATE_FIELDS)},
           ARRAY(SELECT tag_id FROM {{follow}} WHERE user_id = %(user)s),
           {HISTORY_ARRAYS.format(user="%(user)s")}
    FROM (SELECT 1) AS one LEFT JOIN {{ranking}} r ON r.user_id = %(user)s
"""


def reader_state(*, user: User) -> ReaderState:
    ((*kept, followed, upvoted, saved, dismissed),) = raw_rows(
        _STATE,
        {"user": user.pk},
        follow=TagFollow,
        ranking=ReaderRecommendations,
        **HISTORY_TABLES,
    )
    row = None
    if kept[0] is not None:  # the ranking's other fields load on first use
        row = ReaderRecommendations.from_db(
            ReaderRecommendations.objects.db, list(_STATE_FIELDS), kept
        )
    history = History(upvoted=upvoted, saved=saved, dismissed=dismissed)
    return ReaderState(row=row, history=history, followed=followed)


def for_you(*, user: User, limit: int = 25, state: ReaderState | None = None) -> ForYou:
    """The page from the kept ranking; `needs_training` when the history moved on since."""
    state = state or reader_state(user=user)
    row, history, needs_training = state.row, state.history, state.needs_training
    if row is not None and row.get_deferred_fields():
        row.refresh_from_db(fields=_RANKING_FIELDS)  # one query, not one per field
    weight = (
        row.trending_weight
        if row
        else ReaderRecommendations._meta.get_field("trending_weight").get_default()
    )
    if not history.positives or row is None or not row.paper_ids:
        mode, trending = _trending_in_topics(user, limit, set(history.dismissed), state.followed)
        items = [Recommendation(p, trending=True) for p in trending]
        trained = bool(history.positives and row and row.trained_at and not needs_training)
        return ForYou(mode, items, weight, needs_training, bool(history.positives), trained)
    ranked = _blend(row, history, limit)
    wanted = {pid for pid, _ in ranked} | {r["because"] for _, r in ranked if r}
    papers = Paper.objects.for_card_list(user).in_bulk(list(wanted))
    items = []
    for pid, reason in ranked:
        if pid not in papers:
            continue  # unpublished since
        if reason is None:
            items.append(Recommendation(papers[pid], trending=True))
        else:
            items.append(
                Recommendation(papers[pid], papers.get(reason["because"]), reason["terms"])
            )
    return ForYou("personal", items, weight, needs_training, True)


def papers_for_you(*, user: User, since: datetime, limit: int) -> list[Paper]:
    """The papers listed since `since` ranked for `user`, best first, at most `limit`.

    Runs in the digest's worker: a stale ranking is retrained here and now."""
    history = reader_history(user)
    if not history.positives:
        papers = Paper.objects.published().filter(listed_on__gte=since.date())
        papers = papers.trending(TRENDING_WINDOW).exclude(id__in=history.dismissed)
        return list(papers.in_followed_topics(user)[:limit])
    row = ReaderRecommendations.objects.filter(user=user).first()
    if row is None or row.history != history_stamp(history):
        # Imported here: scikit-learn stays out of the web processes, which import this module.
        from .foryou import reader_train

        row = reader_train(user_id=user.pk)
    dismissed = set(history.dismissed)
    wanted = [pid for pid in row.paper_ids if pid not in dismissed]
    found = Paper.objects.published().filter(listed_on__gte=since.date()).in_bulk(wanted)
    return [found[pid] for pid in wanted if pid in found][:limit]


def recommendation_dismiss(*, user: User, paper: Paper) -> bool:
    """ "Not interested": never shown again; True the first time."""
    _, created = Dismissal.objects.get_or_create(user=user, paper=paper)
    return created


def trending_weight_set(*, user: User, weight: float) -> None:
    if not 0.0 <= weight <= 1.0:
        raise ValueError("trending_weight must be between 0 and 1")
    ReaderRecommendations.objects.update_or_create(user=user, defaults={"trending_weight": weight})
