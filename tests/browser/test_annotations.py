"""Annotating in a real browser: select a passage, save a note, reload, see the highlight;
open its note from the highlight; reply to a public note."""

import re

import pytest

from apps.annotations.models import Annotation
from apps.annotations.services import annotation_create
from tests.factories import PaperFactory, UserFactory

from .test_reader_flow import PASSWORD, expect, sign_in

ABSTRACT = (
    "We study sparse attention for long documents. The loss falls as a power law in the "
    "context length. Our kernel is exact."
)


@pytest.fixture
def reader(db):
    from allauth.account.models import EmailAddress

    user = UserFactory(username="dana", email="dana@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def paper(db):
    return PaperFactory(title="Sparse attention for long documents", abstract=ABSTRACT)


def select_text(page, selector: str, text: str) -> None:
    """Select `text` inside the element as a reader dragging the mouse would."""
    page.evaluate(
        """([selector, text]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, at = node.data.indexOf(text);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + text.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                return;
            }
            throw new Error("text not found");
        }""",
        [selector, text],
    )


def test_select_a_passage_save_a_note_reload_and_see_the_highlight(page, reader, paper):
    sign_in(page)
    page.goto(paper.get_absolute_url())
    expect(page.get_by_text("Select a passage of the title or abstract")).to_be_visible()

    select_text(page, "[data-annotatable=abstract]", "falls as a power law")
    popover = page.locator("[data-annotation-popover]")
    expect(popover).to_be_visible()
    expect(popover.locator("[data-popover-quote]")).to_have_text("falls as a power law")
    popover.get_by_label("Note").fill("Which *exponent*?")
    popover.get_by_role("button", name="Save note").click()
    expect(page.locator("#discussion .annotation-body em")).to_have_text("exponent")

    note = Annotation.objects.get()
    assert (note.field, note.exact, note.owner_id) == (
        "abstract",
        "falls as a power law",
        reader.pk,
    )
    assert ABSTRACT[note.start : note.end] == "falls as a power law"

    page.reload()
    mark = page.locator("[data-annotatable=abstract] mark.annotation-highlight")
    expect(mark).to_have_text("falls as a power law")
    mark.click()
    expect(page.locator(f"#annotation-{note.pk}")).to_have_class(re.compile("is-focused"))


def test_reply_to_a_public_note(page, reader, paper):
    author = UserFactory(username="erin")
    parent = annotation_create(owner=author, paper=paper, body="Is this new?", visibility="public")
    sign_in(page)
    page.goto(paper.get_absolute_url())

    thread = page.locator(f"#annotation-{parent.pk}")
    thread.locator("summary", has_text="Reply").click()
    thread.get_by_label("Your reply").fill("Not really: see prior work.")
    thread.get_by_role("button", name="Reply").click()

    expect(page.locator(f"#annotation-{parent.pk} .is-reply")).to_contain_text("Not really")
    reply = Annotation.objects.get(reply_to=parent)
    assert (reply.owner_id, reply.visibility) == (reader.pk, "public")
