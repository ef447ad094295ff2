"""The /search page through the test client: filters, sorting, errors, queries, snippets."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.papers.models import PaperTag
from apps.papers.search import CappedPaginator, RankedPaginator, candidates
from tests.factories import CategoryFactory, PaperFactory, TagFactory

pytestmark = pytest.mark.django_db
# session, user, tag validation, plan, the ranked window's ids (which also give the count;
# read in a transaction of their own: savepoint, SET LOCAL, release), page, authors, paper
# tags, tags, snippets, suggestions, tag and category choices, the reader's lists and
# which of them hold the page's papers
MAX_QUERIES = 18
FILLER = "We study large language models and report results on standard benchmarks."


def paper(title, abstract=FILLER, **kwargs):
    return PaperFactory(title=title, abstract=abstract, **kwargs)


def day(d):
    return datetime(2025, 11, d, 12, tzinfo=UTC)


def result_titles(response):
    return [p.title for p in response.context["papers"]]


def test_search_page_without_parameters_shows_the_form(client):
    response = client.get("/search")

    assert response.status_code == 200
    assert b'name="q"' in response.content
    assert not response.context["searched"]


def test_results_are_ranked_and_highlighted(client):
    paper("Inference study", f"{FILLER} We use speculative decoding.")
    paper("Speculative decoding at scale")

    response = client.get("/search", {"q": "speculative decoding"})

    assert response.status_code == 200
    assert result_titles(response) == ["Speculative decoding at scale", "Inference study"]
    assert b"<mark>speculative</mark> <mark>decoding</mark>" in response.content
    assert "2 results for “speculative decoding”" in response.content.decode()


def test_html_in_titles_and_abstracts_is_escaped(client):
    paper("<img src=x onerror=alert(1)> Speculative", "speculative <img src=y onerror=alert(2)//")

    response = client.get("/search", {"q": "speculative"})
    html = response.content.decode()

    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; Speculative" in html
    assert "<mark>speculative</mark> &lt;img src=y onerror=alert" in html


def test_misspelled_query_gets_title_suggestions(client):
    paper("Mixture of Attentions for Speculative Decoding")

    response = client.get("/search", {"q": "speculatve decodng"})

    assert response.status_code == 200
    assert result_titles(response) == []
    assert [p.title for p in response.context["suggestions"]] == [
        "Mixture of Attentions for Speculative Decoding"
    ]
    assert b"Did you mean" in response.content
    assert b"No papers match" in response.content


def test_partly_misspelled_query_still_suggests_titles(client):
    paper("Mixture of Attentions for Speculative Decoding")
    paper("Decoding strategies", f"{FILLER} decoding")

    response = client.get("/search", {"q": "speculatve decoding"})

    assert result_titles(response)  # "decoding" alone matches
    assert "Mixture of Attentions for Speculative Decoding" in [
        p.title for p in response.context["suggestions"]
    ]


@pytest.mark.parametrize("query", ["the and of", "-diffusion"])
def test_a_query_without_words_to_find_says_so(client, query):
    paper("The diffusion of ideas")

    response = client.get("/search", {"q": query})

    assert response.status_code == 200
    assert result_titles(response) == []
    assert response.context["suggestions"] == []
    assert "has no word to look for" in response.content.decode()


def test_full_matches_get_no_suggestions(client):
    paper("Speculative decoding at scale")

    response = client.get("/search", {"q": "speculative decoding"})

    assert response.context["suggestions"] == []


def test_tag_and_category_filters(client):
    tag = TagFactory(slug="inference", name="Inference")
    nlp, vision = CategoryFactory(code="cs.CL"), CategoryFactory(code="cs.CV")
    tagged = paper("Decoding tagged", primary_category=vision)
    PaperTag.objects.create(paper=tagged, tag=tag, origin=PaperTag.Origin.STAFF)
    secondary = paper("Decoding listed in cs.CL too", primary_category=vision)
    secondary.categories.add(nlp)
    primary = paper("Decoding in cs.CL", primary_category=nlp)

    by_tag = client.get("/search", {"q": "decoding", "tag": "inference"})
    by_category = client.get("/search", {"q": "decoding", "category": "cs.CL"})

    assert result_titles(by_tag) == [tagged.title]
    assert set(result_titles(by_category)) == {secondary.title, primary.title}


def test_date_range_is_inclusive(client):
    paper("Decoding early", published_at=day(1))
    paper("Decoding inside", published_at=day(10))
    paper("Decoding last day", published_at=day(20))
    paper("Decoding late", published_at=day(21))

    response = client.get(
        "/search", {"q": "decoding", "date_from": "2025-11-10", "date_to": "2025-11-20"}
    )

    assert set(result_titles(response)) == {"Decoding inside", "Decoding last day"}


def test_filters_without_a_query_list_papers_newest_first(client):
    tag = TagFactory(slug="inference", name="Inference")
    for title, d in [("Older", 1), ("Newer", 2)]:
        PaperTag.objects.create(
            paper=paper(title, published_at=day(d)), tag=tag, origin=PaperTag.Origin.RULE
        )
    paper("Untagged", published_at=day(3))

    response = client.get("/search", {"tag": "inference", "sort": "relevance"})

    assert result_titles(response) == ["Newer", "Older"]


def test_sort_by_date_and_by_votes(client):
    paper("Speculative decoding, old and popular", published_at=day(1), vote_count=9)
    paper("Speculative decoding, new", published_at=day(5), vote_count=1)
    paper("Faster inference", f"{FILLER} speculative decoding", published_at=day(3), vote_count=4)

    by_date = client.get("/search", {"q": "speculative decoding", "sort": "date"})
    by_votes = client.get("/search", {"q": "speculative decoding", "sort": "votes"})

    assert result_titles(by_date) == [
        "Speculative decoding, new", "Faster inference", "Speculative decoding, old and popular"
    ]  # fmt: skip
    assert result_titles(by_votes) == [
        "Speculative decoding, old and popular", "Faster inference", "Speculative decoding, new"
    ]  # fmt: skip


def test_sorting_by_date_leaves_out_weak_partial_matches(client):
    paper("Speculative decoding at scale", published_at=day(1))
    paper("Decoding strategies", published_at=day(2))

    by_relevance = client.get("/search", {"q": "speculative decoding"})
    by_date = client.get("/search", {"q": "speculative decoding", "sort": "date"})

    assert len(result_titles(by_relevance)) == 2
    assert result_titles(by_date) == ["Speculative decoding at scale"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "x", "tag": "no-such-tag"}, "tag", "Select a valid choice"),
        ({"q": "x", "category": "xx.YY"}, "category", "Select a valid choice"),
        ({"q": "x", "date_from": "yesterday"}, "date_from", "Enter a valid date"),
        ({"q": "x", "date_to": "2025-13-45"}, "date_to", "Enter a valid date"),
        ({"q": "x", "date_from": "1800-01-01"}, "date_from", "in the years 1900 to 2999"),
        ({"q": "x", "date_to": "3000-01-01"}, "date_to", "in the years 1900 to 2999"),
        ({"q": "x", "sort": "random"}, "sort", "Select a valid choice"),
        ({"q": "x" * 301}, "q", "at most 300 characters"),
        (
            {"q": "x", "date_from": "2025-11-20", "date_to": "2025-11-01"},
            "date_to",
            "before the start date",
        ),
    ],
)
def test_bad_parameters_are_form_errors_not_server_errors(client, params, field, message):
    response = client.get("/search", params)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()


@pytest.mark.parametrize("page", ["0", "abc", "-1", "2.5"])
def test_a_page_that_is_not_a_number_from_1_is_a_400_naming_it(client, settings, page):
    settings.PAPERS_PER_PAGE = 2
    for n in range(3):
        paper(f"Decoding paper {n}")

    response = client.get("/search", {"q": "decoding", "page": page})

    assert response.status_code == 400
    assert b"<code>page</code>" in response.content


def test_a_page_past_the_last_is_a_404(client, settings):
    settings.PAPERS_PER_PAGE = 2
    for n in range(3):
        paper(f"Decoding paper {n}")

    assert client.get("/search", {"q": "decoding", "page": "2"}).status_code == 200
    assert client.get("/search", {"q": "decoding", "page": "3"}).status_code == 404
    assert client.get("/search", {"q": "decoding", "page": "9999"}).status_code == 404


def test_pagination_links_keep_the_query_and_filters(client, settings):
    settings.PAPERS_PER_PAGE = 2
    for n in range(3):
        paper(f"Decoding paper {n}")

    response = client.get("/search", {"q": "decoding", "sort": "votes"})

    assert b'href="?q=decoding&amp;sort=votes&amp;page=2"' in response.content
    second = client.get("/search", {"q": "decoding", "sort": "votes", "page": 2})
    assert len(second.context["papers"]) == 1


def test_result_count_is_capped(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_count", 3)
    params = {"q": "decoding", "sort": "date"}
    for n in range(3):
        paper(f"Decoding paper {n}")
    assert "3 results" in client.get("/search", params).content.decode()

    paper("Decoding paper 4")
    response = client.get("/search", params)

    assert response.context["page_obj"].paginator.count == 3
    assert "3+ results" in response.content.decode()


def test_relevance_order_pages_through_the_ranked_window(client, settings, monkeypatch):
    settings.PAPERS_PER_PAGE = 2
    monkeypatch.setattr(candidates, "WINDOW", 3)
    monkeypatch.setattr(RankedPaginator, "max_count", 3)
    for n in range(5):
        paper(f"Decoding paper {n}")

    response = client.get("/search", {"q": "decoding"})

    assert "3+ results" in response.content.decode()
    assert len(client.get("/search", {"q": "decoding", "page": 2}).context["papers"]) == 1
    assert client.get("/search", {"q": "decoding", "page": 3}).status_code == 404


def test_a_ranked_search_counts_its_window_without_counting_again(client, settings):
    settings.PAPERS_PER_PAGE = 2
    tag = TagFactory(slug="inference", name="Inference")
    for n in range(5):
        tagged = paper(f"Decoding paper {n}")
        if n % 2:
            PaperTag.objects.create(paper=tagged, tag=tag, origin=PaperTag.Origin.RULE)

    with CaptureQueriesContext(connection) as queries:
        everything = client.get("/search", {"q": "decoding"})
    filtered = client.get("/search", {"q": "decoding", "tag": "inference"})

    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert everything.context["page_obj"].paginator.count == 5
    assert "5 results" in everything.content.decode()
    assert filtered.context["page_obj"].paginator.count == 2
    assert filtered.context["page_obj"].paginator.num_pages == 1


def test_the_ranked_window_is_read_from_the_start_of_the_table(client):
    """A LIMIT over a synchronized sequential scan would return other papers each time."""
    for n in range(3):
        paper(f"Decoding paper {n}")

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/search", {"q": "decoding"})
    sql = [q["sql"] for q in queries.captured_queries]  # the next request clears the log
    second = client.get("/search", {"q": "decoding"})

    setting = next(i for i, s in enumerate(sql) if "synchronize_seqscans" in s)
    assert "'off', true" in sql[setting]  # SET LOCAL: the window's own transaction only
    assert '"search_vector" @@' in sql[setting + 1]  # the window's ids, next
    assert [p.pk for p in first.context["papers"]] == [p.pk for p in second.context["papers"]]


def test_snippets_are_computed_for_the_page_only(client, settings):
    settings.PAPERS_PER_PAGE = 2
    for n in range(5):
        paper(f"Decoding paper {n}", f"{FILLER} decoding {n}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search", {"q": "decoding"})

    headline_sql = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    assert len(headline_sql) == 1
    page_ids = [p.pk for p in response.context["papers"]]
    assert f"IN ({page_ids[0]}, {page_ids[1]})" in headline_sql[0]
    assert all(p.snippet for p in response.context["papers"])


def test_query_count_does_not_grow_with_results(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    tag = TagFactory(slug="inference", name="Inference")
    params = {"q": "speculative decoding inference", "tag": "inference", "sort": "relevance"}

    def add_papers(n):
        for i in range(n):
            p = paper(f"Speculative decoding {i}", authors=["A One", "B Two", "C Three"])
            PaperTag.objects.create(paper=p, tag=tag, origin=PaperTag.Origin.RULE)

    add_papers(2)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/search", params)

    add_papers(20)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/search", params)
    assert len(response.context["papers"]) == 22
