import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from .helpers import token_for


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in Redis, across tests: start each test with none."""
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}*throttle_*"):
        client.delete(key)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_alice(alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(alice)}")
    return client


@pytest.fixture
def as_curator(curator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(curator)}")
    return client
