"""Anonymous callers of the day, week and month lists share kept answers
(apps.api.response_cache): a vote on one of their papers shows at once, callers with
credentials get their own, and the rate limits still count every call."""

from datetime import UTC, datetime

import pytest

from apps.papers.votes import vote_cast
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
LISTED = datetime(2025, 11, 26, 12, tzinfo=UTC)
KEPT = [
    "/api/v1/daily/?date=2025-11-26",
    "/api/v1/weekly/?week=2025-W48",
    "/api/v1/monthly/?month=2025-11",
    "/api/daily_papers?date=2025-11-26",
    "/api/daily_papers?week=2025-W48",
]


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def votes(item: dict) -> int:
    return item["vote_count"] if "vote_count" in item else item["paper"]["upvotes"]


@pytest.fixture
def paper():
    return PaperFactory(title="Kept answer", published_at=LISTED)


@pytest.mark.parametrize("url", KEPT)
def test_a_second_anonymous_call_is_answered_without_a_query(
    api, paper, url, django_assert_num_queries
):
    first = api.get(url)

    with django_assert_num_queries(0):
        second = api.get(url)

    assert second.content == first.content
    assert second["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", KEPT)
def test_a_vote_on_one_of_its_papers_shows_in_the_next_answer(api, paper, alice, url):
    (before,) = items(api.get(url))

    vote_cast(user=alice, paper=paper)

    (after,) = items(api.get(url))
    assert (votes(before), votes(after)) == (0, 1)


def test_callers_with_credentials_get_their_own_vote(api, as_alice, paper, alice):
    url = KEPT[0]
    vote_cast(user=alice, paper=paper)
    (anonymous,) = items(api.get(url))

    (alices,) = items(as_alice.get(url))

    assert anonymous["voted"] is False
    assert alices["voted"] is True


def test_a_bad_period_is_refused_every_time(api, paper):
    assert api.get("/api/v1/daily/?date=2025-11-31").status_code == 400
    assert api.get("/api/v1/daily/?date=2025-11-31").status_code == 400


def test_the_hf_list_without_a_period_is_answered_afresh(api, paper, django_assert_max_num_queries):
    """It lists the latest day with papers, which no scope follows."""
    api.get("/api/daily_papers")

    with django_assert_max_num_queries(10) as again:
        (item,) = items(api.get("/api/daily_papers"))

    assert len(again.captured_queries) > 0
    assert item["title"] == "Kept answer"


def test_kept_answers_still_count_against_the_rate_limit(api, paper, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": None, "write": None},
    }

    statuses = [api.get(KEPT[0]).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_links_follow_the_host_asked_of_a_kept_answer(api, paper, settings):
    settings.ALLOWED_HOSTS = ["papers.example.org", "mirror.example.net", "testserver"]
    (first,) = items(api.get(KEPT[0], HTTP_HOST="papers.example.org"))

    (second,) = items(api.get(KEPT[0], HTTP_HOST="mirror.example.net"))

    assert first["links"]["api"].startswith("http://papers.example.org/")
    assert second["links"]["api"].startswith("http://mirror.example.net/")
