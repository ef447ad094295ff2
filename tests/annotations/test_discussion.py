"""The paper page's notes and discussion: write, reply, edit, delete, upvote, report, moderate."""

import pytest

from apps.annotations.models import Annotation, AnnotationReport
from apps.papers.page_cache import day_scopes

pytestmark = pytest.mark.django_db


def discussion(client, paper) -> str:
    response = client.get(f"/papers/{paper.public_id}/annotations")
    assert response.status_code == 200
    return response.content.decode()


def test_the_paper_page_loads_the_discussion_and_marks_the_annotatable_text(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()

    assert f'hx-get="/papers/{paper.public_id}/annotations"' in page
    assert 'data-annotatable="title"' in page
    assert 'data-annotatable="abstract"' in page
    assert "/static/js/annotations.js" in page


def test_a_reader_saves_a_note_on_a_passage_and_its_highlight_is_embedded(client, alice, paper):
    client.force_login(alice)
    start = paper.abstract.index("power law")

    response = client.post(
        f"/papers/{paper.public_id}/annotations/new",
        {"body": "Which *exponent*?", "field": "abstract", "exact": "power law",
         "prefix": "falls as a ", "suffix": " in the", "start": start, "end": start + 9,
         "tags": "exponent, to-check", "visibility": "private"},
        headers={"HX-Request": "true"},
    )  # fmt: skip

    assert response.status_code == 200
    note = Annotation.objects.get()
    assert (note.field, note.exact, note.start, note.end) == (
        "abstract",
        "power law",
        start,
        start + 9,
    )
    assert note.tags == ["exponent", "to-check"]
    assert note.version == paper.version
    assert note.body_html == "<p>Which <em>exponent</em>?</p>\n"
    html = response.content.decode()
    assert 'id="annotation-highlights"' in html
    assert '"exact": "power law"' in html
    assert "Your private notes" in html


def test_a_quote_not_in_the_paper_is_a_400_naming_the_selector(client, alice, paper):
    client.force_login(alice)

    response = client.post(
        f"/papers/{paper.public_id}/annotations/new",
        {"body": "x", "field": "abstract", "exact": "nowhere to be found at all"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
    assert response.content.decode().startswith("selector:")
    assert not Annotation.objects.exists()


def test_an_empty_note_is_a_400_page_that_names_the_body(client, alice, paper):
    client.force_login(alice)

    response = client.post(f"/papers/{paper.public_id}/annotations/new", {"body": "  "})

    assert response.status_code == 400
    assert "<code>body</code>" in response.content.decode()


def test_a_whole_paper_note_has_no_selector(client, alice, paper):
    client.force_login(alice)

    client.post(
        f"/papers/{paper.public_id}/annotations/new", {"body": "Good read", "visibility": "public"}
    )

    note = Annotation.objects.get()
    assert (note.field, note.exact, note.start) == ("", "", None)
    assert "on the whole paper" in discussion(client, paper)


def test_readers_reply_upvote_and_report_public_notes(client, alice, bob, paper, note):
    first = note(alice, body="Is this new?")
    client.force_login(bob)

    client.post(
        f"/papers/{paper.public_id}/annotations/new", {"body": "Not really", "reply_to": first.pk}
    )
    client.post(f"/annotations/{first.pk}/upvote", {"action": "up"})
    client.post(f"/annotations/{first.pk}/upvote", {"action": "up"})
    client.post(f"/annotations/{first.pk}/report", {"reason": "spam"})
    client.post(f"/annotations/{first.pk}/report", {"reason": "spam again"})

    reply = Annotation.objects.get(reply_to=first)
    assert (reply.visibility, reply.field) == ("public", "")
    first.refresh_from_db()
    assert (first.upvote_count, first.report_count) == (1, 1)
    assert AnnotationReport.objects.count() == 1
    html = discussion(client, paper)
    assert "Not really" in html
    assert "1 upvote" in html


def test_nobody_upvotes_or_reports_their_own_note(client, alice, paper, note):
    mine = note(alice)
    client.force_login(alice)

    assert client.post(f"/annotations/{mine.pk}/upvote", {"action": "up"}).status_code == 403
    assert client.post(f"/annotations/{mine.pk}/report").status_code == 403


def test_only_the_author_edits_or_deletes(client, alice, bob, paper, note):
    mine = note(alice, body="Original")
    client.force_login(bob)
    assert client.post(f"/annotations/{mine.pk}/edit", {"body": "Hacked"}).status_code == 403
    assert client.post(f"/annotations/{mine.pk}/delete").status_code == 403

    client.force_login(alice)
    client.post(f"/annotations/{mine.pk}/edit", {"body": "Edited **now**", "visibility": "public"})
    mine.refresh_from_db()
    assert mine.body_html == "<p>Edited <strong>now</strong></p>\n"
    client.post(f"/annotations/{mine.pk}/delete")
    assert not Annotation.objects.filter(pk=mine.pk).exists()


def test_staff_hide_a_reported_note_and_restore_it(client, alice, bob, admin_user, paper, note):
    reported = note(alice, body="Rude words")
    client.force_login(bob)
    client.post(f"/annotations/{reported.pk}/report", {"reason": "rude"})
    client.force_login(admin_user)
    assert "Rude words" in client.get("/annotations/reported").content.decode()

    client.post(f"/annotations/{reported.pk}/hide")
    client.force_login(bob)
    assert "Rude words" not in discussion(client, paper)
    client.force_login(alice)
    assert "Hidden by staff" in discussion(client, paper)

    client.force_login(admin_user)
    client.post(f"/annotations/{reported.pk}/restore")
    reported.refresh_from_db()
    assert (reported.hidden_at, reported.report_count) == (None, 0)
    assert "Rude words" not in client.get("/annotations/reported").content.decode()


def test_public_notes_count_on_list_cards_and_refresh_the_cached_list(
    client, alice, paper, note, django_capture_on_commit_callbacks
):
    day = f"/papers/{paper.listed_on.isoformat()}"
    assert paper.title in client.get(day).content.decode()  # now cached for anonymous readers
    with django_capture_on_commit_callbacks(execute=True):
        note(alice, visibility="public")
        note(alice, visibility="private", exact="")

    page = client.get(day).content.decode()

    assert "1 note</a>" in page


def test_a_public_change_bumps_the_paper_and_its_days(
    alice, paper, note, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    scopes = [
        f"scope:paper:{paper.public_id}",
        *(f"scope:{s}" for s in day_scopes(paper.listed_on)),
    ]
    before = [cache.get(s) or 0 for s in scopes]
    with django_capture_on_commit_callbacks(execute=True):
        note(alice, visibility="public")

    assert [cache.get(s) for s in scopes] == [b + 1 for b in before]
