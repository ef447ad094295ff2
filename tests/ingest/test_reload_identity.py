"""Reloading a title-only listing after arXiv adopted its papers: no duplicate, no crash."""

import pytest
from django.conf import settings
from django.db import connection

from apps.papers.identifiers import short_id_for
from apps.papers.models import Paper
from apps.papers.upsert import PaperRecord, build_record, paper_upsert_many, sql
from tests.factories import PaperFactory

from .conftest import data_path

pytestmark = pytest.mark.django_db
DEMO = str(settings.DEMO_LISTING_PATH)
ADOPTED_TITLE = "An LLM Compiler for Parallel Function Calling"  # 2401.10001 in page1.xml


def test_demo_again_after_arxiv_adopted_a_demo_paper_creates_nothing(ingest_cli):
    ingest_cli("demo", DEMO)
    _, adopted = ingest_cli("arxiv-api", data_path("arxiv_api/page1.xml"))
    before = sorted(Paper.objects.values_list("pk", "arxiv_id", "version", "title", "abstract"))

    code, again = ingest_cli("demo", DEMO)

    assert adopted["updated"] >= 1
    assert Paper.objects.get(arxiv_id="2401.10001").title == ADOPTED_TITLE
    assert (code, again) == (
        0,
        {"created": 0, "updated": 0, "unchanged": 201, "rejected": 0, "adjusted": 0, "errors": []},
    )
    assert sorted(Paper.objects.values_list("pk", "arxiv_id", "version", "title", "abstract")) == (
        before
    )


def test_a_title_only_record_matches_a_paper_that_came_from_arxiv_first(ingest_cli):
    ingest_cli("arxiv-api", data_path("arxiv_api/page1.xml"))
    paper = Paper.objects.get(arxiv_id="2401.10001")

    result = paper_upsert_many(
        records=[build_record(title=ADOPTED_TITLE.upper(), abstract="A demo abstract.")],
        source="demo",
    )

    assert result.counts() == {"created": 0, "updated": 0, "unchanged": 1}
    assert Paper.objects.filter(title_key=paper.title_key).count() == 1
    assert Paper.objects.get(pk=paper.pk).abstract == paper.abstract


def test_a_title_only_record_finds_its_paper_after_arxiv_changed_the_title():
    paper_upsert_many(records=[build_record(title="Old demo title")], source="demo")
    paper_upsert_many(
        records=[build_record(title="Old demo title", arxiv_id="2401.00007", version=1)],
        source="arxiv-api",
    )
    paper_upsert_many(
        records=[build_record(title="A new title", arxiv_id="2401.00007", version=2)],
        source="arxiv-api",
    )

    result = paper_upsert_many(records=[build_record(title="Old demo title")], source="demo")

    assert result.counts() == {"created": 0, "updated": 0, "unchanged": 1}
    assert Paper.objects.get().title == "A new title"


def test_a_title_only_record_never_overwrites_an_unversioned_arxiv_paper():
    paper_upsert_many(
        records=[build_record(title="Shared title", abstract="From HF.", arxiv_id="2401.00008")],
        source="hf-daily",
    )

    result = paper_upsert_many(
        records=[build_record(title="Shared title", abstract="From the demo.")], source="demo"
    )

    paper = Paper.objects.get()
    assert result.counts() == {"created": 0, "updated": 0, "unchanged": 1}
    assert (paper.arxiv_id, paper.abstract) == ("2401.00008", "From HF.")


def test_a_record_that_breaks_a_constraint_is_rejected_alone():
    # A paper whose short id is the one 2401.00002 would be given: its insert must fail.
    PaperFactory(arxiv_id="2401.00001", short_id=short_id_for("2401.00002"))
    records = [
        build_record(title=f"Paper {n}", arxiv_id=f"2401.{n:05d}", version=1) for n in (2, 3, 4)
    ]

    result = paper_upsert_many(records=records, source="arxiv-api")

    assert result.counts() == {"created": 2, "updated": 0, "unchanged": 0}
    assert len(result.rejected) == 1
    assert result.rejected[0].startswith("arXiv 2401.00002: cannot be stored: ")
    assert "short_id" in result.rejected[0]
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {
        "2401.00001",
        "2401.00003",
        "2401.00004",
    }


@pytest.mark.parametrize("version", [99_999, 2**40])  # past the paper's column, the stage's
def test_a_value_the_database_refuses_is_rejected_alone_even_past_validation(version):
    bypassing_validation = PaperRecord(
        title="Too new", title_key="too new", arxiv_id="2401.00005", version=version
    )
    good = build_record(title="Fine", arxiv_id="2401.00006", version=1)

    result = paper_upsert_many(records=[bypassing_validation, good], source="arxiv-api")

    assert result.created == 1
    assert result.rejected[0].startswith("arXiv 2401.00005: cannot be stored: ")
    assert list(Paper.objects.values_list("arxiv_id", flat=True)) == ["2401.00006"]


@pytest.mark.django_db(transaction=True)
def test_a_rejected_record_does_not_stop_a_parallel_upsert():
    PaperFactory(arxiv_id="2401.00001", short_id=short_id_for("2401.00002"))
    records = [
        build_record(title=f"Paper {n}", arxiv_id=f"2401.{n:05d}", version=1) for n in range(2, 42)
    ]

    result = paper_upsert_many(records=records, source="arxiv-api", batch_size=5, workers=2)

    assert (result.created, len(result.rejected), result.unchanged) == (39, 1, 0)
    assert Paper.objects.count() == 40


FULL_READS = ("seqscan", "bitmapscan", "hashjoin", "mergejoin")


def explain_lookup(statement: str) -> str:
    """The plan of a statement, as on a large table: no full reads of papers."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {sql.PAPER}")
        for method in FULL_READS:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        for method in FULL_READS:
            cursor.execute(f"RESET enable_{method}")
    return plan


def test_the_title_match_goes_through_the_partial_unique_index():
    """MATCH looks staged titles up among papers without an arXiv id by this predicate.

    Checked on a single lookup: the plan of the whole statement on a small test
    table depends on the PostgreSQL version's costing, not on the index.
    """
    paper_upsert_many(
        records=[build_record(title=f"Paper {n}", arxiv_id=f"2401.{n:05d}") for n in range(300)]
        + [build_record(title=f"Demo paper {n}") for n in range(300)],
        source="test",
    )
    assert "p.arxiv_id IS NULL AND p.title_key = t.title_key" in sql.MATCH[-1]

    plan = explain_lookup(
        f"SELECT id FROM {sql.PAPER} p WHERE p.arxiv_id IS NULL AND p.title_key = 'demo paper 7'"
    )

    assert "paper_unique_title_key_without_arxiv_id" in plan, plan
