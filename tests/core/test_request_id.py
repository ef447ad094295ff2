"""Every response and every log record of a request carry its id, the proxy's or a new one."""

import io
import json
import logging
import re

import pytest

from apps.core.logs import JsonFormatter, RequestIdFilter

from .production import production_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """django.request's records as the JSON handler (LOG_FORMAT=json) writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get("/trending").headers["X-Request-ID"]
    second = client.get("/trending").headers["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/trending", headers={"X-Request-ID": "edge-4f2a:17"})

    assert response.headers["X-Request-ID"] == "edge-4f2a:17"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/trending", headers={"X-Request-ID": "x\u2028level=ERROR"})

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_log_records_of_the_request_carry_its_id_as_json(client, json_log):
    client.get("/no-such-page", headers={"X-Request-ID": "req-123"})

    [record] = json_log()
    assert record["request_id"] == "req-123"
    assert (record["level"], record["logger"]) == ("WARNING", "django.request")
    assert record["message"] == "Not Found: /no-such-page"
    assert record["status_code"] == 404


def test_records_outside_a_request_have_no_id(client, json_log):
    client.get("/no-such-page", headers={"X-Request-ID": "req-123"})
    logging.getLogger("django.request").warning("after the request")

    assert json_log()[-1]["request_id"] == "-"


def test_log_format_json_makes_the_console_handler_write_json():
    values = production_settings("LOGGING", LOG_FORMAT="json")

    console = values["LOGGING"]["handlers"]["console"]
    assert console["formatter"] == "json"
    assert console["filters"] == ["request_id"]
