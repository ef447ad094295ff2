"""Trending, tag, category and author pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.papers.models import Vote
from apps.papers.page_cache import SITE, scopes_bump
from apps.papers.trending import trending_refresh
from apps.papers.votes import vote_cast
from tests.factories import CategoryFactory, PaperFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [paper.title for paper in response.context["papers"]]


def voters(n: int) -> list:
    return [UserFactory(username=f"voter{i}") for i in range(n)]


def test_trending_ranks_recent_votes_with_time_decay(client):
    now = timezone.now()
    young = PaperFactory(title="Young", published_at=now - timedelta(hours=2))
    old = PaperFactory(title="Old", published_at=now - timedelta(days=20))
    PaperFactory(title="Unvoted")
    for voter in voters(3):
        vote_cast(user=voter, paper=old)
    vote_cast(user=voter, paper=young)

    response = client.get("/trending")

    assert titles(response) == ["Young", "Old"]
    assert b"(age in hours + 2)" in response.content


def test_trending_window_leaves_out_older_votes(client):
    paper = PaperFactory(title="Voted last week", published_at=timezone.now() - timedelta(days=9))
    (voter,) = voters(1)
    vote_cast(user=voter, paper=paper)
    Vote.objects.update(created_at=timezone.now() - timedelta(days=3))
    trending_refresh()  # the periodic task: the vote has left the 24 hours

    assert titles(client.get("/trending?window=7d")) == ["Voted last week"]
    assert titles(client.get("/trending?window=24h")) == []
    assert b"No paper got a vote in the last 24 hours" in client.get("/trending?window=24h").content


def test_trending_rejects_an_unknown_window(client):
    response = client.get("/trending?window=1y")

    assert response.status_code == 400
    assert b"<code>window</code>" in response.content


def test_tag_page_lists_its_papers_newest_first_or_by_votes(client):
    tag = TagFactory(slug="rl", name="Reinforcement learning")
    older = PaperFactory(title="Older", published_at=timezone.now() - timedelta(days=2))
    newer = PaperFactory(title="Newer", vote_count=0)
    PaperFactory(title="Untagged")
    older.vote_count = 5
    older.save(update_fields=["vote_count"])
    for paper in (older, newer):
        paper.paper_tags.create(tag=tag, origin="staff")

    assert titles(client.get("/tags/rl")) == ["Newer", "Older"]
    assert titles(client.get("/tags/rl?sort=top")) == ["Older", "Newer"]
    assert b"Reinforcement learning" in client.get("/tags/rl").content


def test_category_page_includes_cross_listed_papers_once(client):
    cl = CategoryFactory(code="cs.CL", name="Computation and Language")
    lg = CategoryFactory(code="cs.LG")
    primary = PaperFactory(title="Primary", primary_category=cl)
    primary.categories.add(cl, lg)
    cross = PaperFactory(title="Cross-listed", primary_category=lg)
    cross.categories.add(lg, cl)
    PaperFactory(title="Elsewhere", primary_category=lg)

    response = client.get("/categories/cs.CL?sort=new")

    assert sorted(titles(response)) == ["Cross-listed", "Primary"]
    assert b"Computation and Language" in response.content


def test_author_page_lists_the_authors_papers_and_cards_link_to_it(client):
    paper = PaperFactory(title="By Ada", authors=["Ada Lovelace", "Charles Babbage"])
    PaperFactory(title="By someone else", authors=["Grace Hopper"])
    ada = paper.authors.get(name="Ada Lovelace")

    response = client.get(f"/authors/{ada.pk}")

    assert titles(response) == ["By Ada"]
    assert f'href="/authors/{ada.pk}"'.encode() in response.content


@pytest.mark.parametrize("url", ["/tags/nope", "/categories/xx.YY", "/authors/999999"])
def test_unknown_subjects_are_404(client, url):
    assert client.get(url).status_code == 404


def test_subject_pages_reject_an_unknown_sort(client):
    TagFactory(slug="rl")

    response = client.get("/tags/rl?sort=best")

    assert response.status_code == 400
    assert b"<code>sort</code>" in response.content


@pytest.mark.parametrize("kind", ["trending", "tag", "category", "author"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_counts_do_not_grow_with_the_papers(
    client, alice, django_assert_max_num_queries, kind, signed_in
):
    if signed_in:
        client.force_login(alice)
    tag = TagFactory(slug="t")
    category = CategoryFactory(code="cs.CL")
    voter = UserFactory(username="voter")
    urls = {"trending": "/trending", "tag": "/tags/t", "category": "/categories/cs.CL"}
    # count, page, authorships, paper tags, tags; +1 for the subject; signed in: + session,
    # user, the reader's lists and which of them hold the page's papers
    budget = 5 + (kind != "trending") + 4 * signed_in
    for papers in (2, 30):
        for paper in PaperFactory.create_batch(
            papers, primary_category=category, authors=["Ada Lovelace", "B"]
        ):
            paper.paper_tags.create(tag=tag, origin="rule")
            vote_cast(user=voter, paper=paper)
        scopes_bump([SITE])  # as an ingest that brings papers does
        if kind == "author":
            urls["author"] = f"/authors/{paper.authors.get(name='Ada Lovelace').pk}"
        with django_assert_max_num_queries(budget):
            response = client.get(urls[kind])
        assert response.status_code == 200
        assert len(response.context["papers"]) == min(25, 2 if papers == 2 else 32)
