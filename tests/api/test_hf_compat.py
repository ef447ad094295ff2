"""The Hugging Face papers API compatible endpoints: field by field against samples of
that API, and through its real Python client (huggingface_hub) against a live server."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError

from apps.curation.models import DailyPick
from apps.papers.models import PaperTag
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory, TagFactory, UserFactory

from .helpers import assert_error

DATA = Path(__file__).parent / "data"
DAY = date(2025, 11, 26)
# What we leave out of that API's answers: we have no such data.
OMITTED = {"paper.authors._id", "authors._id", "submittedBy.isPro"}
# What we answer with null: no thumbnails or discussions; a paper on a day's list that
# staff did not pick has no submitter and was never "submitted on daily".
NULLABLE = {
    "thumbnail", "paper.discussionId", "discussionId", "submittedBy",
    "paper.submittedOnDailyAt", "submittedOnDailyAt",
}  # fmt: skip


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def sample(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def assert_same_shape(expected, ours, path: str = "") -> None:
    """Every field of the sample is in ours with the same JSON type (or an agreed null)."""
    for key, value in expected.items():
        where = f"{path}{key}"
        if where in OMITTED:
            continue
        assert key in ours, f"missing {where}"
        if ours[key] is None:
            assert where in NULLABLE, f"{where} is null"
            continue
        assert type(ours[key]) is type(value), f"{where}: {ours[key]!r} vs {value!r}"
        if isinstance(value, dict):
            assert_same_shape(value, ours[key], f"{where}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in ours[key]:
                assert_same_shape(value[0], item, f"{where}.")
        elif where.endswith("At"):
            assert datetime.fromisoformat(ours[key]).tzinfo is not None, where


def make_day(curator):
    """DAY's list: one staff pick (published two days before) and two papers of the day."""
    picked = PaperFactory(
        arxiv_id="2511.00001",
        title="Retrieval heads in long-context models",
        abstract="We find retrieval heads.",
        authors=["Ada Lovelace", "Alan Turing"],
        published_at=at(DAY - timedelta(days=2)),
    )
    PaperTag.objects.create(paper=picked, tag=TagFactory(slug="llm", name="LLM"), origin="rule")
    DailyPick.objects.create(featured_on=DAY, paper=picked, position=1, picked_by=curator)
    # Fixed abstracts: the factory's random words could match the searches below.
    popular = PaperFactory(
        arxiv_id="2511.00002",
        title="Sparse mixtures",
        abstract="Experts routed sparsely.",
        published_at=at(DAY),
    )
    quiet = PaperFactory(
        arxiv_id="2511.00003",
        title="Tiny vision models",
        abstract="Small image classifiers.",
        published_at=at(DAY),
    )
    for n in range(2):
        vote_cast(user=UserFactory(username=f"voter{n}"), paper=popular)
    return picked, popular, quiet


@pytest.mark.django_db
def test_daily_papers_items_have_the_shape_of_that_api(api, curator):
    make_day(curator)

    items = api.get("/api/daily_papers?date=2025-11-26").json()

    assert [item["paper"]["id"] for item in items] == ["2511.00001", "2511.00002", "2511.00003"]
    for item in items:
        assert_same_shape(sample("hf_daily_paper_item.json"), item)
    first = items[0]
    assert first["publishedAt"] == "2025-11-26T00:00:00Z"  # when it was featured
    assert first["paper"]["publishedAt"] == "2025-11-24T12:00:00Z"  # on arXiv
    assert first["paper"]["authors"] == [
        {"name": "Ada Lovelace", "hidden": False},
        {"name": "Alan Turing", "hidden": False},
    ]
    assert first["paper"]["ai_keywords"] == ["LLM"]
    assert first["submittedBy"]["user"] == "curator"
    assert first["summary"] == first["paper"]["summary"] == "We find retrieval heads."
    assert items[1]["paper"]["upvotes"] == 2
    assert items[1]["submittedBy"] is None
    assert items[1]["publishedAt"] == "2025-11-26T12:00:00Z"


@pytest.mark.django_db
def test_paper_has_the_shape_of_that_api(api, curator):
    make_day(curator)

    paper = api.get("/api/papers/2511.00001").json()

    assert_same_shape(sample("hf_paper.json"), paper)
    assert paper["id"] == "2511.00001"
    assert paper["submittedOnDailyAt"] == "2025-11-26T00:00:00Z"


@pytest.mark.django_db
def test_search_items_have_the_daily_shape(api, curator):
    make_day(curator)

    items = api.get("/api/papers/search?q=retrieval").json()

    assert [item["paper"]["id"] for item in items] == ["2511.00001"]
    assert_same_shape(sample("hf_daily_paper_item.json"), items[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("date=2025-02-30", "date"),
        ("week=2025-W60", "week"),
        ("month=2025-00", "month"),
        ("date=0001-01-01", "date"),
        ("week=1899-W52", "week"),
        ("month=3000-01", "month"),
        ("sort=random", "sort"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("p=-1", "p"),
        ("date=2025-11-26&week=2025-W48", "week"),
    ],
)
def test_bad_daily_papers_parameters_are_a_400(api, query, param):
    assert_error(api.get(f"/api/daily_papers?{query}"), 400, "invalid", field=param)


@pytest.mark.django_db
def test_daily_papers_by_submitter_are_their_picks(api, curator):
    make_day(curator)

    mine = api.get("/api/daily_papers?date=2025-11-26&submitter=curator").json()
    nobodys = api.get("/api/daily_papers?date=2025-11-26&submitter=nobody").json()

    assert [item["paper"]["id"] for item in mine] == ["2511.00001"]
    assert nobodys == []


@pytest.mark.django_db
def test_unknown_paper_is_a_404(api):
    assert_error(api.get("/api/papers/2401.99999"), 404, "not_found")


@pytest.mark.django_db
def test_daily_papers_answer_304_when_unchanged(api, curator):
    make_day(curator)
    etag = api.get("/api/daily_papers?date=2025-11-26")["ETag"]

    assert api.get("/api/daily_papers?date=2025-11-26", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.fixture
def hf(live_server):
    return HfApi(endpoint=live_server.url, token=False)


@pytest.mark.django_db(transaction=True)
def test_huggingface_hub_lists_our_daily_papers(hf, curator):
    picked, popular, quiet = make_day(curator)

    papers = list(hf.list_daily_papers(date="2025-11-26"))

    assert [p.id for p in papers] == [picked.arxiv_id, popular.arxiv_id, quiet.arxiv_id]
    first = papers[0]
    assert first.title == picked.title
    assert first.summary == picked.abstract
    assert [a.name for a in first.authors] == ["Ada Lovelace", "Alan Turing"]
    assert first.published_at == at(DAY - timedelta(days=2))
    assert first.submitted_at == datetime(2025, 11, 26, tzinfo=UTC)
    assert first.submitted_by.username == "curator"
    assert first.comments == 0
    assert papers[1].upvotes == 2
    assert papers[1].submitted_by is None


@pytest.mark.django_db(transaction=True)
def test_huggingface_hub_daily_papers_by_week_month_sort_and_page(hf, curator):
    picked, popular, quiet = make_day(curator)

    week = [p.id for p in hf.list_daily_papers(week="2025-W48")]
    month = [p.id for p in hf.list_daily_papers(month="2025-11", limit=2)]
    second_page = [p.id for p in hf.list_daily_papers(month="2025-11", limit=2, p=1)]
    trending = [p.id for p in hf.list_daily_papers(date="2025-11-26", sort="trending")]
    latest = [p.id for p in hf.list_daily_papers()]  # the most recent day with papers

    by_votes = [popular.arxiv_id, quiet.arxiv_id, picked.arxiv_id]  # ties: newest first
    assert week == by_votes
    assert month + second_page == by_votes
    assert trending[0] == popular.arxiv_id
    assert latest == [picked.arxiv_id, popular.arxiv_id, quiet.arxiv_id]


@pytest.mark.django_db(transaction=True)
def test_huggingface_hub_reads_one_paper(hf, curator):
    picked, _popular, _quiet = make_day(curator)

    info = hf.paper_info(picked.arxiv_id)

    assert info.id == picked.arxiv_id
    assert info.title == picked.title
    assert info.summary == picked.abstract
    assert [a.name for a in info.authors] == ["Ada Lovelace", "Alan Turing"]
    assert info.submitted_at == datetime(2025, 11, 26, tzinfo=UTC)
    with pytest.raises(HfHubHTTPError) as missing:
        hf.paper_info("2401.99999")
    assert missing.value.response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_huggingface_hub_searches_our_papers(hf, curator):
    picked, _popular, _quiet = make_day(curator)

    found = [p.id for p in hf.list_papers(query="retrieval heads")]
    limited = list(hf.list_papers(query="models", limit=1))

    assert found == [picked.arxiv_id]
    assert len(limited) == 1


@pytest.mark.django_db(transaction=True)
def test_a_saved_hugging_face_token_does_not_lock_the_client_out(live_server, curator):
    make_day(curator)
    client = HfApi(endpoint=live_server.url, token="hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")

    assert len(list(client.list_daily_papers(date="2025-11-26"))) == 3
