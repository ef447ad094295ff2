"""Signed-in pages share each card's reader-independent parts (apps.papers.card_cache):
a change shows at once, the reader's own controls stay theirs, and a warm page skips
the authors and tags."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.annotations.services import annotation_create
from apps.papers.models import Author, Authorship, Tag
from apps.papers.page_cache import SITE, day_scopes, scopes_bump
from apps.papers.votes import vote_cast
from apps.tagging.services import papers_tags_apply
from tests.factories import PaperFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("noon_today")]


def card_of(html: str, title: str) -> str:
    start = html.index(title)
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def cards_of(html: str) -> list[str]:
    """The page's cards, without the per-request CSRF tokens in their forms."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.findall(r"<article.*?</article>", html, flags=re.S)


def rendered_again() -> None:
    """As a vote on another of the day's papers: the page shared by signed-in readers is
    rendered afresh (apps.papers.page_cache), its cards' parts stay cached."""
    scopes_bump(day_scopes(timezone.localdate()))


def cached_cards() -> list[bytes]:
    client = cache._cache.get_client(None, write=False)
    return sorted(client.scan_iter(match=f"{cache.key_prefix}*card:*"))


def test_a_signed_in_page_stores_each_card_once_and_reuses_it(client, alice):
    PaperFactory.create_batch(3)
    client.force_login(alice)

    first = cards_of(client.get("/").content.decode())
    stored = cached_cards()
    second = cards_of(client.get("/").content.decode())

    assert len(stored) == 3
    assert cached_cards() == stored
    assert len(first) == 3
    assert first == second


def test_a_tag_applied_after_the_card_was_cached_shows_at_once(client, alice):
    paper = PaperFactory(title="Speculative decoding for LLM serving", abstract="Draft tokens.")
    client.force_login(alice)
    assert "Decoding" not in card_of(client.get("/").content.decode(), paper.title)

    papers_tags_apply(paper_ids=[paper.pk])

    card = card_of(client.get("/").content.decode(), paper.title)
    tag = Tag.objects.get(slug="decoding-acceleration")
    assert f'href="/tags/{tag.slug}"' in card


def test_a_public_note_counts_on_the_card_at_once(
    client, alice, bob, django_capture_on_commit_callbacks
):
    paper = PaperFactory(title="Annotated paper")
    client.force_login(alice)
    assert "1 note" not in card_of(client.get("/").content.decode(), paper.title)

    with django_capture_on_commit_callbacks(execute=True):
        annotation_create(owner=bob, paper=paper, body="Worth reading", visibility="public")

    assert "1 note" in card_of(client.get("/").content.decode(), paper.title)


def test_votes_stay_each_readers_own_on_shared_cards(client, alice, bob):
    paper = PaperFactory(title="Voted paper")
    vote_cast(user=alice, paper=paper)
    client.force_login(bob)
    client.get("/")  # bob's visit caches the card

    client.force_login(alice)
    alices = card_of(client.get("/").content.decode(), paper.title)
    client.force_login(bob)
    bobs = card_of(client.get("/").content.decode(), paper.title)

    assert 'aria-pressed="true"' in alices
    assert 'aria-pressed="false"' in bobs
    assert "data-vote-count>1<" in alices
    assert "data-vote-count>1<" in bobs


def test_a_warm_signed_in_page_costs_the_same_queries_for_three_or_twenty_cards(
    client, alice, django_assert_max_num_queries
):
    PaperFactory.create_batch(3)
    client.force_login(alice)
    client.get("/")
    rendered_again()
    with django_assert_max_num_queries(50) as few:
        client.get("/")
    queries = len(few.captured_queries)  # the next capture clears the log it reads
    PaperFactory.create_batch(17)
    scopes_bump([SITE])  # as ingest does
    client.get("/")  # stores the new cards
    rendered_again()

    with django_assert_max_num_queries(queries) as many:
        response = client.get("/")

    assert response.content.count(b"<article") == 20
    sql = " ".join(q["sql"] for q in many.captured_queries)
    assert "papers_authorship" not in sql  # the cached parts hold the authors and tags
    assert "papers_papertag" not in sql


def test_authors_on_a_cold_card_come_in_one_query_for_the_page(
    client, alice, django_assert_max_num_queries
):
    author = Author.objects.create(name="Ottoline Quistgaard")
    for paper in PaperFactory.create_batch(12):
        Authorship.objects.create(paper=paper, author=author, position=9)
    client.force_login(alice)

    with django_assert_max_num_queries(50) as cold:
        html = client.get("/").content.decode()

    assert html.count("Ottoline Quistgaard") == 12
    authorship_queries = [q for q in cold.captured_queries if "papers_authorship" in q["sql"]]
    assert len(authorship_queries) == 1
