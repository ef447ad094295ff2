from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.papers.models import Paper
from apps.papers.upsert import build_record, paper_upsert_many

pytestmark = pytest.mark.django_db


def arxiv_record(n: int, version: int = 1, **fields):
    defaults = {
        "title": f"Paper {n}",
        "abstract": f"Abstract {n}",
        "arxiv_id": f"2401.{n:05d}",
        "version": version,
        "authors": ["Ada Lovelace", f"Author {n}"],
        "categories": ["cs.CL", "cs.LG"],
        "published_at": datetime(2024, 1, 2, tzinfo=UTC),
    }
    return build_record(**{**defaults, **fields})


def test_upsert_creates_papers_with_ordered_authors_and_categories():
    result = paper_upsert_many(records=[arxiv_record(1)], source="arxiv-api")

    paper = Paper.objects.get(arxiv_id="2401.00001")
    assert result.counts() == {"created": 1, "updated": 0, "unchanged": 0}
    assert [a.author.name for a in paper.authorships.order_by("position")] == [
        "Ada Lovelace",
        "Author 1",
    ]
    assert paper.primary_category.code == "cs.CL"
    assert {c.code for c in paper.categories.all()} == {"cs.CL", "cs.LG"}
    assert paper.public_id == "2401.00001"
    assert paper.authors_text == "Ada Lovelace, Author 1"


def test_higher_version_updates_and_same_version_changes_nothing():
    paper_upsert_many(records=[arxiv_record(1)], source="arxiv-api")

    bumped = paper_upsert_many(
        records=[arxiv_record(1, version=2, title="Paper 1, revised", authors=["Bo Li"])],
        source="arxiv-api",
    )
    stale = paper_upsert_many(
        records=[arxiv_record(1, version=1, title="Stale title")], source="arxiv-api"
    )

    paper = Paper.objects.get()
    assert bumped.counts() == {"created": 0, "updated": 1, "unchanged": 0}
    assert stale.counts() == {"created": 0, "updated": 0, "unchanged": 1}
    assert (paper.version, paper.title) == (2, "Paper 1, revised")
    assert list(paper.authors.values_list("name", flat=True)) == ["Bo Li"]


def test_an_arxiv_record_adopts_the_paper_keyed_by_its_title():
    paper_upsert_many(
        records=[build_record(title="Attention Is All You Need", abstract="Old")], source="demo"
    )
    demo_paper = Paper.objects.get()

    result = paper_upsert_many(
        records=[
            build_record(
                title="Attention is all you need.",
                abstract="Transformers.",
                arxiv_id="1706.03762",
                version=7,
            )
        ],
        source="arxiv-api",
    )

    paper = Paper.objects.get()
    assert result.counts() == {"created": 0, "updated": 1, "unchanged": 0}
    assert (paper.pk, paper.arxiv_id, paper.version) == (demo_paper.pk, "1706.03762", 7)
    assert paper.short_id == demo_paper.short_id  # the old short link keeps working


def test_duplicates_inside_one_batch_become_one_paper():
    records = [arxiv_record(1), arxiv_record(1, version=3), arxiv_record(1, version=2)]

    result = paper_upsert_many(records=records, source="arxiv-api")

    assert Paper.objects.get().version == 3
    assert (result.created, result.unchanged) == (1, 2)


def test_query_count_per_batch_does_not_grow_with_its_size():
    def statements(records) -> int:
        with CaptureQueriesContext(connection) as ctx:
            paper_upsert_many(records=records, source="arxiv-api", batch_size=1000)
        return len(ctx.captured_queries)

    small = statements([arxiv_record(n) for n in range(5)])
    large = statements([arxiv_record(n) for n in range(100, 400)])
    small_update = statements([arxiv_record(n, version=2) for n in range(5)])
    large_update = statements([arxiv_record(n, version=2) for n in range(100, 400)])

    assert small == large
    assert small_update == large_update
    assert Paper.objects.count() == 305
