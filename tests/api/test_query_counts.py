"""Every list endpoint reads a fixed number of queries, however many papers it lists."""

from datetime import UTC, datetime

import pytest

from apps.curation.models import DailyPick
from apps.papers.models import PaperTag
from apps.papers.votes import vote_cast
from tests.factories import CategoryFactory, PaperFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime(2025, 11, 26, 12, tzinfo=UTC)

# Anonymous: the papers, then one query each for authors, tags, categories and picks.
# A token adds one (the token and its user); the tag filter adds one (checking the slugs);
# a search adds two (apps.papers.search normalises the words and reads their frequencies,
# then, in relevance order, fetches the ids of the best matches it ranks), and three more
# in relevance order: those ids are read in a transaction of their own with synchronized
# scans off (here a savepoint, SET LOCAL, release; in production BEGIN and COMMIT are
# not statements Django logs, so one). The trending order reads the papers voted for in
# its window, then, if they do not fill the page, the others (apps.api.pagination): one
# more.
LIST_ENDPOINTS = [
    ("/api/v1/papers/", 5),
    ("/api/v1/papers/?tag=llm&ordering=votes", 6),
    ("/api/v1/papers/?q=scaling&category=cs.CL", 11),
    ("/api/v1/papers/?ordering=trending", 6),
    ("/api/v1/daily/?date=2025-11-26", 5),
    ("/api/v1/weekly/?week=2025-W48", 5),
    ("/api/v1/monthly/?month=2025-11", 5),
    ("/api/v1/tags/", 1),
    ("/api/v1/categories/", 1),
    ("/api/daily_papers?date=2025-11-26", 5),
    ("/api/daily_papers?date=2025-11-26&sort=trending", 5),
    ("/api/daily_papers?date=2025-11-26&submitter=voter", 5),
    ("/api/daily_papers?week=2025-W48", 5),
    ("/api/daily_papers?month=2025-11&sort=trending", 5),
    ("/api/daily_papers", 7),  # + finding the most recent day
    ("/api/papers/search?q=scaling", 10),
]


def add_papers(count: int, start: int) -> None:
    llm, rag = TagFactory(slug="llm"), TagFactory(slug="rag")
    cl = CategoryFactory(code="cs.CL")
    voter = UserFactory(username="voter")
    for n in range(count):
        paper = PaperFactory(
            published_at=DAY, primary_category=cl, authors=["A One", "B Two", f"C {start + n}"]
        )
        paper.categories.add(cl, CategoryFactory(code="cs.LG"))
        PaperTag.objects.create(paper=paper, tag=llm, origin="rule")
        PaperTag.objects.create(paper=paper, tag=rag, origin="model", confidence=0.5)
        DailyPick.objects.create(
            featured_on=DAY.date(), paper=paper, position=start + n, picked_by=voter
        )
        vote_cast(user=voter, paper=paper)


@pytest.mark.parametrize(("url", "queries"), LIST_ENDPOINTS)
def test_list_query_count_does_not_grow_with_the_data(
    api, url, queries, django_assert_max_num_queries
):
    add_papers(2, start=1)
    with django_assert_max_num_queries(queries):
        small = api.get(url)

    add_papers(20, start=3)
    with django_assert_max_num_queries(queries):
        large = api.get(url)

    assert small.status_code == large.status_code == 200
    items = large.json()
    items = items["results"] if isinstance(items, dict) else items
    assert len(items) >= 2 if "tags" in url or "categories" in url else len(items) == 22


# A cursor adds a WHERE clause, not a query: a later page costs what the first one does.
CURSOR_LISTS = [
    ("/api/v1/papers/?page_size=5", 5),
    ("/api/v1/papers/?ordering=votes&page_size=5", 5),
    ("/api/v1/papers/?ordering=trending&page_size=5", 6),
    ("/api/v1/papers/?q=scaling&page_size=5", 10),
    ("/api/v1/daily/?date=2025-11-26&page_size=5", 5),
    ("/api/v1/monthly/?month=2025-11&page_size=5", 5),
]


@pytest.mark.parametrize(("url", "queries"), CURSOR_LISTS)
def test_a_later_page_reads_as_few_queries_as_the_first(
    api, url, queries, django_assert_max_num_queries
):
    add_papers(7, start=1)
    next_url = api.get(url).json()["next"]
    with django_assert_max_num_queries(queries):
        small = api.get(next_url)

    add_papers(20, start=8)
    next_url = api.get(url).json()["next"]
    with django_assert_max_num_queries(queries):
        large = api.get(next_url)

    assert len(small.json()["results"]) == 2
    assert len(large.json()["results"]) == 5


def test_a_signed_in_caller_costs_one_query_more(as_alice, django_assert_max_num_queries):
    add_papers(5, start=1)
    as_alice.get("/api/v1/me/")  # the token's first use is recorded (a write)

    with django_assert_max_num_queries(6):
        response = as_alice.get("/api/v1/papers/")

    assert len(response.json()["results"]) == 5
