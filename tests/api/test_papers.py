from datetime import UTC, date, datetime

import pytest

from apps.curation.models import DailyPick
from apps.papers.models import Paper, PaperTag
from apps.papers.votes import vote_cast
from tests.factories import CategoryFactory, PaperFactory, TagFactory

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db


def test_detail_has_everything_a_reader_sees(api, curator):
    paper = PaperFactory(
        arxiv_id="2401.01234",
        version=2,
        title="Retrieval at scale",
        authors=["Ada Lovelace", "Alan Turing"],
        primary_category=CategoryFactory(code="cs.CL"),
        published_at=datetime(2024, 1, 3, 18, tzinfo=UTC),
    )
    paper.categories.add(CategoryFactory(code="cs.LG"), CategoryFactory(code="cs.CL"))
    PaperTag.objects.create(paper=paper, tag=TagFactory(slug="llm", name="LLM"), origin="rule")
    PaperTag.objects.create(
        paper=paper, tag=TagFactory(slug="rag", name="RAG"), origin="model", confidence=0.8
    )
    DailyPick.objects.create(featured_on=date(2024, 1, 4), paper=paper, position=2)

    body = api.get("/api/v1/papers/2401.01234/").json()

    assert body["id"] == body["arxiv_id"] == "2401.01234"
    assert body["version"] == 2
    assert body["title"] == "Retrieval at scale"
    assert body["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert body["primary_category"] == "cs.CL"
    assert body["categories"] == ["cs.CL", "cs.LG"]
    assert body["tags"] == [
        {"slug": "llm", "name": "LLM", "origin": "rule", "confidence": None},
        {"slug": "rag", "name": "RAG", "origin": "model", "confidence": 0.8},
    ]
    assert body["published_at"] == "2024-01-03T18:00:00Z"
    assert body["listed_on"] == "2024-01-03"
    assert body["daily_picks"] == [{"date": "2024-01-04", "rank": 2}]
    assert body["vote_count"] == 0
    assert body["voted"] is False
    assert body["status"] == "published"
    assert body["links"] == {
        "api": "http://testserver/api/v1/papers/2401.01234/",
        "html": "http://testserver/papers/2401.01234",
        "abs": "https://arxiv.org/abs/2401.01234",
        "pdf": "https://arxiv.org/pdf/2401.01234",
        # The typed links the tagger found (none here).
        "code": None,
        "model": None,
        "dataset": None,
        "project": None,
    }


def test_detail_shows_the_callers_own_vote(api, as_alice, alice, bob):
    paper = PaperFactory()
    vote_cast(user=alice, paper=paper)
    vote_cast(user=bob, paper=paper)

    mine = as_alice.get(f"/api/v1/papers/{paper.arxiv_id}/").json()
    anonymous = api.get(f"/api/v1/papers/{paper.arxiv_id}/").json()

    assert (mine["voted"], mine["vote_count"]) == (True, 2)
    assert (anonymous["voted"], anonymous["vote_count"]) == (False, 2)


def test_detail_by_short_id_and_by_versioned_arxiv_id(api):
    without_arxiv = PaperFactory(arxiv_id=None)
    with_arxiv = PaperFactory(arxiv_id="2402.00001")

    by_short = api.get(f"/api/v1/papers/{without_arxiv.short_id}/")
    by_version = api.get("/api/v1/papers/2402.00001v3/")

    assert by_short.json()["id"] == without_arxiv.short_id
    assert by_short.json()["arxiv_id"] is None
    assert by_version.json()["id"] == with_arxiv.arxiv_id


def test_old_style_arxiv_ids_work(api):
    PaperFactory(arxiv_id="hep-th/9901001")

    assert api.get("/api/v1/papers/hep-th/9901001/").json()["id"] == "hep-th/9901001"


def test_unknown_paper_is_a_404_in_the_error_format(api):
    assert_error(api.get("/api/v1/papers/2401.99999/"), 404, "not_found")


def test_unpublished_papers_are_hidden_except_from_staff(api, as_alice, as_curator):
    pending = PaperFactory(status=Paper.Status.PENDING)
    url = f"/api/v1/papers/{pending.arxiv_id}/"

    assert api.get(url).status_code == 404
    assert as_alice.get(url).status_code == 404
    assert as_curator.get(url).json()["status"] == "pending"


def test_list_holds_published_papers_newest_first(api):
    old = PaperFactory(published_at=datetime(2023, 1, 1, tzinfo=UTC))
    new = PaperFactory(published_at=datetime(2024, 1, 1, tzinfo=UTC))
    PaperFactory(status=Paper.Status.REJECTED)

    response = api.get("/api/v1/papers/")

    assert results(response) == [new.arxiv_id, old.arxiv_id]
    assert response.json()["next"] is None
    assert response.json()["previous"] is None


def test_list_items_have_the_same_fields_as_the_detail(api):
    paper = PaperFactory()

    item = api.get("/api/v1/papers/").json()["results"][0]

    assert item == api.get(f"/api/v1/papers/{paper.arxiv_id}/").json()


def test_detail_answers_304_when_unchanged_and_200_after_a_vote(api, alice):
    paper = PaperFactory()
    url = f"/api/v1/papers/{paper.arxiv_id}/"
    first = api.get(url)
    etag = first["ETag"]

    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    vote_cast(user=alice, paper=paper)
    after_vote = api.get(url, HTTP_IF_NONE_MATCH=etag)

    assert etag
    assert again.status_code == 304
    assert not again.content
    assert after_vote.status_code == 200
    assert after_vote["ETag"] != etag
    assert "Authorization" in first["Vary"]
