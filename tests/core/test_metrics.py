"""/metrics: Prometheus's, for a scraper holding METRICS_TOKEN; a 404 to anyone else."""

import pytest

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-scrape-token"


def test_metrics_are_not_served_where_no_token_is_configured(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_need_the_token(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404


def test_the_scraper_with_the_token_reads_request_counts(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/trending")

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert b'django_http_responses_total_by_status_total{status="200"}' in response.content
