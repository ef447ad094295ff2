"""Trending scores are kept in a table: bumped by each vote, recomputed by a periodic task."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.papers import tasks
from apps.papers.models import Paper, TrendingScore, Vote
from apps.papers.trending import trending_refresh
from apps.papers.votes import vote_cast, vote_remove
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db


def scores(span: str = "7d") -> dict[int, tuple[int, float]]:
    rows = TrendingScore.objects.filter(span=span).values_list("paper_id", "recent_votes", "score")
    return {paper: (votes, score) for paper, votes, score in rows}


def test_a_vote_puts_its_paper_in_every_window_at_once(alice):
    paper = PaperFactory(published_at=timezone.now() - timedelta(hours=10))

    vote_cast(user=alice, paper=paper)

    for span in ("24h", "7d", "30d"):
        votes, score = scores(span)[paper.pk]
        assert votes == 1
        assert score == pytest.approx(1 / 12**1.5, rel=0.01)


def test_bumps_agree_with_a_full_recomputation(alice, bob):
    young = PaperFactory(published_at=timezone.now() - timedelta(hours=2))
    old = PaperFactory(published_at=timezone.now() - timedelta(days=3))
    for reader in (alice, bob):
        vote_cast(user=reader, paper=young)
        vote_cast(user=reader, paper=old)
    vote_remove(user=bob, paper=old)
    bumped = scores()

    trending_refresh()

    assert scores().keys() == bumped.keys()
    for paper, (votes, score) in scores().items():
        assert bumped[paper][0] == votes
        assert bumped[paper][1] == pytest.approx(score, rel=0.01)


def test_removing_the_last_vote_takes_the_paper_out(alice):
    paper = PaperFactory()
    vote_cast(user=alice, paper=paper)

    vote_remove(user=alice, paper=paper)

    assert TrendingScore.objects.count() == 0


def test_a_repeated_vote_changes_nothing(alice):
    paper = PaperFactory()
    vote_cast(user=alice, paper=paper)

    assert vote_cast(user=alice, paper=paper) == 1
    assert vote_remove(user=UserFactory(), paper=paper) == 1
    assert scores()[paper.pk][0] == 1


def test_the_refresh_task_lets_old_votes_leave_the_windows(alice):
    paper = PaperFactory(published_at=timezone.now() - timedelta(days=20))
    vote_cast(user=alice, paper=paper)
    Vote.objects.update(created_at=timezone.now() - timedelta(days=10))

    tasks.refresh_trending.apply().get()

    assert set(TrendingScore.objects.values_list("span", flat=True)) == {"30d"}


def test_the_reconcile_task_repairs_counts_written_behind_the_services_back(alice, bob):
    counted = PaperFactory()
    vote_cast(user=alice, paper=counted)
    Vote.objects.create(user=bob, paper=counted)  # no service: the count is now off
    drifted = PaperFactory(vote_count=7)

    assert tasks.reconcile_vote_counts.apply().get() == 2

    assert dict(Paper.objects.values_list("pk", "vote_count")) == {counted.pk: 2, drifted.pk: 0}
    assert tasks.reconcile_vote_counts.apply().get() == 0
