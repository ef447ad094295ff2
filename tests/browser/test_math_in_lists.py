"""LaTeX in titles is typeset on every list page, not only on the paper page."""

import pytest

from apps.papers.votes import vote_cast
from tests.factories import CategoryFactory, PaperFactory, TagFactory, UserFactory

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package").expect

MATH_TITLE = "Attention in $O(n^2)$ time, revisited"


@pytest.fixture
def math_paper(noon_today):
    paper = PaperFactory(
        title=MATH_TITLE,
        abstract="We bound the error by $\\epsilon$ for every $n$.",
        primary_category=CategoryFactory(code="cs.LG"),
        authors=["Grace Hopper"],
    )
    paper.paper_tags.create(tag=TagFactory(slug="attention", name="Attention"), origin="staff")
    vote_cast(user=UserFactory(), paper=paper)  # on the trending page
    return paper


def list_urls(paper) -> list[str]:
    author_id = paper.authorships.get().author_id
    return ["/", "/papers/week", "/papers/month", "/trending", "/tags/attention",
            "/categories/cs.LG", f"/authors/{author_id}", "/search?q=attention"]  # fmt: skip


def test_list_pages_typeset_math_in_titles(page, math_paper):
    for url in list_urls(math_paper):
        page.goto(url)
        title = page.locator(f"#p{math_paper.pk} .paper-title")
        expect(title.locator(".katex"), url).to_have_count(1)
        expect(title, url).not_to_contain_text("$")
        # Display-style math would break the card's line: titles are typeset inline.
        expect(title.locator(".katex-display"), url).to_have_count(0)


@pytest.mark.usefixtures("noon_today")
def test_typesetting_does_not_shift_the_layout(page):
    """On a phone, where typeset titles wrap differently: KaTeX runs before the first paint.

    Typesetting after it (plain `defer`, fonts loaded on demand) measured 0.022 here.
    """
    for number in range(12):
        PaperFactory(title=f"Bounds {number}: $\\mathcal{{O}}(n \\log n)$ and $\\sum_i x_i^2$")
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/")
    expect(page.locator(".paper-title .katex-mathml")).to_have_count(24)
    shift = page.evaluate(
        """() => new Promise((resolve) => {
            new PerformanceObserver((list) => {
                resolve(list.getEntries().reduce((sum, entry) => sum + entry.value, 0));
            }).observe({ type: "layout-shift", buffered: true });
            setTimeout(() => resolve(0), 500);
        })"""
    )
    print(f"cumulative layout shift while loading: {shift:.4f}")
    assert shift < 0.005


@pytest.mark.usefixtures("noon_today")
def test_pages_without_latex_do_not_load_katex(page):
    PaperFactory(title="Plain words only", abstract="Nothing to typeset.")

    page.goto("/")

    expect(page.get_by_role("link", name="Plain words only")).to_be_visible()
    assert page.evaluate("typeof katex") == "undefined"
