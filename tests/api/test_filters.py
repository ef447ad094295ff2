from datetime import UTC, date, datetime

import pytest

from apps.curation.models import DailyPick
from apps.papers.models import Paper, PaperTag
from apps.papers.search import candidates
from tests.factories import CategoryFactory, PaperFactory, TagFactory

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def tagged(*slugs: str, **kwargs) -> Paper:
    paper = PaperFactory(**kwargs)
    for slug in slugs:
        PaperTag.objects.create(paper=paper, tag=TagFactory(slug=slug), origin="rule")
    return paper


def ids(*papers: Paper) -> list[str]:
    return [paper.public_id for paper in papers]


def test_published_date_range_is_inclusive(api):
    before = PaperFactory(published_at=on(date(2025, 10, 31)))
    first = PaperFactory(published_at=on(date(2025, 11, 1)))
    last = PaperFactory(published_at=on(date(2025, 11, 30)))
    after = PaperFactory(published_at=on(date(2025, 12, 1)))

    inside = api.get("/api/v1/papers/?published_from=2025-11-01&published_to=2025-11-30")
    since = api.get("/api/v1/papers/?published_from=2025-11-30")

    assert results(inside) == ids(last, first)
    assert results(since) == ids(after, last)
    assert before.public_id not in results(api.get("/api/v1/papers/?published_from=2025-11-01"))


def test_featured_day(api):
    picked = PaperFactory()
    PaperFactory()
    DailyPick.objects.create(featured_on=date(2025, 11, 26), paper=picked, position=1)

    assert results(api.get("/api/v1/papers/?featured=2025-11-26")) == ids(picked)
    assert results(api.get("/api/v1/papers/?featured=2025-11-27")) == []


def test_tags_any_and_all(api):
    both = tagged("llm", "rag", published_at=on(date(2025, 1, 3)))
    only_llm = tagged("llm", published_at=on(date(2025, 1, 2)))
    tagged("vision", published_at=on(date(2025, 1, 1)))

    any_of = api.get("/api/v1/papers/?tag=llm&tag=rag")
    all_of = api.get("/api/v1/papers/?tag=llm&tag=rag&tag_match=all")

    assert results(any_of) == ids(both, only_llm)
    assert results(all_of) == ids(both)


def test_exclude_tag(api):
    kept = tagged("llm")
    tagged("llm", "survey")

    assert results(api.get("/api/v1/papers/?tag=llm&exclude_tag=survey")) == ids(kept)


def test_category_matches_primary_or_cross_listed(api):
    primary = PaperFactory(primary_category=CategoryFactory(code="cs.CL"))
    cross = PaperFactory(primary_category=CategoryFactory(code="cs.LG"))
    cross.categories.add(CategoryFactory(code="cs.CL"))
    PaperFactory(primary_category=CategoryFactory(code="cs.CV"))

    assert set(results(api.get("/api/v1/papers/?category=cs.CL"))) == set(ids(primary, cross))


def test_author_is_a_case_insensitive_part_of_a_name(api):
    hers = PaperFactory(authors=["Grace Hopper", "Alan Turing"])
    PaperFactory(authors=["Alan Turing"])

    assert results(api.get("/api/v1/papers/?author=hopper")) == ids(hers)


def test_min_votes(api):
    popular = PaperFactory(vote_count=5)
    PaperFactory(vote_count=4)

    assert results(api.get("/api/v1/papers/?min_votes=5")) == ids(popular)


def test_q_searches_and_ranks_by_relevance(api):
    in_title = PaperFactory(title="Sparse attention for long documents", abstract="Nothing.")
    in_abstract = PaperFactory(title="Efficient transformers", abstract="We use sparse attention.")
    PaperFactory(title="Protein folding", abstract="Structures.")

    assert results(api.get("/api/v1/papers/?q=sparse attention")) == ids(in_title, in_abstract)


def test_search_in_relevance_order_is_the_best_matches_in_another_every_match(api, monkeypatch):
    monkeypatch.setattr(candidates, "WINDOW", 1)
    matching = [PaperFactory(title=f"Sparse attention {n}") for n in range(4)]

    by_relevance = results(api.get("/api/v1/papers/?q=sparse attention&page_size=10"))
    by_date = results(api.get("/api/v1/papers/?q=sparse attention&ordering=published"))

    assert len(by_relevance) == 2  # the window and one more
    assert sorted(by_date) == sorted(ids(*matching))


def test_filters_combine(api):
    wanted = tagged("llm", vote_count=3, primary_category=CategoryFactory(code="cs.CL"))
    tagged("llm", vote_count=3, primary_category=CategoryFactory(code="cs.CV"))
    tagged("llm", vote_count=0, primary_category=CategoryFactory(code="cs.CL"))

    response = api.get("/api/v1/papers/?tag=llm&category=cs.CL&min_votes=1")

    assert results(response) == ids(wanted)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("published_from=2025-13-01", "published_from"),
        ("published_to=yesterday", "published_to"),
        ("featured=2025-02-30", "featured"),
        ("tag=no-such-tag", "tag"),
        ("exclude_tag=no-such-tag", "exclude_tag"),
        ("tag_match=some", "tag_match"),
        ("category=xx.YY", "category"),
        ("min_votes=-1", "min_votes"),
        ("min_votes=many", "min_votes"),
        ("ordering=random", "ordering"),
        ("ordering=relevance", "ordering"),
        ("status=lost", "status"),
        ("q=" + "x" * 301, "q"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_invalid_filter_values_are_a_400_naming_the_parameter(api, query, param):
    PaperFactory()
    TagFactory(slug="llm")

    body = assert_error(api.get(f"/api/v1/papers/?{query}"), 400, "invalid", field=param)

    assert body["errors"][param]


@pytest.mark.parametrize(
    "query",
    ["published_from=0001-01-01", "published_to=3000-01-01", "featured=1899-12-31"],
)
def test_dates_outside_the_years_served_are_a_400_naming_the_parameter(api, query):
    param = query.split("=")[0]

    body = assert_error(api.get(f"/api/v1/papers/?{query}"), 400, "invalid", field=param)

    assert body["errors"][param] == ["The date must fall in the years 1900 to 2999."]


def test_the_first_and_last_days_served_are_valid_dates(api):
    paper = PaperFactory()

    in_range = api.get("/api/v1/papers/?published_from=1900-01-01&published_to=2999-12-31")

    assert results(in_range) == [paper.public_id]
    assert results(api.get("/api/v1/papers/?featured=1900-01-01")) == []


def test_unknown_tag_message_names_the_tag(api):
    body = api.get("/api/v1/papers/?tag=no-such-tag").json()

    assert body["errors"]["tag"] == ["Unknown tag: no-such-tag."]


def test_status_filter_is_for_staff(api, as_alice, as_curator):
    pending = PaperFactory(status=Paper.Status.PENDING)
    published = PaperFactory()

    assert_error(api.get("/api/v1/papers/?status=pending"), 401, "not_authenticated")
    assert_error(as_alice.get("/api/v1/papers/?status=pending"), 403, "permission_denied")
    assert results(as_curator.get("/api/v1/papers/?status=pending")) == ids(pending)
    assert set(results(as_curator.get("/api/v1/papers/?status=any"))) == set(
        ids(pending, published)
    )
    assert results(as_curator.get("/api/v1/papers/")) == ids(published)


def test_one_request_s_filter_values_and_errors_never_reach_the_next(api):
    """The filter form's class is shared by every request (built once); each request's
    form, its cleaned values and its errors are its own, and the tags it accepts are
    read again each time."""
    cl = PaperFactory(primary_category=CategoryFactory(code="cs.CL"))
    cv = PaperFactory(primary_category=CategoryFactory(code="cs.CV"))

    refused = api.get("/api/v1/papers/?category=xx.YY")
    only_cl = api.get("/api/v1/papers/?category=cs.CL")
    everything = api.get("/api/v1/papers/")
    new_tag = TagFactory(slug="created-after-the-first-requests")
    PaperTag.objects.create(paper=cv, tag=new_tag, origin="rule")
    by_new_tag = api.get(f"/api/v1/papers/?tag={new_tag.slug}")

    assert_error(refused, 400, "invalid", field="category")
    assert results(only_cl) == ids(cl)
    assert set(results(everything)) == set(ids(cl, cv))
    assert results(by_new_tag) == ids(cv)
