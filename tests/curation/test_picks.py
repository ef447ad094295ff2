"""Daily picks: order, limit, once a day, drafts unseen until published, blurbs sanitised."""

from datetime import date

import pytest
from django.test import Client

from apps.curation.models import AuditEntry, DailyPick
from apps.curation.services.picks import PickError, pick_add
from tests.factories import PaperFactory

from .conftest import make_editor

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)
HTMX = {"HTTP_HX_REQUEST": "true"}


def order(day=DAY):
    return list(
        DailyPick.objects.filter(featured_on=day)
        .order_by("position")
        .values_list("paper__title", flat=True)
    )


@pytest.fixture
def three_picks(editor):
    papers = [PaperFactory(title=f"Pick {name}") for name in "ABC"]
    return [pick_add(paper=paper, day=DAY, user=editor) for paper in papers]


def test_picks_are_appended_in_order(three_picks):
    assert [pick.position for pick in three_picks] == [1, 2, 3]
    assert order() == ["Pick A", "Pick B", "Pick C"]


def test_moving_a_pick_shifts_the_others(editor_client, three_picks):
    editor_client.post(f"/curate/pick/{three_picks[2].pk}/move", {"position": "1"})
    editor_client.post(f"/curate/pick/{three_picks[0].pk}/move", {"position": "down"}, **HTMX)

    assert order() == ["Pick C", "Pick B", "Pick A"]


def test_reordering_by_drag_posts_the_whole_order(editor_client, three_picks):
    b, a, c = three_picks[1].pk, three_picks[0].pk, three_picks[2].pk

    response = editor_client.post("/curate/picks/2025-11-26/reorder", {"order": [b, c, a]}, **HTMX)

    assert response.status_code == 200
    assert order() == ["Pick B", "Pick C", "Pick A"]


def test_removing_a_pick_closes_the_gap(editor_client, three_picks):
    editor_client.post(f"/curate/pick/{three_picks[0].pk}/remove")

    assert list(DailyPick.objects.order_by("position").values_list("position", flat=True)) == [1, 2]


def test_a_paper_is_picked_once_a_day(editor, three_picks):
    with pytest.raises(PickError) as refused:
        pick_add(paper=three_picks[0].paper, day=DAY, user=editor)

    assert refused.value.field == "paper"


def test_a_day_holds_at_most_the_configured_number_of_picks(editor, settings, three_picks):
    settings.CURATION_MAX_PICKS_PER_DAY = 3

    with pytest.raises(PickError) as refused:
        pick_add(paper=PaperFactory(), day=DAY, user=editor)

    assert refused.value.field == "date"
    assert "3 picks" in refused.value.message


def test_the_day_page_shows_the_limit_error_in_place(editor_client, settings, three_picks):
    settings.CURATION_MAX_PICKS_PER_DAY = 3

    response = editor_client.post(
        "/curate/picks/2025-11-26/add", {"paper": PaperFactory().public_id}, **HTMX
    )

    assert b"already has 3 picks" in response.content


def test_drafts_stay_off_public_pages_and_the_api_until_published(editor_client, editor):
    client = Client()  # anonymous: cached pages too
    listed = PaperFactory(title="A paper listed that day", published_at="2025-11-26T10:00Z")
    other_day = PaperFactory(title="A paper from another day", published_at="2025-10-01T10:00Z")
    editor_client.post(f"/curate/papers/{other_day.public_id}/pick", {"date": "2025-11-26"})

    draft_page = client.get("/papers/2025-11-26").content.decode()
    draft_api = client.get("/api/daily_papers?date=2025-11-26").json()
    editor_client.post("/curate/picks/2025-11-26/publish", {"published": "true"})
    page = client.get("/papers/2025-11-26").content.decode()
    api = client.get("/api/daily_papers?date=2025-11-26").json()

    assert "A paper from another day" not in draft_page
    assert [item["paper"]["id"] for item in draft_api] == [listed.public_id]
    assert page.index("A paper from another day") < page.index("A paper listed that day")
    assert [item["paper"]["id"] for item in api] == [other_day.public_id, listed.public_id]
    assert api[0]["submittedBy"]["user"] == editor.username
    assert api[1]["submittedBy"] is None


def test_unpublishing_takes_a_pick_off_the_public_day(editor_client, three_picks):
    client = Client()
    editor_client.post("/curate/picks/2025-11-26/publish", {"published": "true"})
    assert client.get("/api/v1/papers/?featured=2025-11-26").json()["results"]

    editor_client.post(f"/curate/pick/{three_picks[0].pk}/edit", {"published": "false"})
    featured = client.get("/api/v1/papers/?featured=2025-11-26").json()["results"]

    assert three_picks[0].paper.public_id not in [paper["id"] for paper in featured]
    assert len(featured) == 2


def test_a_blurb_is_markdown_with_math_and_nothing_unsafe(editor_client, three_picks):
    note = "**Fast** $a_1 * b_2$ <script>alert(1)</script> [link](javascript:alert(1))"
    editor_client.post(f"/curate/pick/{three_picks[0].pk}/edit", {"note": note})

    content = editor_client.get("/curate/picks/2025-11-26/").content.decode()

    assert "<strong>Fast</strong>" in content
    assert '<span data-math="inline">\\(a_1 * b_2\\)</span>' in content  # for KaTeX
    assert "<script>alert" not in content
    assert 'href="javascript' not in content


def test_every_pick_action_is_audited(editor_client, three_picks):
    pick = three_picks[0]
    editor_client.post(f"/curate/pick/{pick.pk}/edit", {"note": "Read it"})
    editor_client.post(f"/curate/pick/{pick.pk}/move", {"position": "2"})
    editor_client.post("/curate/picks/2025-11-26/publish", {"published": "true"})
    editor_client.post(f"/curate/pick/{pick.pk}/remove")

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["pick", "pick", "pick", "edit pick", "reorder", "publish day", "unpick"]


def test_staff_see_the_pick_control_on_cards_and_the_paper_page(alice):
    """Staff curators: readers' pages never pay for the permission check."""
    paper = PaperFactory(published_at="2025-11-26T10:00Z")
    editor_client, client = Client(), Client()
    editor_client.force_login(make_editor("staffer", is_staff=True))
    client.force_login(alice)

    for url in ("/papers/2025-11-26", paper.get_absolute_url()):
        assert b"Pick for" in editor_client.get(url).content
        assert b"Pick for" not in client.get(url).content


def test_the_picks_page_reads_a_fixed_number_of_queries(
    editor_client, editor, django_assert_max_num_queries
):
    for _ in range(10):
        pick_add(paper=PaperFactory(), day=DAY, user=editor, note="A **good** one")

    with django_assert_max_num_queries(8):
        response = editor_client.get("/curate/picks/2025-11-26/")

    assert len(response.context["picks"]) == 10
