"""/api/v1/lists/: create, read, change and export reading lists by token or session."""

import json

import bibtexparser
import pytest
import rispy
from rest_framework.test import APIClient

from apps.lists.models import ReadingList
from apps.lists.services import list_item_add, read_later_get, reading_list_create
from tests.factories import PaperFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def test_token_writes_need_no_csrf_and_make_a_list(as_alice, alice):
    response = as_alice.post(
        "/api/v1/lists/", {"name": "Agents", "visibility": "public"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Agents"
    assert body["visibility"] == "public"
    assert body["item_count"] == 0
    assert body["share_url"].startswith("http://testserver/lists/shared/")
    assert ReadingList.objects.filter(owner=alice, name="Agents").exists()


def test_session_writes_need_the_csrf_token(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    refused = client.post("/api/v1/lists/", {"name": "No token"}, format="json")

    assert_error(refused, 403, "permission_denied")
    assert not ReadingList.objects.filter(name="No token").exists()
    assert client.get("/api/v1/lists/").status_code == 200


def test_bad_input_names_the_field(as_alice):
    assert_error(
        as_alice.post("/api/v1/lists/", {"name": ""}, format="json"), 400, "invalid", "name"
    )
    assert_error(
        as_alice.post("/api/v1/lists/", {"name": "x", "visibility": "world"}, format="json"),
        400,
        "invalid",
        "visibility",
    )


def test_items_add_status_note_reorder_remove(as_alice, alice):
    reading_list = reading_list_create(owner=alice, name="Flow")
    a, b = PaperFactory(title="A"), PaperFactory(title="B")
    base = f"/api/v1/lists/{reading_list.pk}/items/"

    added = as_alice.post(base, {"paper": a.public_id, "note": "first"}, format="json")
    again = as_alice.post(base, {"paper": a.public_id}, format="json")
    as_alice.post(base, {"paper": b.public_id}, format="json")
    patched = as_alice.patch(f"{base}{a.public_id}/", {"status": "reading"}, format="json")
    reordered = as_alice.post(
        f"{base}reorder", {"order": [b.public_id, a.public_id]}, format="json"
    )

    assert (added.status_code, again.status_code) == (201, 200)
    assert added.json()["note"] == "first"
    assert patched.json()["status"] == "reading"
    assert [item["paper"] for item in reordered.json()] == [b.public_id, a.public_id]
    assert as_alice.delete(f"{base}{b.public_id}/").status_code == 204
    assert [item["title"] for item in as_alice.get(base).json()] == ["A"]


def test_unknown_papers_and_bad_orders_are_400s(as_alice, alice):
    reading_list = read_later_get(user=alice)
    paper = PaperFactory()
    list_item_add(reading_list=reading_list, paper=paper)
    base = f"/api/v1/lists/{reading_list.pk}/items/"

    assert_error(
        as_alice.post(base, {"paper": "2999.99999"}, format="json"), 400, "invalid", "paper"
    )
    assert_error(
        as_alice.post(f"{base}reorder", {"order": ["2999.99999"]}, format="json"),
        400,
        "invalid",
        "order",
    )
    assert_error(as_alice.patch(f"{base}{paper.public_id}/", {}, format="json"), 400, "invalid")
    assert_error(as_alice.delete(f"/api/v1/lists/{reading_list.pk}/"), 400, "invalid", "list")


def test_exports_parse_back(as_alice, alice):
    reading_list = reading_list_create(owner=alice, name="Out")
    papers = PaperFactory.create_batch(4)
    for paper in papers:
        list_item_add(reading_list=reading_list, paper=paper)
    url = f"/api/v1/lists/{reading_list.pk}/export"

    bibtex = as_alice.get(url, {"format": "bibtex"})
    ris = as_alice.get(url, {"format": "ris"})
    csl = as_alice.get(url, {"format": "csl-json"})

    assert bibtex["Content-Type"].startswith("application/x-bibtex")
    assert len(bibtexparser.parse_string(bibtex.content.decode()).entries) == 4
    assert [e["id"] for e in rispy.loads(ris.content.decode())] == [p.public_id for p in papers]
    assert [e["id"] for e in json.loads(csl.content)] == [p.public_id for p in papers]
    assert_error(as_alice.get(url, {"format": "docx"}), 400, "invalid", "format")


def test_list_writes_are_rate_limited_per_reader(as_alice, alice, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "list_write": "3/m/user"}

    codes = [
        as_alice.post("/api/v1/lists/", {"name": f"L{n}"}, format="json").status_code
        for n in range(4)
    ]

    assert codes == [201, 201, 201, 429]
    assert as_alice.get("/api/v1/lists/").status_code == 200  # reads are not counted


def test_list_endpoints_query_counts_do_not_grow(as_alice, alice, django_assert_max_num_queries):
    reading_list = read_later_get(user=alice)
    list_item_add(reading_list=reading_list, paper=PaperFactory())
    with django_assert_max_num_queries(7) as lists_few:
        as_alice.get("/api/v1/lists/")
    with django_assert_max_num_queries(7) as items_few:
        as_alice.get(f"/api/v1/lists/{reading_list.pk}/items/")

    for n, paper in enumerate(PaperFactory.create_batch(20)):
        list_item_add(reading_list=reading_list, paper=paper)
        reading_list_create(owner=alice, name=f"L{n}")
    with django_assert_max_num_queries(len(lists_few.captured_queries)):
        assert len(as_alice.get("/api/v1/lists/").json()) == 21
    with django_assert_max_num_queries(len(items_few.captured_queries)):
        assert len(as_alice.get(f"/api/v1/lists/{reading_list.pk}/items/").json()) == 21
