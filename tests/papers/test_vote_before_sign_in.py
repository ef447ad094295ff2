"""An upvote pressed before signing in is cast when the reader signs in, exactly once."""

import pytest
from allauth.account.models import EmailAddress

from apps.papers.models import Vote
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = "/papers/2025-11-26?page=2"
LOGIN = "/accounts/login/?next=%2Fpapers%2F2025-11-26%3Fpage%3D2"


@pytest.fixture
def carol():
    carol = UserFactory(username="carol", email="carol@example.org")
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    return carol


@pytest.fixture
def paper():
    return PaperFactory(arxiv_id="2411.00042")


def press_upvote(client, paper, **headers):
    return client.post(f"/papers/{paper.public_id}/vote", {"action": "up", "next": PAGE}, **headers)


def sign_in_at(client, login_url):
    """Submit the sign-in form found at `login_url`, as the reader would."""
    next_url = client.get(login_url).context["redirect_field_value"]
    data = {"login": "carol", "password": "correct horse battery staple", "next": next_url}
    return client.post("/accounts/login/", data)


def votes(paper) -> int:
    paper.refresh_from_db()
    assert paper.vote_count == Vote.objects.filter(paper=paper).count()
    return paper.vote_count


def test_signing_in_casts_the_vote_and_lands_on_the_page(client, carol, paper):
    pressed = press_upvote(client, paper)
    assert (pressed.status_code, pressed.url) == (302, LOGIN)
    assert votes(paper) == 0

    signed_in = sign_in_at(client, pressed.url)

    assert signed_in.url == PAGE
    assert votes(paper) == 1
    assert Vote.objects.filter(user=carol, paper=paper).exists()


def test_an_htmx_press_redirects_the_whole_page_and_the_vote_follows(client, carol, paper):
    pressed = press_upvote(client, paper, **HTMX)
    assert pressed.headers["HX-Redirect"] == LOGIN

    sign_in_at(client, pressed.headers["HX-Redirect"])

    assert votes(paper) == 1


def test_signing_in_again_later_does_not_vote_again(client, carol, paper):
    sign_in_at(client, press_upvote(client, paper).url)
    client.post(f"/papers/{paper.public_id}/vote", {"action": "remove", "next": PAGE})
    assert votes(paper) == 0

    client.force_login(carol)  # same session, as a later sign-in would keep it

    assert votes(paper) == 0


def test_a_vote_for_a_paper_gone_meanwhile_is_dropped(client, carol, paper):
    pressed = press_upvote(client, paper)
    paper.delete()

    signed_in = sign_in_at(client, pressed.url)

    assert signed_in.url == PAGE
    assert not Vote.objects.exists()
    assert "_auth_user_id" in client.session
