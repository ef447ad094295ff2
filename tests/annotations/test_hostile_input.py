"""Hostile values in the annotation forms and /notes filters: never a 500, nothing stored
that should not be."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.annotations.models import Annotation
from tests.security.test_hostile_input import FUZZ, hostile_text

pytestmark = pytest.mark.django_db
form_value = st.one_of(hostile_text, st.just(""))


@FUZZ
@given(body=form_value, field=form_value, exact=form_value, start=form_value, visibility=form_value,
       tags=form_value, reply_to=form_value, htmx=st.booleans())  # fmt: skip
def test_the_note_form(
    client, alice, paper, body, field, exact, start, visibility, tags, reply_to, htmx
):
    client.force_login(alice)
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"body": body, "field": field, "exact": exact, "start": start, "end": start,
            "visibility": visibility, "tags": tags, "reply_to": reply_to}  # fmt: skip

    response = client.post(f"/papers/{paper.public_id}/annotations/new", data, headers=headers)

    assert response.status_code < 500, data
    for note in Annotation.objects.all():
        assert note.visibility in ("private", "public")
        assert note.body.strip()


@FUZZ
@given(tag=form_value, paper_id=form_value, q=form_value, page=form_value)
def test_the_notes_filters(client, alice, tag, paper_id, q, page):
    client.force_login(alice)

    response = client.get("/notes", {"tag": tag, "paper": paper_id, "q": q, "page": page})

    assert response.status_code < 500


@FUZZ
@given(body=form_value, action=form_value, reason=form_value)
def test_the_note_actions(client, alice, bob, note, body, action, reason):
    target = note(bob)
    client.force_login(alice)

    for url, data in (("upvote", {"action": action}), ("report", {"reason": reason})):
        assert client.post(f"/annotations/{target.pk}/{url}", data).status_code < 500
    mine = note(alice)
    assert (
        client.post(f"/annotations/{mine.pk}/edit", {"body": body, "tags": reason}).status_code
        < 500
    )
