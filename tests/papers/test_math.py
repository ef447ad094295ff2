"""LaTeX in titles and abstracts: pages with some load KaTeX, before their first paint."""

import re

import pytest
from django.contrib.staticfiles import finders

from apps.papers.templatetags.paper_math import has_latex, math_excerpt
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Attention in $O(n^2)$", True), ("$$\\sum_i x_i$$", True), ("A \\(k\\)-NN bound", True),
     ("A \\[x\\] display", True), ("It costs $5", False), ("Plain words", False), ("", False)],
)  # fmt: skip
def test_what_counts_as_latex(text, expected):
    assert has_latex(text) is expected


def katex_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="/static/((?:vendor/katex|js/math)[^"]*)"', html)


@pytest.mark.usefixtures("noon_today")
@pytest.mark.parametrize("url", ["/", "/papers/week", "/papers/month", "/search?q=attention"])
def test_a_list_with_latex_loads_katex_before_its_first_paint(client, url):
    PaperFactory(title="Attention in $O(n^2)$ time")
    PaperFactory(title="Attention without math")

    html = client.get(url).content.decode()

    assets = katex_assets(html)
    assert {"vendor/katex/katex.min.css", "vendor/katex/katex.min.js",
            "vendor/katex/contrib/auto-render.min.js", "js/math.js"} <= set(assets)  # fmt: skip
    assert all(finders.find(asset) for asset in assets), assets
    assert html.count('defer blocking="render"></script>') == 3
    assert html.count('rel="preload"') == html.count("/static/vendor/katex/fonts/")


@pytest.mark.usefixtures("noon_today")
def test_a_list_without_latex_loads_no_katex(client):
    PaperFactory(title="Plain words", abstract="No formulas here.")

    assert katex_assets(client.get("/").content.decode()) == []


@pytest.mark.usefixtures("noon_today")
def test_latex_in_an_abstract_is_enough(client):
    PaperFactory(title="Plain words", abstract="We bound it by $\\epsilon$.")

    assert "js/math.js" in katex_assets(client.get("/").content.decode())


@pytest.mark.usefixtures("noon_today")
def test_card_titles_and_excerpts_are_typeset_inline(client):
    PaperFactory(title="Attention in $O(n^2)$ time", abstract="Bounded by $\\epsilon$.")

    html = client.get("/").content.decode()

    assert '<h2 class="paper-title" data-math="inline">' in html
    assert '<p class="paper-abstract" data-math="inline">Bounded by $\\epsilon$.</p>' in html


@pytest.mark.parametrize(
    ("abstract", "excerpt"),
    [("one two $b + c$ three", "one two …"),
     ("one two $$b + c$$ three", "one two …"),
     ("one two \\(b + c\\) three", "one two …"),
     ("one two \\[b + c\\] three", "one two …"),
     ("one $a$ two $b$ three", "one $a$ two …"),
     ("one two three four", "one two three …"),
     ("short $x^2$", "short $x^2$")],
)  # fmt: skip
def test_an_excerpt_never_ends_inside_a_formula(abstract, excerpt):
    assert math_excerpt(abstract, 3) == excerpt
