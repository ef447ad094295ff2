"""The home page (today's papers) and the paper page: the foundation's intent, kept."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.papers.models import Paper
from apps.papers.page_cache import SITE, scopes_bump
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("noon_today")
def test_home_lists_todays_papers_with_authors_and_abstract(client):
    old = PaperFactory(title="Old paper", published_at=datetime(2023, 1, 1, tzinfo=UTC))
    new = PaperFactory(title="New paper", authors=["Grace Hopper"])

    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["papers"]) == [new]
    assert old not in response.context["papers"]
    assert b"Grace Hopper" in response.content
    assert new.abstract.split()[0].encode() in response.content


@pytest.mark.usefixtures("noon_today")
def test_home_hides_rejected_and_pending_papers(client):
    PaperFactory(title="Visible")
    PaperFactory(title="Spam", status=Paper.Status.REJECTED)
    PaperFactory(title="Waiting", status=Paper.Status.PENDING)

    response = client.get("/")

    assert [p.title for p in response.context["papers"]] == ["Visible"]


@pytest.mark.usefixtures("noon_today")
def test_home_is_paginated(client, settings):
    start = timezone.now().replace(hour=0, minute=1)
    for n in range(settings.PAPERS_PER_PAGE + 3):
        PaperFactory(published_at=start + timedelta(seconds=n))

    second = client.get("/?page=2")

    assert second.status_code == 200
    assert len(second.context["papers"]) == 3
    assert client.get("/?page=99").status_code == 404


@pytest.mark.usefixtures("noon_today")
def test_home_query_count_does_not_grow_with_papers(client, django_assert_max_num_queries):
    PaperFactory.create_batch(3)
    with django_assert_max_num_queries(5):
        client.get("/")

    PaperFactory.create_batch(20, authors=["A One", "B Two", "C Three"])
    scopes_bump([SITE])  # as an ingest that brings papers does
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert len(response.context["papers"]) == 23


def test_home_says_so_when_there_are_no_papers(client):
    response = client.get("/")

    assert b"No papers were listed" in response.content


def test_paper_page_shows_the_paper_and_arxiv_links(client):
    paper = PaperFactory(arxiv_id="2401.01234", version=2, authors=["Ada Lovelace"])

    response = client.get(reverse("papers:detail", args=["2401.01234"]))

    assert response.status_code == 200
    assert paper.title.encode() in response.content
    assert b"https://arxiv.org/abs/2401.01234" in response.content
    assert b"https://arxiv.org/pdf/2401.01234" in response.content
    assert b"2401.01234v2" in response.content


def test_versioned_and_short_ids_redirect_to_the_canonical_page(client):
    paper = PaperFactory(arxiv_id="2401.01234")

    assert client.get("/papers/2401.01234v1").url == "/papers/2401.01234"
    assert client.get(f"/papers/{paper.short_id}").url == "/papers/2401.01234"


def test_paper_without_arxiv_id_is_served_by_its_short_id(client):
    paper = PaperFactory(arxiv_id=None)

    assert client.get(f"/papers/{paper.short_id}").status_code == 200


def test_unknown_paper_is_404(client):
    assert client.get("/papers/2401.99999").status_code == 404
    assert client.get("/papers/pnothere").status_code == 404
