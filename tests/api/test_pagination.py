from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.api.pagination import TRENDING
from apps.papers.models import Paper, Vote
from apps.papers.trending import trending_refresh
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory, UserFactory

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db
START = datetime(2025, 1, 1, tzinfo=UTC)


def papers_by_day(count: int) -> list[Paper]:
    """`count` papers, one a day; newest last."""
    return [PaperFactory(published_at=START + timedelta(days=n)) for n in range(count)]


def walk(api, url: str, *, link: str = "next") -> list[list[str]]:
    pages = []
    while url:
        response = api.get(url)
        pages.append(results(response))
        url = response.json()[link]
    return pages


def test_pages_follow_next_links_to_the_end_without_gaps_or_repeats(api):
    papers = papers_by_day(7)

    pages = walk(api, "/api/v1/papers/?page_size=3")

    assert pages == [
        [p.public_id for p in papers[6:3:-1]],
        [p.public_id for p in papers[3:0:-1]],
        [papers[0].public_id],
    ]


def test_previous_links_walk_back_to_the_first_page(api):
    papers_by_day(7)
    forward = walk(api, "/api/v1/papers/?page_size=3")
    last_page = api.get("/api/v1/papers/?page_size=3")
    while last_page.json()["next"]:
        last_page = api.get(last_page.json()["next"])

    backward = walk(api, last_page.json()["previous"], link="previous")

    assert backward == forward[-2::-1]


def test_cursor_pagination_is_stable_across_an_insert(api):
    papers = papers_by_day(6)
    first = api.get("/api/v1/papers/?page_size=3")
    # A new paper arrives at the top of the list while the client reads page one.
    PaperFactory(published_at=START + timedelta(days=30))

    second = api.get(first.json()["next"])

    assert results(second) == [p.public_id for p in papers[2::-1]]
    assert second.json()["next"] is None


def test_ties_are_broken_by_id_so_no_paper_is_lost(api):
    same_time = [PaperFactory(published_at=START, ingested_at=START) for _ in range(5)]

    pages = walk(api, "/api/v1/papers/?page_size=2")

    assert [paper_id for page in pages for paper_id in page] == [p.public_id for p in same_time]


def test_ordering_by_votes_pages_through_ties(api):
    papers = [PaperFactory(vote_count=votes, published_at=START) for votes in (1, 3, 0, 3, 0)]

    pages = walk(api, "/api/v1/papers/?ordering=votes&page_size=2")

    flat = [paper_id for page in pages for paper_id in page]
    expected = sorted(papers, key=lambda p: (-p.vote_count, p.pk))
    assert flat == [p.public_id for p in expected]


def test_ordering_by_trending_puts_recent_votes_on_young_papers_first(api):
    now = timezone.now()
    young = PaperFactory(published_at=now - timedelta(hours=2))
    old = PaperFactory(published_at=now - timedelta(days=20))
    quiet = PaperFactory(published_at=now)
    for n in range(3):
        voter = UserFactory(username=f"voter{n}")
        vote_cast(user=voter, paper=old)
        if n < 2:
            vote_cast(user=voter, paper=young)

    first = api.get("/api/v1/papers/?ordering=trending&page_size=2")
    second = api.get(first.json()["next"])

    assert results(first) + results(second) == [young.public_id, old.public_id, quiet.public_id]


def test_trending_walks_one_by_one_without_repeats(api):
    now = timezone.now()
    voters = [UserFactory(username=f"voter{n}") for n in range(4)]
    papers = []
    for n in range(12):
        paper = PaperFactory(published_at=now - timedelta(hours=3 + 7 * n))
        for voter in voters[: 1 + n % 4]:
            vote_cast(user=voter, paper=paper)
        papers.append(paper)

    pages = walk(api, "/api/v1/papers/?ordering=trending&page_size=1")

    assert sorted(page[0] for page in pages) == sorted(p.public_id for p in papers)


def test_trending_lists_the_voted_papers_then_the_others_both_ways(api):
    """Read in two parts (voted for in the window, then the rest), in the order of
    scoring every paper, forwards and backwards across the parts' edge."""
    now = timezone.now()
    voters = [UserFactory(username=f"voter{n}") for n in range(3)]
    papers = [PaperFactory(published_at=now - timedelta(hours=5 + 30 * n)) for n in range(9)]
    for n, paper in enumerate(papers[:6]):
        for voter in voters[: 1 + n % 3]:
            vote_cast(user=voter, paper=paper)
    # Three papers were voted for a month ago only: out of the window, scored 0 like
    # the never-voted ones, and ahead of them by votes.
    Vote.objects.filter(paper__in=papers[3:6]).update(created_at=now - timedelta(days=30))
    trending_refresh()  # what the periodic task does with votes moved behind its back
    expected = [
        p.public_id for p in TRENDING.apply(Paper.objects.published().with_vote_state(None))
    ]

    forward = walk(api, "/api/v1/papers/?ordering=trending&page_size=2")
    last = api.get("/api/v1/papers/?ordering=trending&page_size=2")
    while last.json()["next"]:
        last = api.get(last.json()["next"])
    backward = walk(api, last.json()["previous"], link="previous")

    assert [paper_id for page in forward for paper_id in page] == expected
    assert set(expected[:3]) == {p.public_id for p in papers[:3]}
    assert expected[3:6] == [p.public_id for p in (papers[5], papers[4], papers[3])]
    assert backward == forward[-2::-1]


def test_relevance_pages_through_search_results(api):
    papers = [PaperFactory(title=f"Graph networks part {n}", abstract="graph") for n in range(5)]

    pages = walk(api, "/api/v1/papers/?q=graph&page_size=2")

    assert sorted(paper_id for page in pages for paper_id in page) == sorted(
        p.public_id for p in papers
    )
    assert len(pages) == 3


def test_q_with_another_ordering(api):
    old = PaperFactory(title="Graph one", published_at=START)
    new = PaperFactory(title="Graph two", published_at=START + timedelta(days=1))

    assert results(api.get("/api/v1/papers/?q=graph&ordering=published")) == [
        new.public_id,
        old.public_id,
    ]


def test_a_cursor_from_another_ordering_is_refused(api):
    papers_by_day(3)
    next_url = api.get("/api/v1/papers/?page_size=1").json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]

    response = api.get(f"/api/v1/papers/?ordering=votes&page_size=1&cursor={cursor}")

    assert_error(response, 400, "invalid", field="cursor")


@pytest.mark.parametrize(
    "cursor",
    [
        "eyJvIjoicHVibGlzaGVkIn0",  # {"o":"published"}: no values
        "eyJvIjoicHVibGlzaGVkIiwiZCI6Im4iLCJ2IjpbMSwyLDNdfQ",  # values of the wrong type
        "W10",  # []
        "%FF%FE",
    ],
)
def test_forged_cursors_are_a_400(api, cursor):
    assert_error(api.get(f"/api/v1/papers/?cursor={cursor}"), 400, "invalid", field="cursor")


def test_trending_is_the_trending_pages_order(api, client):
    """The API's trending order is the kept scores the site's trending page shows, so a
    program and a reader see one list; papers without a vote in the window follow."""
    now = timezone.now()
    voters = [UserFactory(username=f"voter{n}") for n in range(3)]
    papers = [PaperFactory(published_at=now - timedelta(hours=1 + 20 * n)) for n in range(6)]
    for n, paper in enumerate(papers[:4]):
        for voter in voters[: 1 + (n * 2) % 3]:
            vote_cast(user=voter, paper=paper)
    trending_refresh()
    html = client.get("/trending?window=7d").content.decode()
    on_page = [p.public_id for p in Paper.objects.published().trending("7d")]
    positions = [
        html.index(f'id="p{paper.pk}"') for paper in Paper.objects.published().trending("7d")
    ]

    listed = [
        paper_id
        for page in walk(api, "/api/v1/papers/?ordering=trending&page_size=2")
        for paper_id in page
    ]

    assert positions == sorted(positions)
    assert listed[:4] == on_page
    assert set(listed[4:]) == {papers[4].public_id, papers[5].public_id}


def test_page_size_is_bounded(api):
    papers_by_day(3)

    assert len(results(api.get("/api/v1/papers/?page_size=2"))) == 2
    assert len(results(api.get("/api/v1/papers/?page_size=100"))) == 3
    assert_error(api.get("/api/v1/papers/?page_size=1000"), 400, "invalid", field="page_size")
