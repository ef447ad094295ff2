"""apps.api.hf_daily: which papers /api/daily_papers lists, read without HTTP."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.api.hf_daily import hf_daily_papers, latest_day
from apps.curation.models import DailyPick
from apps.papers.models import Paper
from apps.papers.querysets import PaperQuerySet
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db
NOON = datetime(2025, 11, 20, 12, tzinfo=UTC)


def pick(paper, day: date, by, position: int = 1) -> None:
    DailyPick.objects.create(featured_on=day, paper=paper, position=position, picked_by=by)


def test_latest_day_is_the_last_listed_or_featured_day_up_to_today(curator):
    PaperFactory(published_at=NOON)
    pick(PaperFactory(published_at=NOON), date(2025, 11, 22), curator)
    PaperFactory(published_at=timezone.now() + timedelta(days=3))

    assert latest_day() == date(2025, 11, 22)


def test_without_a_period_the_latest_day_is_listed(curator):
    older = PaperFactory(published_at=NOON - timedelta(days=1))
    newest = PaperFactory(published_at=NOON)

    papers, day = hf_daily_papers(user=AnonymousUser())

    assert day == NOON.date()
    assert papers == [newest]
    assert older not in papers


def test_a_submitter_over_a_month_keeps_their_picks_on_any_day(curator):
    other = UserFactory(username="editor", is_staff=True)
    mine = [PaperFactory(published_at=NOON + timedelta(days=n)) for n in range(2)]
    theirs = PaperFactory(published_at=NOON)
    pick(mine[0], date(2025, 11, 20), curator)
    pick(mine[1], date(2025, 11, 21), curator)
    pick(theirs, date(2025, 11, 20), other, position=2)

    papers, day = hf_daily_papers(user=AnonymousUser(), month="2025-11", submitter="curator")

    assert day is None
    assert sorted(p.pk for p in papers) == sorted(p.pk for p in mine)


@pytest.mark.parametrize("merged_depth", [0, 500])
def test_a_months_pages_by_votes_are_the_whole_sorts_whatever_the_depth_read(
    monkeypatch, merged_depth
):
    """Read from each day's most voted (500) or by sorting the month (0), every page
    holds what the whole month by votes puts there, ties included."""
    monkeypatch.setattr(PaperQuerySet, "MOST_VOTED_MERGE_DEPTH", merged_depth)
    first = date(2025, 11, 1)
    for n in range(40):
        day = first + timedelta(days=n % 5)
        PaperFactory(
            published_at=datetime(day.year, day.month, day.day, 12 - (n // 10) % 2, tzinfo=UTC),
            vote_count=n % 3,
        )
    PaperFactory(published_at=datetime(2025, 10, 31, 12, tzinfo=UTC), vote_count=9)
    whole = list(Paper.objects.published().listed_between(first, date(2025, 12, 1)).by_votes())

    pages = [
        hf_daily_papers(user=AnonymousUser(), month="2025-11", page=page, limit=7)[0]
        for page in range(7)
    ]

    assert [paper.pk for page in pages for paper in page] == [paper.pk for paper in whole]
    assert len(whole) == 40
