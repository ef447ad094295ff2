"""A day's page lists the same papers whatever the sort: the papers listed that day, and
those staff picked for it (picked papers belong to the day they were picked for)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from apps.curation.models import DailyPick
from apps.papers.models import Paper
from tests.factories import CategoryFactory, PaperFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def day_with_an_older_pick():
    PaperFactory(title="Listed", published_at=at(DAY), vote_count=3)
    older = PaperFactory(title="Older, picked", published_at=at(DAY - timedelta(days=5)))
    PaperFactory(title="Picked another day", published_at=at(DAY - timedelta(days=2)))
    DailyPick.objects.create(featured_on=DAY, paper=older, position=1, note="Worth a look")
    DailyPick.objects.create(
        featured_on=DAY + timedelta(days=1),
        paper=Paper.objects.get(title="Picked another day"),
        position=1,
    )


@pytest.mark.parametrize("sort", ["top", "new"])
def test_a_day_lists_its_picks_from_other_days_whatever_the_sort(
    client, day_with_an_older_pick, sort
):
    response = client.get(f"/papers/2025-11-26?sort={sort}")

    titles = {paper.title for paper in response.context["papers"]}
    assert titles == {"Listed", "Older, picked"}
    assert response.context["paginator"].count == 2
    assert "Worth a look" in response.content.decode()


def test_newest_first_orders_a_days_picks_by_their_date_too(client, day_with_an_older_pick):
    response = client.get("/papers/2025-11-26?sort=new")

    assert [paper.title for paper in response.context["papers"]] == ["Listed", "Older, picked"]


def test_on_day_annotates_the_pick_of_that_day_only(day_with_an_older_pick):
    papers = {paper.title: paper for paper in Paper.objects.on_day(DAY)}

    assert (papers["Older, picked"].pick_position, papers["Older, picked"].pick_note) == (
        1,
        "Worth a look",
    )
    assert (papers["Listed"].pick_position, papers["Listed"].pick_note) == (None, None)


def test_in_categories_counts_primary_and_cross_listed_papers_once():
    cl, lg = CategoryFactory(code="cs.CL"), CategoryFactory(code="cs.LG")
    cv = CategoryFactory(code="cs.CV")
    primary = PaperFactory(primary_category=cl)
    primary.categories.add(cl, lg)
    cross = PaperFactory(primary_category=cv)
    cross.categories.add(cv, lg)
    PaperFactory(primary_category=cv)

    assert set(Paper.objects.in_categories([cl])) == {primary}
    assert list(Paper.objects.in_categories([cl, lg]).order_by("pk")) == [primary, cross]


def test_the_category_page_search_and_api_agree_on_a_category(client):
    cl = CategoryFactory(code="cs.CL")
    paper = PaperFactory(primary_category=cl, title="A paper on parsing")

    site = client.get("/categories/cs.CL").context["papers"]
    search = client.get("/search?category=cs.CL").context["papers"]
    api = client.get("/api/v1/papers/?category=cs.CL").json()["results"]

    assert [p.pk for p in site] == [p.pk for p in search] == [paper.pk]
    assert [item["id"] for item in api] == [paper.public_id]
