"""X-Queries (for `make bench`): on every response when enabled, absent otherwise."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_each_response_says_how_many_queries_it_ran_when_enabled(client, settings):
    settings.QUERY_COUNT_HEADER = True
    PaperFactory.create_batch(2)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/papers/")

    assert response.status_code == 200
    assert int(response["X-Queries"]) == len(queries) > 0


def test_each_request_is_counted_on_its_own(client, settings):
    settings.QUERY_COUNT_HEADER = True
    PaperFactory.create_batch(2)

    # Not the paper lists: their second request reads items the first one cached.
    first = client.get("/api/v1/tags/")
    second = client.get("/api/v1/tags/")

    assert int(first["X-Queries"]) > 0
    assert second["X-Queries"] == first["X-Queries"]


def test_no_header_unless_enabled(client, settings):
    settings.QUERY_COUNT_HEADER = False
    PaperFactory.create_batch(2)

    response = client.get("/api/v1/papers/")

    assert response.status_code == 200
    assert "X-Queries" not in response
