"""Rate limits on votes and tokens (apps.accounts.ratelimit), the 429 answers, the lock-out
after failed sign-ins (allauth), and the limiter failing open without Redis."""

import logging
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.ratelimit import parse_rates, rate_limited
from apps.papers.models import Vote
from tests.api.helpers import token_for
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def paper():
    return PaperFactory()


@pytest.fixture
def vote_limit(settings):
    def set_limit(rates: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": rates}

    return set_limit


def vote(client, paper, action="up", **headers):
    return client.post(f"/papers/{paper.public_id}/vote", {"action": action}, **headers)


def test_votes_past_the_users_limit_get_the_429_page_with_retry_after(
    client, alice, paper, vote_limit
):
    vote_limit("2/m/user")
    client.force_login(alice)

    statuses = [vote(client, paper, action).status_code for action in ("up", "remove")]
    refused = vote(client, paper)

    assert statuses == [302, 302]
    assert refused.status_code == 429
    assert b"Too many requests" in refused.content
    assert 0 < int(refused["Retry-After"]) <= 60
    assert not Vote.objects.filter(user=alice, paper=paper).exists()


def test_an_htmx_vote_past_the_limit_gets_a_short_message(client, alice, paper, vote_limit):
    vote_limit("1/m/user")
    client.force_login(alice)
    vote(client, paper, **HTMX)

    refused = vote(client, paper, "remove", **HTMX)

    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/plain")
    assert refused.content.decode().startswith("Too many requests: wait ")


def test_each_user_has_their_own_vote_budget(client, alice, bob, paper, vote_limit):
    vote_limit("1/m/user")
    client.force_login(alice)
    vote(client, paper)
    client.force_login(bob)

    assert vote(client, paper).status_code == 302


def test_votes_are_limited_per_ip_across_users(client, alice, bob, paper, vote_limit):
    vote_limit("1/m/ip")
    client.force_login(alice)
    vote(client, paper)
    client.force_login(bob)

    assert vote(client, paper).status_code == 429
    assert vote(client, paper, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_limit_ends_with_its_window(client, alice, paper, vote_limit):
    vote_limit("1/m/user")
    client.force_login(alice)
    vote(client, paper)

    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=1)):
        assert vote(client, paper, "remove").status_code == 302


def test_api_votes_count_against_the_same_vote_limit(client, alice, paper, vote_limit):
    vote_limit("2/m/user")
    client.force_login(alice)
    vote(client, paper)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(alice)}")
    url = f"/api/v1/papers/{paper.arxiv_id}/vote"

    allowed = api.delete(url)
    refused = api.put(url)

    assert allowed.status_code == 200
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0


def test_creating_api_tokens_is_rate_limited(client, alice, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token": "2/m/user"}
    client.force_login(alice)

    statuses = [
        client.post("/accounts/tokens/new", {"name": f"script {n}"}).status_code for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_the_decorator_limits_only_the_methods_named(rf: RequestFactory, settings):
    settings.RATE_LIMITS = {"report": "1/h/ip"}
    view = rate_limited("report", methods=["post"])(lambda request: HttpResponse("ok"))

    posts = [view(rf.post("/report")).status_code for _ in range(2)]
    gets = [view(rf.get("/report")).status_code for _ in range(2)]

    assert posts == [200, 429]
    assert gets == [200, 200]


def test_a_scope_without_rates_is_not_limited(rf: RequestFactory, settings):
    settings.RATE_LIMITS = {"report": ""}
    view = rate_limited("report")(lambda request: HttpResponse("ok"))

    assert [view(rf.post("/report")).status_code for _ in range(3)] == [200, 200, 200]


def test_rates_are_read_as_count_period_key():
    rates = parse_rates("30/m/user, 100/5m/ip,1000/day/user")

    assert [(r.count, r.seconds, r.key) for r in rates] == [
        (30, 60, "user"),
        (100, 300, "ip"),
        (1000, 86400, "user"),
    ]


def redis_down(settings):
    """The cache pointed at a port nothing listens on, for a `with` block: the fixtures
    that empty Redis after the test find it back."""
    broken = {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}
    return override_settings(CACHES={"default": broken})


def test_without_redis_votes_go_through_and_the_outage_is_logged(
    client, alice, paper, vote_limit, settings, caplog
):
    vote_limit("1/m/user")
    client.force_login(alice)

    with redis_down(settings), caplog.at_level(logging.WARNING):
        statuses = [vote(client, paper, action).status_code for action in ("up", "remove", "up")]

    assert statuses == [302, 302, 302]
    assert Vote.objects.filter(user=alice, paper=paper).exists()
    assert "rate limit vote not checked: the cache is unavailable" in caplog.text


def test_without_redis_api_reads_answer_and_writes_wait(alice, paper, settings, caplog):
    api = APIClient()
    api.force_authenticate(alice)

    with redis_down(settings), caplog.at_level(logging.WARNING):
        read = api.get("/api/v1/papers/")
        write = api.put(f"/api/v1/papers/{paper.arxiv_id}/vote")

    assert read.status_code == 200
    assert "read let through" in caplog.text
    assert write.status_code == 503  # its rate limit cannot be counted: "try again"
    assert write.json()["code"] == "throttle_unavailable"


# Sign-in, sign-up and password reset: allauth's limits (ACCOUNT_RATE_LIMITS).


@pytest.fixture
def carol():
    carol = UserFactory(username="carol", email="carol@example.org")
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    return carol


def sign_in(client, password=PASSWORD, **headers):
    return client.post(
        "/accounts/login/", {"login": "carol@example.org", "password": password}, **headers
    )


def test_an_account_is_locked_after_repeated_failures_then_opens_after_the_window(
    client, carol, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/key"}
    for _ in range(3):
        sign_in(client, password="wrong")

    locked = sign_in(client)  # the right password

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in str(locked.context["form"].errors)
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=5)):
        opened = sign_in(client)
    assert opened.status_code == 302
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_too_many_sign_ins_get_the_sites_429_page(client, carol, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        sign_in(client, password="wrong")

    refused = sign_in(client)

    assert refused.status_code == 429
    assert b"Too many requests" in refused.content
    assert b'class="site-header' in refused.content or b"<header" in refused.content


def test_too_many_password_resets_are_a_429(client, carol, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post("/accounts/password/reset/", {"email": "carol@example.org"})

    refused = client.post("/accounts/password/reset/", {"email": "carol@example.org"})

    assert refused.status_code == 429


def test_an_htmx_sign_in_past_the_limit_gets_a_short_message(client, carol, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    sign_in(client, password="wrong")

    refused = sign_in(client, **HTMX)

    assert refused.status_code == 429
    assert refused.content.decode().startswith("Too many requests")
