"""Feeds parse with feedparser, hold the right items, are cached and answer 304."""

from datetime import date

import feedparser
import pytest

from apps.curation.models import DailyPick
from apps.lists.models import ReadingList, ReadingListItem
from apps.papers.models import PaperTag
from apps.papers.votes import vote_cast

from ..factories import CategoryFactory, PaperFactory, TagFactory

pytestmark = pytest.mark.django_db


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return feedparser.parse(response.content)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_daily_picks_feed_holds_published_picks_only(client, kind):
    shown = DailyPick.objects.create(
        featured_on=date(2025, 11, 30), paper=PaperFactory(title="Shown pick"), position=1,
        note="Read the appendix.",
    )  # fmt: skip
    DailyPick.objects.create(featured_on=date(2025, 11, 30), paper=PaperFactory(title="Draft"),
                             position=2, published=False)  # fmt: skip

    feed = parse(client, f"/feeds/daily/{kind}")

    assert not feed.bozo
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert [entry.title for entry in feed.entries] == ["Shown pick"]
    assert feed.entries[0].link.endswith(shown.paper.get_absolute_url())
    assert "Read the appendix." in feed.entries[0].summary


def test_tag_and_category_feeds(client):
    tag, category = TagFactory(slug="llm"), CategoryFactory(code="cs.CL")
    tagged = PaperFactory(title="Tagged", primary_category=CategoryFactory(code="cs.LG"))
    PaperTag.objects.create(paper=tagged, tag=tag, origin="staff")
    PaperFactory(title="In cs.CL", primary_category=category)

    assert [e.title for e in parse(client, "/feeds/tags/llm/rss").entries] == ["Tagged"]
    assert [e.title for e in parse(client, "/feeds/categories/cs.CL/atom").entries] == ["In cs.CL"]
    assert parse(client, "/feeds/tags/llm/rss").entries[0].tags[0].term == "Llm"
    assert client.get("/feeds/tags/nope/rss").status_code == 404


def test_trending_feed(client, alice):
    hot = PaperFactory(title="Hot")
    PaperFactory(title="Cold")
    vote_cast(user=alice, paper=hot)

    assert [e.title for e in parse(client, "/feeds/trending/rss?window=24h").entries] == ["Hot"]
    assert client.get("/feeds/trending/rss?window=1y").status_code == 400


def test_search_feed_holds_the_results(client):
    PaperFactory(title="Speculative decoding for fast inference")
    PaperFactory(title="Protein folding")

    feed = parse(client, "/feeds/search/rss?q=speculative")

    assert [e.title for e in feed.entries] == ["Speculative decoding for fast inference"]
    response = client.get("/feeds/search/rss")
    assert response.status_code == 400
    assert b"q:" in response.content


def test_public_reading_list_feed_and_private_ones_are_404(client, alice):
    public = ReadingList.objects.create(owner=alice, name="Good reads", visibility="public")
    private = ReadingList.objects.create(owner=alice, name="Mine", visibility="private")
    for position, title in enumerate(["First", "Second"]):
        ReadingListItem.objects.create(reading_list=public, paper=PaperFactory(title=title),
                                       position=position)  # fmt: skip

    feed = parse(client, f"/feeds/lists/{public.pk}/atom")

    assert feed.feed.title.endswith("Good reads")
    assert sorted(e.title for e in feed.entries) == ["First", "Second"]
    assert client.get(f"/feeds/lists/{private.pk}/rss").status_code == 404


def test_feeds_answer_conditional_requests_with_304(client):
    PaperFactory(title="Tagged")
    tag = TagFactory(slug="llm")
    PaperTag.objects.create(paper=PaperFactory(title="One"), tag=tag, origin="staff")
    first = client.get("/feeds/tags/llm/rss")
    assert first["ETag"]
    assert first["Last-Modified"]

    by_etag = client.get("/feeds/tags/llm/rss", headers={"If-None-Match": first["ETag"]})
    by_date = client.get(
        "/feeds/tags/llm/rss", headers={"If-Modified-Since": first["Last-Modified"]}
    )

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""


def test_feeds_are_served_from_the_cache(client, django_assert_num_queries):
    tag = TagFactory(slug="llm")
    PaperTag.objects.create(paper=PaperFactory(title="One"), tag=tag, origin="staff")
    client.get("/feeds/tags/llm/rss")

    with django_assert_num_queries(0):
        assert client.get("/feeds/tags/llm/rss").status_code == 200


def test_feed_queries_do_not_grow_with_items(client, django_assert_max_num_queries):
    tag = TagFactory(slug="llm")
    for i in range(12):
        PaperTag.objects.create(paper=PaperFactory(title=f"P{i}"), tag=tag, origin="staff")

    with django_assert_max_num_queries(4):
        client.get("/feeds/tags/llm/rss")


def test_pages_link_their_feeds(client, noon_today):
    tag = TagFactory(slug="llm")
    PaperTag.objects.create(paper=PaperFactory(title="One"), tag=tag, origin="staff")
    PaperFactory(title="Speculative decoding")

    pages = {
        "/": "/feeds/daily/rss",
        "/trending": "/feeds/trending/rss",
        "/tags/llm": "/feeds/tags/llm/rss",
        "/search?q=speculative": "/feeds/search/rss?q=speculative",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html, page
        assert f'href="{feed}"' in html, page
        assert 'class="feed-links"' in html, page
