"""/api/v1/curation/: the picks endpoints as the issue gives them, and the queue."""

import pytest
from rest_framework.test import APIClient

from apps.curation.models import DailyPick
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
PICKS = "/api/v1/curation/picks/"


def test_create_a_pick_201_then_it_is_public_with_submitted_by(editor_api, editor):
    paper = PaperFactory()

    response = editor_api.post(
        PICKS,
        {"paper": paper.public_id, "date": "2025-11-26", "note": "Read $x^2$", "published": True},
        format="json",
    )
    daily = APIClient().get("/api/daily_papers?date=2025-11-26").json()

    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("paper", "date", "note", "published", "position")} == {
        "paper": paper.public_id,
        "date": "2025-11-26",
        "note": "Read $x^2$",
        "published": True,
        "position": 1,
    }
    assert daily[0]["paper"]["id"] == paper.public_id
    assert daily[0]["submittedBy"]["name"] == editor.username


def test_an_unpublished_pick_is_nowhere_public(editor_api):
    paper = PaperFactory(published_at="2025-10-01T10:00Z")
    editor_api.post(
        PICKS, {"paper": paper.public_id, "date": "2025-11-26", "published": False}, format="json"
    )
    anonymous = APIClient()

    assert anonymous.get("/api/daily_papers?date=2025-11-26").json() == []
    assert anonymous.get("/api/v1/papers/?featured=2025-11-26").json()["results"] == []
    assert anonymous.get(f"/api/v1/papers/{paper.public_id}/").json()["daily_picks"] == []


def test_a_second_pick_of_the_same_paper_that_day_is_a_400_naming_the_field(editor_api):
    body = {"paper": PaperFactory().public_id, "date": "2025-11-26", "note": "", "published": True}
    editor_api.post(PICKS, body, format="json")

    response = editor_api.post(PICKS, body, format="json")

    assert response.status_code == 400
    assert "paper" in response.json()["errors"]
    assert DailyPick.objects.count() == 1


def test_bad_input_names_the_field(editor_api):
    unknown = editor_api.post(PICKS, {"paper": "2401.99999", "date": "2025-11-26"}, format="json")
    bad_day = editor_api.post(
        PICKS, {"paper": PaperFactory().public_id, "date": "26/11/2025"}, format="json"
    )

    assert unknown.status_code == 400
    assert "paper" in unknown.json()["errors"]
    assert bad_day.status_code == 400
    assert "date" in bad_day.json()["errors"]


def test_list_filters_by_date_in_the_day_order(editor_api):
    for day in ("2025-11-26", "2025-11-26", "2025-11-27"):
        editor_api.post(PICKS, {"paper": PaperFactory().public_id, "date": day}, format="json")

    picks = editor_api.get(f"{PICKS}?date=2025-11-26").json()["results"]

    assert [(pick["date"], pick["position"]) for pick in picks] == [
        ("2025-11-26", 1),
        ("2025-11-26", 2),
    ]
    assert editor_api.get(f"{PICKS}?date=tomorrow").status_code == 400


def test_update_position_note_and_published_then_delete(editor_api):
    ids = [
        editor_api.post(PICKS, {"paper": PaperFactory().public_id, "date": "2025-11-26"},
                        format="json").json()["id"]
        for _ in range(3)
    ]  # fmt: skip

    moved = editor_api.patch(
        f"{PICKS}{ids[2]}/", {"position": 1, "note": "First", "published": True}, format="json"
    )
    deleted = editor_api.delete(f"{PICKS}{ids[0]}/")
    remaining = editor_api.get(f"{PICKS}?date=2025-11-26").json()["results"]

    assert moved.status_code == 200
    assert moved.json()["position"] == 1
    assert moved.json()["note"] == "First"
    assert moved.json()["published"] is True
    assert deleted.status_code == 204
    assert [(pick["id"], pick["position"]) for pick in remaining] == [(ids[2], 1), (ids[1], 2)]
    out_of_range = editor_api.patch(f"{PICKS}{ids[1]}/", {"position": 9}, format="json")
    assert out_of_range.status_code == 400
    assert "position" in out_of_range.json()["errors"]


def test_the_queue_endpoint_lists_pending_papers(editor_api):
    pending = PaperFactory(status="pending")
    PaperFactory()

    response = editor_api.get("/api/v1/curation/queue/")

    assert response.status_code == 200
    assert [paper["id"] for paper in response.json()["results"]] == [pending.public_id]
    assert editor_api.get("/api/v1/curation/queue/?tag=no-such-tag").status_code == 400
