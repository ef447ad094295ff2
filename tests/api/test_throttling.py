import pytest
from rest_framework.test import APIClient

from tests.factories import PaperFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "write": None, **rates},
        }

    return set_rates


def test_anonymous_callers_are_throttled_per_ip_with_retry_after(api, rates):
    rates(anon="3/minute")

    statuses = [api.get("/api/v1/tags/").status_code for _ in range(3)]
    throttled = api.get("/api/v1/tags/")
    other_ip = api.get("/api/v1/tags/", REMOTE_ADDR="10.0.0.2")

    assert statuses == [200, 200, 200]
    assert_error(throttled, 429, "throttled")
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert other_ip.status_code == 200


def test_x_forwarded_for_does_not_dodge_the_limit(api, rates):
    rates(anon="1/minute")

    api.get("/api/v1/tags/", HTTP_X_FORWARDED_FOR="1.1.1.1")

    assert api.get("/api/v1/tags/", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_users_have_their_own_budget(as_alice, bob, rates):
    rates(user="2/minute", anon="1/minute")
    bobs = APIClient()
    bobs.force_authenticate(bob)

    alice_statuses = [as_alice.get("/api/v1/me/").status_code for _ in range(3)]

    assert alice_statuses == [200, 200, 429]
    assert bobs.get("/api/v1/me/").status_code == 200


def test_writes_are_throttled_more_strictly_than_reads(as_alice, rates):
    rates(user="100/minute", write="2/minute")
    paper = PaperFactory()
    url = f"/api/v1/papers/{paper.arxiv_id}/vote"

    writes = [as_alice.put(url).status_code for _ in range(3)]

    assert writes == [200, 200, 429]
    assert as_alice.get(f"/api/v1/papers/{paper.arxiv_id}/").status_code == 200
