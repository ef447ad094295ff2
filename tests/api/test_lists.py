from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.curation.models import DailyPick
from apps.papers.models import Paper
from apps.papers.page_cache import SITE, scopes_bump
from tests.factories import PaperFactory

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)  # a Wednesday in ISO week 2025-W48


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def public_ids(queryset) -> list[str]:
    return [paper.public_id for paper in queryset]


def test_daily_is_the_sites_day_list(api, curator):
    popular = PaperFactory(published_at=at(DAY), vote_count=9)
    quiet = PaperFactory(published_at=at(DAY, 3), vote_count=1)
    second_pick = PaperFactory(published_at=at(DAY))
    first_pick = PaperFactory(published_at=at(DAY - timedelta(days=2)))
    PaperFactory(published_at=at(DAY + timedelta(days=1)))
    PaperFactory(published_at=at(DAY), status=Paper.Status.PENDING)
    DailyPick.objects.create(featured_on=DAY, paper=first_pick, position=1, picked_by=curator)
    DailyPick.objects.create(featured_on=DAY, paper=second_pick, position=2)

    response = api.get("/api/v1/daily/?date=2025-11-26")

    expected = [first_pick, second_pick, popular, quiet]
    assert results(response) == public_ids(expected)
    assert results(response) == public_ids(Paper.objects.published().daily(DAY))
    assert response.json()["results"][0]["daily_picks"] == [{"date": "2025-11-26", "rank": 1}]


def test_daily_pages_through_a_long_day(api):
    for votes in range(7):
        PaperFactory(published_at=at(DAY), vote_count=votes % 3)
    DailyPick.objects.create(featured_on=DAY, paper=PaperFactory(), position=1)

    pages, url = [], "/api/v1/daily/?date=2025-11-26&page_size=3"
    while url:
        response = api.get(url)
        pages.extend(results(response))
        url = response.json()["next"]

    assert pages == public_ids(Paper.objects.published().daily(DAY))


@pytest.mark.usefixtures("noon_today")
def test_daily_defaults_to_today(api):
    today = PaperFactory(published_at=timezone.now())
    PaperFactory(published_at=timezone.now() - timedelta(days=2))

    assert results(api.get("/api/v1/daily/")) == [today.public_id]


def test_weekly_is_the_iso_weeks_papers_by_votes(api):
    monday, sunday = date(2025, 11, 24), date(2025, 11, 30)
    first = PaperFactory(published_at=at(monday), vote_count=2)
    last = PaperFactory(published_at=at(sunday, 23), vote_count=5)
    PaperFactory(published_at=at(monday - timedelta(days=1)), vote_count=50)
    PaperFactory(published_at=at(sunday + timedelta(days=1)), vote_count=50)

    response = api.get("/api/v1/weekly/?week=2025-W48")

    assert results(response) == [last.public_id, first.public_id]
    expected = Paper.objects.published().listed_between(monday, sunday + timedelta(1)).by_votes()
    assert results(response) == public_ids(expected)


def test_weekly_pages_forwards_and_back_hold_the_whole_sorts_papers_ties_and_all(api):
    """Each page is read from every day's next papers after the cursor: walked with
    pages of three over days of six papers, both ways, it is the whole week by votes."""
    monday = date(2025, 11, 24)
    for n in range(42):
        day = monday + timedelta(days=n % 7)
        PaperFactory(published_at=at(day, hour=12 - (n // 14) % 2), vote_count=n % 3)
    PaperFactory(published_at=at(monday), vote_count=50, status=Paper.Status.PENDING)
    PaperFactory(published_at=at(monday - timedelta(days=1)), vote_count=50)
    expected = public_ids(
        Paper.objects.published().listed_between(monday, monday + timedelta(7)).by_votes()
    )

    pages, url = [], "/api/v1/weekly/?week=2025-W48&page_size=3"
    while url:
        body = api.get(url).json()
        pages.append([paper["id"] for paper in body["results"]])
        url = body["next"]
    back, url = [], body["previous"]
    while url:
        body = api.get(url).json()
        back.append([paper["id"] for paper in body["results"]])
        url = body["previous"]

    assert len(expected) == 42
    assert [pid for page in pages for pid in page] == expected
    assert back == pages[-2::-1]


def test_monthly_is_the_months_papers_by_votes(api):
    a = PaperFactory(published_at=at(date(2025, 2, 1)), vote_count=1)
    b = PaperFactory(published_at=at(date(2025, 2, 28)), vote_count=3)
    PaperFactory(published_at=at(date(2025, 3, 1)), vote_count=9)

    assert results(api.get("/api/v1/monthly/?month=2025-02")) == [b.public_id, a.public_id]


@pytest.mark.usefixtures("noon_today")
def test_weekly_and_monthly_default_to_the_current_period(api):
    now = PaperFactory(published_at=timezone.now())

    assert results(api.get("/api/v1/weekly/")) == [now.public_id]
    assert results(api.get("/api/v1/monthly/")) == [now.public_id]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/daily/?date=2025-11-31", "date"),
        ("/api/v1/daily/?date=26/11/2025", "date"),
        ("/api/v1/daily/?date=2025-W48-1", "date"),
        ("/api/v1/daily/?date=0001-01-01", "date"),
        ("/api/v1/daily/?date=9999-12-31", "date"),
        ("/api/v1/weekly/?week=2025-48", "week"),
        ("/api/v1/weekly/?week=2025-W54", "week"),
        ("/api/v1/weekly/?week=2025-W53", "week"),  # 2025 has 52 ISO weeks
        ("/api/v1/weekly/?week=1899-W52", "week"),
        ("/api/v1/weekly/?week=3000-W01", "week"),
        ("/api/v1/monthly/?month=1899-12", "month"),
        ("/api/v1/monthly/?month=3000-01", "month"),
        ("/api/v1/monthly/?month=2025-13", "month"),
        ("/api/v1/monthly/?month=2025-2", "month"),
        ("/api/v1/daily/?page_size=x", "page_size"),
    ],
)
def test_bad_periods_are_a_400_naming_the_parameter(api, url, param):
    assert_error(api.get(url), 400, "invalid", field=param)


def test_week_53_exists_in_long_years(api):
    paper = PaperFactory(published_at=at(date(2026, 12, 31)))

    assert results(api.get("/api/v1/weekly/?week=2026-W53")) == [paper.public_id]


def test_daily_list_answers_304_until_it_changes(api):
    PaperFactory(published_at=at(DAY))
    url = "/api/v1/daily/?date=2025-11-26"
    etag = api.get(url)["ETag"]

    unchanged = api.get(url, HTTP_IF_NONE_MATCH=etag)
    PaperFactory(published_at=at(DAY))
    scopes_bump([SITE])  # as ingest does
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert len(results(changed)) == 2
