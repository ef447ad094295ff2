import pytest
from rest_framework.test import APIClient

from apps.papers.models import Paper
from tests.factories import PaperFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def test_put_casts_a_vote_and_answers_the_new_count(as_alice, alice):
    paper = PaperFactory()

    response = as_alice.put(f"/api/v1/papers/{paper.arxiv_id}/vote")

    assert response.status_code == 200
    assert response.json() == {"id": paper.arxiv_id, "voted": True, "vote_count": 1}
    assert paper.votes.filter(user=alice).exists()


def test_voting_twice_counts_once(as_alice):
    paper = PaperFactory()
    url = f"/api/v1/papers/{paper.arxiv_id}/vote"

    as_alice.put(url)
    again = as_alice.put(url)

    assert again.json()["vote_count"] == 1
    paper.refresh_from_db()
    assert paper.vote_count == paper.votes.count() == 1


def test_delete_removes_the_vote_idempotently(as_alice, bob):
    paper = PaperFactory()
    url = f"/api/v1/papers/{paper.arxiv_id}/vote"
    as_alice.put(url)
    bobs = APIClient()
    bobs.force_authenticate(bob)
    bobs.put(url)

    removed = as_alice.delete(url)
    removed_again = as_alice.delete(url)

    assert removed.json() == {"id": paper.arxiv_id, "voted": False, "vote_count": 1}
    assert removed_again.json()["vote_count"] == 1


def test_the_detail_shows_the_vote_afterwards(as_alice):
    paper = PaperFactory()
    as_alice.put(f"/api/v1/papers/{paper.arxiv_id}/vote")

    body = as_alice.get(f"/api/v1/papers/{paper.arxiv_id}/").json()

    assert (body["voted"], body["vote_count"]) == (True, 1)


def test_anonymous_votes_are_a_401_with_www_authenticate(api):
    paper = PaperFactory()

    response = api.put(f"/api/v1/papers/{paper.arxiv_id}/vote")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert paper.votes.count() == 0


def test_session_votes_need_the_csrf_token(alice):
    paper = PaperFactory()
    url = f"/api/v1/papers/{paper.arxiv_id}/vote"
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(alice)
    secret = "k" * 32  # what the csrftoken cookie holds; pages send it back in X-CSRFToken

    without_token = browser.put(url)
    browser.cookies["csrftoken"] = secret
    with_token = browser.put(url, HTTP_X_CSRFTOKEN=secret)

    assert_error(without_token, 403, "permission_denied")
    assert with_token.json()["vote_count"] == 1


def test_voting_on_an_unknown_or_unpublished_paper_is_a_404(as_alice):
    pending = PaperFactory(status=Paper.Status.PENDING)

    assert_error(as_alice.put("/api/v1/papers/2401.99999/vote"), 404, "not_found")
    assert_error(as_alice.put(f"/api/v1/papers/{pending.arxiv_id}/vote"), 404, "not_found")


def test_other_methods_are_a_405(as_alice):
    paper = PaperFactory()

    assert_error(as_alice.post(f"/api/v1/papers/{paper.arxiv_id}/vote"), 405, "method_not_allowed")
    assert_error(as_alice.delete(f"/api/v1/papers/{paper.arxiv_id}/"), 405, "method_not_allowed")
