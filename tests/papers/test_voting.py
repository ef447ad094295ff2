"""Upvoting from any page: htmx swaps the button, plain forms redirect back."""

import pytest
from django.test import Client

from apps.papers.models import Vote
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def paper():
    return PaperFactory(arxiv_id="2411.00042")


def vote(client, paper, action="up", next_url="/papers/2025-11-26?page=2", **headers):
    return client.post(
        f"/papers/{paper.public_id}/vote", {"action": action, "next": next_url}, **headers
    )


def test_a_plain_form_vote_counts_and_redirects_back_to_the_card(client, alice, paper):
    client.force_login(alice)

    response = vote(client, paper)

    assert response.status_code == 302
    assert response.url == f"/papers/2025-11-26?page=2#p{paper.pk}"
    paper.refresh_from_db()
    assert paper.vote_count == 1
    assert Vote.objects.filter(user=alice, paper=paper).exists()


def test_an_htmx_vote_answers_with_the_new_button(client, alice, paper):
    client.force_login(alice)

    response = vote(client, paper, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") or "<form" in html.split("\n", 3)[1]
    assert "data-vote-count>1</span>" in html
    assert 'aria-pressed="true"' in html
    assert 'name="action" value="remove"' in html
    assert 'name="next" value="/papers/2025-11-26?page=2"' in html


def test_removing_a_vote_takes_it_back(client, alice, paper):
    client.force_login(alice)
    vote(client, paper)

    response = vote(client, paper, action="remove", **HTMX)

    assert "data-vote-count>0</span>" in response.content.decode()
    assert 'aria-pressed="false"' in response.content.decode()
    assert not Vote.objects.exists()


def test_voting_twice_counts_once(client, alice, bob, paper):
    client.force_login(alice)
    vote(client, paper)
    vote(client, paper)
    client.force_login(bob)
    vote(client, paper)

    paper.refresh_from_db()
    assert paper.vote_count == Vote.objects.count() == 2


def test_anonymous_readers_are_sent_to_log_in_and_brought_back(client, paper):
    response = vote(client, paper)

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fpapers%2F2025-11-26%3Fpage%3D2"
    assert not Vote.objects.exists()


def test_anonymous_htmx_votes_redirect_the_whole_page_to_log_in(client, paper):
    response = vote(client, paper, **HTMX)

    assert response.headers["HX-Redirect"].startswith("/accounts/login/?next=")


def test_an_offsite_next_is_ignored(client, alice, paper):
    client.force_login(alice)

    response = vote(client, paper, next_url="https://evil.example/")

    assert response.url == f"/papers/2411.00042#p{paper.pk}"


def test_votes_need_the_csrf_token(alice, paper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    assert vote(client, paper).status_code == 403
    assert not Vote.objects.exists()


def test_votes_are_post_only(client, alice, paper):
    client.force_login(alice)

    assert client.get(f"/papers/{paper.public_id}/vote").status_code == 405


def test_an_unknown_action_is_a_400_naming_it(client, alice, paper):
    client.force_login(alice)

    response = vote(client, paper, action="down")

    assert response.status_code == 400
    assert b"<code>action</code>" in response.content


def test_voting_on_an_unknown_or_unpublished_paper_is_404(client, alice):
    hidden = PaperFactory(status="pending")
    client.force_login(alice)

    assert client.post("/papers/2499.99999/vote", {"action": "up"}).status_code == 404
    assert vote(client, hidden).status_code == 404


def test_old_style_arxiv_ids_can_be_voted_on(client, alice):
    paper = PaperFactory(arxiv_id="hep-th/9901001")
    client.force_login(alice)

    page = client.get("/papers/hep-th/9901001").content.decode()
    response = vote(client, paper, next_url="/papers/hep-th/9901001")

    assert 'action="/papers/hep-th/9901001/vote"' in page
    assert response.url == f"/papers/hep-th/9901001#p{paper.pk}"
    paper.refresh_from_db()
    assert paper.vote_count == 1
