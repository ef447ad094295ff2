import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the (per-worker) Redis cache: start each test at zero."""
    cache.clear()
    yield
    cache.clear()
