"""Who sees which annotation: anonymous, the author (alice), another reader (bob) and
staff, for private, public and hidden notes, through every page and endpoint that shows
them; ids guessed included. What the caller may not see is a 404, never a 403."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from apps.annotations.models import Annotation

pytestmark = pytest.mark.django_db
PERSONAS = ("anonymous", "author", "other", "staff")
# Which personas see each kind of note.
SEES = {
    "private": {"author"},
    "public": {"anonymous", "author", "other", "staff"},
    "hidden": {"author", "staff"},
}


@pytest.fixture
def notes(alice, note):
    made = {
        "private": note(alice, body="PRIVATE-NOTE", visibility="private"),
        "public": note(alice, body="PUBLIC-NOTE", visibility="public"),
        "hidden": note(alice, body="HIDDEN-NOTE", visibility="public"),
    }
    Annotation.objects.filter(pk=made["hidden"].pk).update(hidden_at=timezone.now())
    return made


@pytest.fixture
def users(alice, bob, admin_user):
    return {"anonymous": None, "author": alice, "other": bob, "staff": admin_user}


def clients(users, persona):
    site, api = Client(), APIClient()
    if users[persona] is not None:
        site.force_login(users[persona])
        api.force_authenticate(users[persona])
    return site, api


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_what_it_may(persona, users, notes, paper):
    site, api = clients(users, persona)
    discussion = site.get(f"/papers/{paper.public_id}/annotations").content.decode()
    listed = {item["id"] for item in api.get("/api/v1/annotations/").json()["results"]}
    by_paper = api.get(f"/api/v1/annotations/?paper={paper.public_id}").json()["results"]

    for kind, annotation in notes.items():
        visible = persona in SEES[kind]
        assert (f"{kind.upper()}-NOTE" in discussion) is visible, (kind, "discussion")
        assert (annotation.pk in listed) is visible, (kind, "api list")
        assert (annotation.pk in {i["id"] for i in by_paper}) is visible, (kind, "api by paper")
        retrieved = api.get(f"/api/v1/annotations/{annotation.pk}/")
        assert retrieved.status_code == (200 if visible else 404), (kind, "api retrieve")


@pytest.mark.parametrize("persona", ["other", "staff"])
def test_someone_elses_private_note_is_a_404_on_every_write(persona, users, notes):
    site, api = clients(users, persona)
    pk = notes["private"].pk

    for url in ("edit", "delete", "upvote", "report"):
        assert site.post(f"/annotations/{pk}/{url}", {"body": "x"}).status_code == 404, url
    assert site.get(f"/annotations/{pk}/edit").status_code == 404
    assert api.patch(f"/api/v1/annotations/{pk}/", {"body": "x"}, format="json").status_code == 404
    assert api.delete(f"/api/v1/annotations/{pk}/").status_code == 404
    reply = {"paper": notes["private"].paper.public_id, "body": "x", "reply_to": pk}
    assert api.post("/api/v1/annotations/", reply, format="json").status_code == 400
    Annotation.objects.get(pk=pk)  # untouched


@pytest.mark.parametrize("persona", ["anonymous", "other", "staff"])
def test_private_notes_never_leave_through_notes_or_export(persona, users, notes):
    site, api = clients(users, persona)

    notes_page = site.get("/notes")
    export = api.get("/api/v1/annotations/export")

    if persona == "anonymous":
        assert notes_page.status_code == 302
        assert export.status_code == 401
    else:
        assert "PRIVATE-NOTE" not in notes_page.content.decode()
        assert "PRIVATE-NOTE" not in export.content.decode()
        assert "HIDDEN-NOTE" not in export.content.decode()


def test_the_author_finds_all_their_notes_in_notes_and_export(users, notes):
    site, api = clients(users, "author")

    page = site.get("/notes").content.decode()
    export = api.get("/api/v1/annotations/export").content.decode()

    for marker in ("PRIVATE-NOTE", "PUBLIC-NOTE", "HIDDEN-NOTE"):
        assert marker in page
        assert marker in export


@pytest.mark.parametrize("persona", PERSONAS)
def test_guessed_ids_are_404s(persona, users, notes):
    site, api = clients(users, persona)
    missing = max(a.pk for a in notes.values()) + 1000

    assert api.get(f"/api/v1/annotations/{missing}/").status_code == 404
    if persona != "anonymous":
        assert site.post(f"/annotations/{missing}/upvote").status_code == 404
        assert site.get(f"/annotations/{missing}/edit").status_code == 404


def test_only_staff_open_the_moderation_queue_and_staff_cannot_moderate_private_notes(users, notes):
    for persona in ("anonymous", "author", "other"):
        site, _api = clients(users, persona)
        assert site.get("/annotations/reported").status_code == 302, persona
        assert site.post(f"/annotations/{notes['public'].pk}/hide").status_code == 302, persona
    staff, _api = clients(users, "staff")
    assert staff.post(f"/annotations/{notes['private'].pk}/hide").status_code == 404
    assert Annotation.objects.get(pk=notes["private"].pk).hidden_at is None


def test_replies_to_a_hidden_note_disappear_with_it(users, notes, bob, note):
    public = notes["public"]
    reply = note(bob, body="REPLY-NOTE", exact="", reply_to=public)
    Annotation.objects.filter(pk=public.pk).update(hidden_at=timezone.now())
    _site, api = clients(users, "anonymous")

    assert api.get(f"/api/v1/annotations/{reply.pk}/").status_code == 404
