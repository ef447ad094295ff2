"""The review queue: what it lists, decisions in place, the optimistic check, tags, bulk."""

import pytest
from rest_framework.test import APIClient

from apps.curation.models import AuditEntry, Submission
from apps.papers.models import Paper, PaperTag
from apps.tagging.models import TagSuggestion
from tests.factories import PaperFactory, TagFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_queue_lists_pending_papers_only_newest_first(editor_client):
    older = PaperFactory(status="pending", title="Older pending paper")
    newer = PaperFactory(status="pending", title="Newer pending paper")
    PaperFactory(title="Already published paper")

    response = editor_client.get("/curate/")

    assert [paper.pk for paper in response.context["papers"]] == [newer.pk, older.pk]
    assert b"Already published paper" not in response.content


def test_the_queue_filters_by_source_and_search(editor_client):
    PaperFactory(status="pending", source="arxiv-rss", title="Sparse attention for long inputs")
    PaperFactory(status="pending", source="submission", title="Protein folding at scale")

    by_source = editor_client.get("/curate/?source=submission").context["papers"]
    by_words = editor_client.get("/curate/?q=protein").context["papers"]

    assert [paper.title for paper in by_source] == ["Protein folding at scale"]
    assert [paper.title for paper in by_words] == ["Protein folding at scale"]


def test_a_bad_filter_is_a_400_naming_it(editor_client):
    response = editor_client.get("/curate/?date=yesterday")

    assert response.status_code == 400
    assert b"date" in response.content


def test_score_order_puts_voted_and_focus_tagged_papers_first(editor_client, settings):
    settings.CURATION_FOCUS_TAGS = ["agents"]
    plain = PaperFactory(status="pending")
    focus = PaperFactory(status="pending")
    PaperTag.objects.create(paper=focus, tag=TagFactory(slug="agents"), origin="rule")

    papers = editor_client.get("/curate/?sort=score").context["papers"]

    assert [paper.pk for paper in papers] == [focus.pk, plain.pk]


def test_approving_in_place_publishes_and_answers_the_decided_row(editor_client, pending_paper):
    response = editor_client.post(
        f"/curate/papers/{pending_paper.public_id}/decide",
        {"decision": "approve", "seen_status": "pending"},
        **HTMX,
    )

    assert response.status_code == 200
    assert b"Approved" in response.content
    pending_paper.refresh_from_db()
    assert pending_paper.status == "published"


def test_rejecting_keeps_the_reason_in_the_audit_log(editor_client, editor, pending_paper):
    editor_client.post(
        f"/curate/papers/{pending_paper.public_id}/decide",
        {"decision": "reject", "seen_status": "pending", "reason": "Off topic"},
    )

    pending_paper.refresh_from_db()
    entry = AuditEntry.objects.get(action="reject")
    assert pending_paper.status == "rejected"
    assert (entry.actor, entry.before, entry.after) == (
        editor,
        {"status": "pending"},
        {"status": "rejected", "reason": "Off topic"},
    )


def test_a_decision_on_a_paper_someone_decided_meanwhile_is_refused(
    editor_client, other_editor, pending_paper
):
    other = APIClient()
    other.force_authenticate(other_editor)
    # Olga approves it after the editor's page was drawn (it showed "pending").
    other.post(
        "/api/v1/curation/decisions/",
        {"paper": pending_paper.public_id, "decision": "approve", "seen_status": "pending"},
        format="json",
    )

    response = editor_client.post(
        f"/curate/papers/{pending_paper.public_id}/decide",
        {"decision": "reject", "seen_status": "pending"},
        **HTMX,
    )

    pending_paper.refresh_from_db()
    assert pending_paper.status == "published"  # not overwritten
    assert b"olga approved this at" in response.content
    assert AuditEntry.objects.filter(action="reject").count() == 0


def test_the_api_refuses_a_stale_decision_with_409_saying_who(editor_api, editor, pending_paper):
    body = {"paper": pending_paper.public_id, "decision": "approve", "seen_status": "pending"}
    first = editor_api.post("/api/v1/curation/decisions/", body, format="json")
    second = editor_api.post(
        "/api/v1/curation/decisions/", {**body, "decision": "reject"}, format="json"
    )

    assert first.status_code == 200
    assert first.json() == {"paper": pending_paper.public_id, "status": "published"}
    assert second.status_code == 409
    assert second.json()["message"].startswith("editor approved this at ")


def test_tags_accepted_rejected_and_added_through_the_tagging_decisions(
    editor_client, pending_paper
):
    suggested, unwanted, extra = TagFactory(), TagFactory(), TagFactory()
    for tag in (suggested, unwanted):
        TagSuggestion.objects.create(paper=pending_paper, tag=tag, origin="model", confidence=0.7)
    url = f"/curate/papers/{pending_paper.public_id}/tags"

    editor_client.post(url, {"add": suggested.slug}, **HTMX)
    editor_client.post(url, {"remove": unwanted.slug}, **HTMX)
    response = editor_client.post(url, {"add": extra.slug}, **HTMX)

    assert response.status_code == 200
    assert set(pending_paper.paper_tags.values_list("tag__slug", flat=True)) == {
        suggested.slug,
        extra.slug,
    }
    states = dict(TagSuggestion.objects.values_list("tag__slug", "state"))
    assert states[unwanted.slug] == "rejected"
    assert states[suggested.slug] == "accepted"
    assert AuditEntry.objects.filter(action="tags").count() == 3


def test_bulk_approve_decides_each_selected_paper(editor_client):
    papers = [PaperFactory(status="pending") for _ in range(3)]

    response = editor_client.post(
        "/curate/bulk",
        {"action": "approve", "papers": [f"{p.public_id}:pending" for p in papers[:2]]},
    )

    assert response.status_code == 302
    statuses = Paper.objects.filter(pk__in=[p.pk for p in papers]).order_by("pk")
    assert list(statuses.values_list("status", flat=True)) == ["published", "published", "pending"]


def test_bulk_pick_picks_each_selected_paper_for_the_day(editor_client):
    papers = [PaperFactory(status="pending") for _ in range(2)]

    editor_client.post(
        "/curate/bulk",
        {
            "action": "pick",
            "date": "2026-01-05",
            "papers": [f"{p.public_id}:pending" for p in papers],
        },
    )

    picked = papers[0].daily_picks.get(), papers[1].daily_picks.get()
    assert [(pick.position, pick.published) for pick in picked] == [(1, False), (2, False)]


def test_the_queue_notes_papers_asked_for_again(editor_client, alice):
    held = PaperFactory(title="A paper we already hold")
    Submission.objects.create(
        submitted_by=alice, raw=held.arxiv_id, arxiv_id=held.arxiv_id, state="already_held",
    )  # fmt: skip

    response = editor_client.get("/curate/")

    assert b"Asked for again" in response.content
    assert b"A paper we already hold" in response.content


def test_the_queue_page_reads_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    for _ in range(20):
        paper = PaperFactory(status="pending")
        TagSuggestion.objects.create(paper=paper, tag=TagFactory(), origin="model")
        PaperTag.objects.create(paper=paper, tag=TagFactory(), origin="rule")

    with django_assert_max_num_queries(16):
        response = editor_client.get("/curate/")

    assert len(response.context["papers"]) == 20
