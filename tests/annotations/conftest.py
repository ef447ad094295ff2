import pytest
from django.core.cache import cache

from apps.annotations.services import Selector, annotation_create
from tests.factories import PaperFactory

ABSTRACT = (
    "We study scaling laws for retrieval-augmented language models. We find that the loss "
    "falls as a power law in the size of the datastore. Retrieval helps small models most."
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in Redis, across tests: start each test with none."""
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}*ratelimit:*"):
        client.delete(key)


@pytest.fixture
def paper(db):
    return PaperFactory(title="Scaling laws for retrieval", abstract=ABSTRACT, version=1)


@pytest.fixture
def note(paper):
    """A note on a passage, made by the given reader."""

    def make(owner, *, body="A note", visibility="public", exact="the loss falls", **extra):
        start = paper.abstract.index(exact) if exact else None
        selector = Selector(exact=exact, start=start, end=start + len(exact)) if exact else None
        return annotation_create(
            owner=owner, paper=paper, body=body, visibility=visibility,
            field="abstract" if exact else "", selector=selector, **extra,
        )  # fmt: skip

    return make
