import http.client
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from apps.benchmarks.load.scenarios import Request
from tests.factories import PaperFactory, TagFactory

PASSWORD = "bench-test-password"
TITLES = [
    "Speculative decoding for large language models",
    "Quantization of large language models",
    "Large language models as zebrafish annotators",
    "Sparse attention for long context",
    "Long context retrieval with sparse attention",
]


@pytest.fixture
def titled_papers(noon_today):
    papers = [PaperFactory(title=title) for title in TITLES]
    papers[0].paper_tags.create(tag=TagFactory(slug="efficient-inference"), origin="rule")
    return papers


@pytest.fixture
def fresh_rate_limits():
    """allauth counts sign-ins in the (per-worker) Redis cache: start at zero."""
    cache.clear()
    yield
    cache.clear()


def send(base_url: str, request: Request) -> int:
    """One scenario request over real HTTP, as the driver sends it; its status."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
    try:
        connection.request(request.method, request.path, request.body, request.headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
