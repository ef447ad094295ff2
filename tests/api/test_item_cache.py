"""API list items are cached per paper and shared (apps.api.item_cache): a warm list skips
the related rows, a change shows at once, and the caller's own fields stay theirs."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.test import override_settings

from apps.curation.models import DailyPick
from apps.papers.models import Paper, Tag, Vote
from apps.tagging.services import papers_tags_apply
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
RELATED_TABLES = ("papers_authorship", "papers_papertag", "papers_paper_categories", "dailypick")


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def cached_items() -> list[bytes]:
    client = cache._cache.get_client(None, write=False)
    return sorted(client.scan_iter(match=f"{cache.key_prefix}*api-item:*"))


def test_a_warm_list_reads_no_related_rows_and_answers_the_same(api, django_assert_max_num_queries):
    PaperFactory.create_batch(4, authors=["Grace Hopper", "Edsger Dijkstra"])
    with django_assert_max_num_queries(10) as cold:
        first = items(api.get("/api/v1/papers/"))
    cold_sql = " ".join(q["sql"] for q in cold.captured_queries)
    stored = cached_items()

    with django_assert_max_num_queries(10) as warm:
        second = items(api.get("/api/v1/papers/"))

    warm_sql = " ".join(q["sql"] for q in warm.captured_queries)
    assert all(table in cold_sql for table in RELATED_TABLES)
    assert not any(table in warm_sql for table in RELATED_TABLES)
    assert len(stored) == 4
    assert cached_items() == stored
    assert second == first
    assert first[0]["authors"] == ["Grace Hopper", "Edsger Dijkstra"]


def test_vote_counts_are_read_afresh_on_a_cached_item(api):
    paper = PaperFactory()
    items(api.get("/api/v1/papers/"))
    # No service involved, so nothing tells the cache: the count must come from the row.
    Paper.objects.filter(pk=paper.pk).update(vote_count=41)

    (item,) = items(api.get("/api/v1/papers/"))
    (hf_item,) = items(api.get("/api/papers/search"))
    items(api.get("/api/papers/search"))
    Paper.objects.filter(pk=paper.pk).update(vote_count=42)
    (hf_again,) = items(api.get("/api/papers/search"))

    assert item["vote_count"] == 41
    assert hf_item["paper"]["upvotes"] == 41
    assert hf_again["paper"]["upvotes"] == 42


def test_each_caller_sees_their_own_vote_on_a_shared_item(as_alice, api, alice):
    paper = PaperFactory()
    Vote.objects.create(user=alice, paper=paper)  # no cache bump either
    items(api.get("/api/v1/papers/"))  # an anonymous caller stores the item

    (alices,) = items(as_alice.get("/api/v1/papers/"))
    (anonymous,) = items(api.get("/api/v1/papers/"))

    assert alices["voted"] is True
    assert anonymous["voted"] is False


def test_links_follow_the_host_asked(api, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    PaperFactory()
    items(api.get("/api/v1/papers/", HTTP_HOST="one.example"))

    (item,) = items(api.get("/api/v1/papers/", HTTP_HOST="two.example"))

    assert item["links"]["html"].startswith("http://two.example/papers/")
    assert item["links"]["api"].startswith("http://two.example/api/v1/papers/")


def test_a_tag_applied_after_caching_shows_at_once(api):
    PaperFactory(title="Speculative decoding for LLM serving", abstract="Draft tokens.")
    (before,) = items(api.get("/api/v1/papers/"))

    papers_tags_apply(paper_ids=list(Paper.objects.values_list("pk", flat=True)))

    (after,) = items(api.get("/api/v1/papers/"))
    tag = Tag.objects.get(slug="decoding-acceleration")
    assert tag.slug not in [t["slug"] for t in before["tags"]]
    assert tag.slug in [t["slug"] for t in after["tags"]]


def test_a_days_item_is_cached_for_that_day_only(api, curator):
    listed = datetime(2025, 11, 24, 9, tzinfo=UTC)
    paper = PaperFactory(published_at=listed)
    DailyPick.objects.create(
        featured_on=date(2025, 11, 26), paper=paper, position=1, picked_by=curator
    )

    (on_its_listing_day,) = items(api.get("/api/daily_papers?date=2025-11-24"))
    (on_its_pick_day,) = items(api.get("/api/daily_papers?date=2025-11-26"))

    assert on_its_listing_day["publishedAt"].startswith("2025-11-24T09:00")
    assert on_its_listing_day["submittedBy"] is None
    assert on_its_pick_day["publishedAt"].startswith("2025-11-26T00:00")
    assert on_its_pick_day["submittedBy"]["user"] == "curator"


def test_without_redis_every_item_is_serialized(api, settings):
    PaperFactory(authors=["Barbara Liskov"])
    unreachable = {
        **settings.CACHES["default"],
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }

    with override_settings(CACHES={**settings.CACHES, "default": unreachable}):
        (item,) = items(api.get("/api/v1/papers/"))

    assert item["authors"] == ["Barbara Liskov"]
