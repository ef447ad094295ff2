"""No query per annotation: a paper with 50 notes, /notes with 50, cards with counts, the API."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_paper(paper, note, alice):
    readers = UserFactory.create_batch(5)
    parents = [note(reader, body=f"note {i}", tags=["t"]) for i, reader in enumerate(readers)]
    for i in range(25):
        note(readers[i % 5], exact="", body=f"reply {i}", reply_to=parents[i % 5])
    for i in range(20):
        note(
            alice,
            body=f"mine {i}",
            visibility="private" if i % 2 else "public",
            tags=["t", f"x{i}"],
        )
    return paper


def test_a_paper_discussion_with_50_notes_takes_a_fixed_number_of_queries(
    client, alice, busy_paper, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        response = client.get(f"/papers/{busy_paper.public_id}/annotations")
    assert response.content.decode().count('class="annotation') >= 50


def test_the_paper_page_itself_is_unchanged_by_its_notes(
    client, busy_paper, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get(busy_paper.get_absolute_url()).status_code == 200


def test_notes_with_50_notes_takes_a_fixed_number_of_queries(
    client, alice, busy_paper, note, django_assert_max_num_queries
):
    for i in range(30):
        note(alice, body=f"more {i}", exact="", tags=["t"])
    client.force_login(alice)
    for query in ("", "?tag=t", "?q=more", f"?paper={busy_paper.public_id}"):
        with django_assert_max_num_queries(7):
            response = client.get(f"/notes{query}")
        assert response.status_code == 200


def test_discussion_counts_on_a_list_page_take_one_query(
    client, alice, note, noon_today, django_assert_max_num_queries
):
    from apps.annotations.services import annotation_create

    papers = PaperFactory.create_batch(10)
    for paper in papers:
        annotation_create(owner=alice, paper=paper, body="x", visibility="public")
    with django_assert_max_num_queries(16) as few:
        page = client.get("/").content.decode()
    assert page.count("1 note</a>") == 10
    counting = [q["sql"] for q in few.captured_queries if "annotations_annotation" in q["sql"]]
    assert len(counting) == 1


def test_the_api_list_takes_a_fixed_number_of_queries(
    alice, busy_paper, django_assert_max_num_queries
):
    api = APIClient()
    api.force_authenticate(alice)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/annotations/?page_size=100")
    assert len(response.json()["results"]) == 50
