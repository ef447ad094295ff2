"""Reading lists in a real browser: save from a card, reorder by keyboard, mark read."""

import pytest

from apps.lists.models import ReadingList
from tests.factories import PaperFactory

from .test_reader_flow import expect, sign_in, verified_reader  # noqa: F401  (a fixture)


@pytest.fixture
def three_papers(noon_today):
    return [PaperFactory(title=f"Paper {name}") for name in ("Alpha", "Beta", "Gamma")]


def titles_in_list(page) -> list[str]:
    return page.locator(".list-item .paper-title").all_inner_texts()


@pytest.mark.usefixtures("verified_reader")
def test_save_from_cards_reorder_by_keyboard_and_mark_read(page, three_papers):
    sign_in(page)
    cards = {p.title: page.locator(f"#p{p.pk}") for p in three_papers}

    # Save two papers from their cards: one with the button, one from the lists menu.
    cards["Paper Gamma"].get_by_role("button", name="Save").click()
    expect(cards["Paper Gamma"].locator("[data-in-lists]")).to_contain_text("Read later")
    expect(cards["Paper Gamma"].locator("[data-save-button]")).to_have_attribute(
        "aria-pressed", "true"
    )
    cards["Paper Alpha"].locator(".list-menu summary").click()
    cards["Paper Alpha"].locator('[data-list-choice="Read later"]').click()
    expect(cards["Paper Alpha"].locator("[data-in-lists]")).to_contain_text("Read later")

    read_later = ReadingList.objects.get(kind="read_later")
    page.goto(f"/lists/{read_later.pk}")
    assert titles_in_list(page) == ["Paper Gamma", "Paper Alpha"]

    # Keyboard: focus Alpha's "move up" control and press Alt+ArrowUp.
    alpha = page.locator(".list-item", has_text="Paper Alpha")
    alpha.locator('[data-move="up"]').focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".list-item").first).to_contain_text("Paper Alpha")
    assert titles_in_list(page) == ["Paper Alpha", "Paper Gamma"]
    # Focus stays on the moved paper's control, so pressing again keeps moving it.
    expect(alpha.locator('[data-move="up"]')).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(".list-item").first).to_contain_text("Paper Gamma")
    # Focus comes back once htmx has settled the new list (and bound its forms).
    expect(alpha.locator('[data-move="down"]')).to_be_focused()

    # Mark Gamma read: the select posts on change.
    gamma = page.locator(".list-item", has_text="Paper Gamma")
    gamma.locator("[data-status-select]").select_option("read")
    expect(
        page.locator(".list-item", has_text="Paper Gamma").locator("[data-item-status]")
    ).to_have_text("Read")
    page.reload()
    assert titles_in_list(page) == ["Paper Gamma", "Paper Alpha"]
    statuses = dict(read_later.items.values_list("paper__title", "status"))
    assert statuses == {"Paper Gamma": "read", "Paper Alpha": "to_read"}
