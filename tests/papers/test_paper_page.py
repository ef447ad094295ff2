"""The paper page: everything about one paper, its math typeset by the vendored KaTeX."""

from datetime import UTC, datetime

import pytest
from django.contrib.staticfiles import finders

from apps.papers.votes import vote_cast
from tests.factories import CategoryFactory, PaperFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    cl, lg = CategoryFactory(code="cs.CL"), CategoryFactory(code="cs.LG")
    paper = PaperFactory(
        arxiv_id="2411.00001",
        version=3,
        title="Bounds of $O(n \\log n)$ attention",
        abstract="We prove $\\sum_i x_i^2 \\le 1$ for all inputs.",
        authors=["Ada Lovelace", "Alan Turing"],
        primary_category=cl,
        published_at=datetime(2025, 11, 26, 9, tzinfo=UTC),
        updated_at=datetime(2025, 12, 2, 9, tzinfo=UTC),
    )
    paper.categories.add(cl, lg)
    paper.paper_tags.create(tag=TagFactory(slug="theory", name="Theory"), origin="staff")
    return paper


def test_the_page_shows_authors_categories_tags_version_and_dates(client, paper):
    response = client.get("/papers/2411.00001")
    html = response.content.decode()

    for author in paper.authors.all():
        assert f'href="/authors/{author.pk}">{author.name}</a>' in html
    assert 'href="/categories/cs.CL"' in html
    assert 'href="/categories/cs.LG"' in html
    assert 'href="/tags/theory">Theory</a>' in html
    assert "2411.00001v3" in html
    assert "26 Nov 2025" in html
    assert "2 Dec 2025" in html
    assert 'href="/papers/2025-11-26"' in html


def test_the_pdf_is_linked_on_arxiv_never_served_here(client, paper):
    html = client.get("/papers/2411.00001").content.decode()

    assert 'href="https://arxiv.org/pdf/2411.00001"' in html
    assert 'href="https://arxiv.org/abs/2411.00001"' in html
    pdf_url = client.get("/papers/2411.00001.pdf")  # redirects to the page, never a PDF
    assert pdf_url.status_code == 301
    assert pdf_url.url == "/papers/2411.00001"


def test_latex_is_left_for_katex_which_is_served_from_static(client, paper):
    html = client.get("/papers/2411.00001").content.decode()

    assert "$O(n \\log n)$" in html
    assert "data-math" in html
    for asset in ("vendor/katex/katex.min.js", "vendor/katex/katex.min.css",
                  "vendor/katex/contrib/auto-render.min.js", "js/math.js"):  # fmt: skip
        assert f"/static/{asset}" in html
        assert finders.find(asset), asset
    assert "cdn" not in html.lower()


def test_the_vote_button_shows_the_count_and_the_readers_vote(client, alice, paper):
    vote_cast(user=alice, paper=paper)
    client.force_login(alice)

    html = client.get("/papers/2411.00001").content.decode()

    assert "data-vote-count>1</span>" in html
    assert 'aria-pressed="true"' in html
    assert 'name="action" value="remove"' in html


def test_the_paper_page_has_a_fixed_query_count(client, alice, paper, django_assert_num_queries):
    # paper, authorships, paper tags with their tags, categories, its similar papers' row
    # (recommend_tags; one more, the papers themselves, once it has some)
    with django_assert_num_queries(5):
        client.get("/papers/2411.00001")
    client.force_login(alice)
    # + session, user, then her reading lists (none: no membership query)
    with django_assert_num_queries(8):
        client.get("/papers/2411.00001")
