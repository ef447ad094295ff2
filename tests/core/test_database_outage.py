"""PostgreSQL restarted under a running web process: requests in flight answer 503,
the next ones succeed, nothing is restarted.

A restart is simulated as PostgreSQL's fast shutdown does it: every backend of the
test database is terminated ("terminating connection due to administrator command"),
idle ones in the pool included.
"""

from contextlib import contextmanager

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import _test_database_url
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db(transaction=True)
PAGE, API = "/papers/{}", "/api/v1/papers/{}/"


def restart_postgres() -> int:
    with psycopg.connect(_test_database_url(), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


@contextmanager
def restart_in_flight():
    """PostgreSQL restarts as the request sends its first query."""
    pending = [True]

    def restart_first(execute, sql, params, many, context):
        if pending:
            pending.clear()
            restart_postgres()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(restart_first):
        yield


def between_requests() -> None:
    """What Django's handler does as each request starts and ends (the test client
    skips it): a connection that failed goes back to the pool, which drops it."""
    close_old_connections()


@pytest.fixture
def paper():
    return PaperFactory(title="Survives restarts")


@pytest.fixture(autouse=True)
def _fresh_connection_for_teardown():
    """Outside requests nothing replaces the test thread's broken connection."""
    yield
    connection.close()


def test_requests_after_a_restart_succeed_on_fresh_connections(paper):
    client = Client()
    assert client.get(PAGE.format(paper.public_id)).status_code == 200
    between_requests()  # the connection waits in the pool, idle

    assert restart_postgres() >= 1

    assert client.get(PAGE.format(paper.public_id)).status_code == 200
    assert APIClient().get(API.format(paper.public_id)).status_code == 200


@pytest.mark.parametrize(
    ("url", "client_class", "explained"),
    [(PAGE, Client, "Briefly unavailable"), (API, APIClient, '"code":"service_unavailable"')],
)
def test_a_request_in_flight_during_a_restart_answers_503_and_the_next_succeeds(
    paper, url, client_class, explained
):
    client = client_class(raise_request_exception=False)

    with restart_in_flight():
        failed = client.get(url.format(paper.public_id))
    between_requests()
    retried = client.get(url.format(paper.public_id))

    assert failed.status_code == 503
    assert explained in failed.content.decode()
    assert int(failed["Retry-After"]) > 0
    assert retried.status_code == 200
    assert "Survives restarts" in retried.content.decode()
