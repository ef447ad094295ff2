"""Anonymous readers get cached pages, never stale ones: a change bumps what it shows."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from apps.curation.models import DailyPick
from apps.papers.page_cache import scopes_bump
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)


@pytest.fixture
def paper():
    return PaperFactory(title="Cached paper", published_at=datetime(2025, 11, 26, 12, tzinfo=UTC))


def count_shown(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split("data-vote-count>")[1].split("<")[0]


def test_a_second_anonymous_visit_costs_no_query(client, paper, django_assert_num_queries):
    client.get("/papers/2025-11-26")

    with django_assert_num_queries(0):
        response = client.get("/papers/2025-11-26")

    assert b"Cached paper" in response.content


@pytest.mark.parametrize(
    "url", ["/papers/2025-11-26", "/papers/week/2025-W48", "/papers/month/2025-11"]
)
def test_a_vote_refreshes_the_lists_of_its_day_week_and_month(client, paper, alice, url):
    assert count_shown(client, url) == "0"

    vote_cast(user=alice, paper=paper)

    assert count_shown(client, url) == "1"


def test_a_vote_refreshes_the_paper_page(client, paper, alice):
    assert count_shown(client, "/papers/" + paper.public_id) == "0"

    vote_cast(user=alice, paper=paper)

    assert count_shown(client, "/papers/" + paper.public_id) == "1"


def test_a_pick_saved_in_the_admin_refreshes_the_day(client, admin_client, paper):
    other = PaperFactory(title="Picked from another day")
    assert b"Picked from another day" not in client.get("/papers/2025-11-26").content

    response = admin_client.post(
        "/admin/curation/dailypick/add/",
        # "published" is checked on the form by default: a browser sends it.
        {
            "featured_on": "2025-11-26",
            "paper": other.pk,
            "position": 1,
            "note": "",
            "published": "on",
        },
    )

    assert response.status_code == 302
    assert DailyPick.objects.count() == 1
    assert b"Picked from another day" in client.get("/papers/2025-11-26").content


def test_each_reader_gets_a_csrf_token_of_their_own_that_their_vote_passes(paper):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/papers/2025-11-26")

    response = second.get("/papers/2025-11-26")  # from the cache
    token = response.content.decode().split('name="csrfmiddlewaretoken" value="')[1][:64]
    vote = second.post(
        f"/papers/{paper.public_id}/vote", {"csrfmiddlewaretoken": token, "action": "up"}
    )

    assert vote.status_code == 302  # to sign in: the CSRF check passed
    assert "/accounts/login/" in vote["Location"]


def test_signed_in_readers_are_never_served_the_cache(client, paper, alice):
    client.get("/papers/2025-11-26")
    vote_cast(user=alice, paper=paper)  # (bumps the cache anyway)
    client.force_login(alice)

    html = client.get("/papers/2025-11-26").content.decode()

    assert 'aria-pressed="true"' in html


def test_a_bump_moves_each_scope_version_on_and_keeps_it():
    scopes_bump(["paper:2401.00001", "day:2025-11-26"])
    scopes_bump(["paper:2401.00001"])

    versions = cache.get_many(["scope:paper:2401.00001", "scope:day:2025-11-26"])
    client = cache._cache.get_client(None, write=False)
    ttl = client.ttl(cache.make_and_validate_key("scope:paper:2401.00001"))

    assert versions == {"scope:paper:2401.00001": 2, "scope:day:2025-11-26": 1}
    assert ttl == -1  # no expiry: a version that vanished would bring old pages back


def test_a_bump_without_redis_is_logged_not_raised(settings, caplog):
    unreachable = {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={**settings.CACHES, "default": unreachable}):
        scopes_bump(["site"])

    assert "could not bump" in caplog.text
