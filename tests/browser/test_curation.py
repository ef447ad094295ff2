"""A curator in a real browser: a queue of five papers worked through by keyboard alone;
tomorrow's picks built, reordered (keys and drag), published, then seen on the public day."""

from datetime import timedelta

from django.utils import timezone

from apps.curation.models import DailyPick
from apps.papers.models import Paper
from tests.factories import PaperFactory


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_a_queue_of_five_worked_through_by_keyboard(page, curator_signed_in):
    papers = [PaperFactory(status="pending", title=f"Pending paper {n}") for n in range(5)]
    page.goto("/curate/")
    expect(page.locator("[data-queue-item]")).to_have_count(5)

    page.keyboard.press("?")
    expect(page.get_by_role("region", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("?")
    page.keyboard.press("j")  # the first paper
    for n, key in enumerate("araar", start=1):
        page.keyboard.press(key)
        expect(page.locator("[data-decided]")).to_have_count(n)

    statuses = list(
        Paper.objects.filter(pk__in=[p.pk for p in papers])
        .order_by("-ingested_at", "id")
        .values_list("status", flat=True)
    )
    assert statuses == ["published", "rejected", "published", "published", "rejected"]
    expect(page.get_by_text("Approved:")).to_have_count(3)


def test_build_reorder_and_publish_tomorrows_picks_then_see_them_public(page, curator_signed_in):
    tomorrow = timezone.localdate() + timedelta(days=1)
    papers = [PaperFactory(title=title) for title in ("Alpha paper", "Beta paper", "Gamma paper")]
    page.goto("/curate/picks/")
    page.wait_for_url(f"**/curate/picks/{tomorrow.isoformat()}/")

    for paper in papers:
        page.get_by_label("Add a paper").fill(paper.public_id)
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.locator("[data-pick]").last).to_contain_text(paper.title)
    # Gamma to the top by keyboard: j j j, then Shift+Up twice.
    for _ in range(3):
        page.keyboard.press("j")
    expect(page.locator("[data-pick]").nth(2)).to_be_focused()
    page.keyboard.press("Shift+ArrowUp")
    expect(page.locator("[data-pick]").nth(1)).to_contain_text("Gamma paper")
    expect(page.locator("[data-pick]").nth(1)).to_be_focused()  # focus follows the moved pick
    page.keyboard.press("Shift+ArrowUp")
    expect(page.locator("[data-pick]").first).to_contain_text("Gamma paper")
    # Beta (now last) dragged onto Alpha's place, the second.
    with page.expect_response(lambda response: "/reorder" in response.url):
        page.locator("[data-pick]").nth(2).drag_to(page.locator("[data-pick]").nth(1))
    expect(page.locator("[data-pick]").nth(1)).to_contain_text("Beta paper")
    page.locator("[data-publish-day]").click()
    expect(page.get_by_role("button", name="Unpublish the day")).to_be_visible()

    picks = DailyPick.objects.filter(featured_on=tomorrow).order_by("position")
    assert [pick.paper.title for pick in picks] == ["Gamma paper", "Beta paper", "Alpha paper"]
    assert all(pick.published for pick in picks)

    page.context.clear_cookies()  # a reader who is not signed in
    page.goto(f"/papers/{tomorrow.isoformat()}")
    titles = page.locator(".paper-card .paper-title").all_inner_texts()
    assert titles[:3] == ["Gamma paper", "Beta paper", "Alpha paper"]
    expect(page.locator(".pick-badge")).to_have_count(3)
