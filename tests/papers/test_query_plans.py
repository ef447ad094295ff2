"""The main lists' queries are served by indexes, whatever the size of the archive.

Every query a page or endpoint runs is explained with whole-table strategies priced
out (sequential scans, and the hash and merge joins that read a whole side): as on a
table of a million papers, PostgreSQL then still reads a table whole only where no
index can serve the query.
"""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.curation.models import DailyPick
from apps.lists.imports import bibtex_import
from apps.lists.models import ReadingList
from apps.papers.models import Vote
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)
# Small lookup tables (categories, tags, picks) are read whole at any size.
PRICED_OUT = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")
# Nodes that read all their input before a LIMIT above them can stop anything.
CONSUME_ALL = {"Sort", "Aggregate", "Hash", "Materialize", "SetOp", "WindowAgg"}
BIG_TABLES = {"papers_paper", "papers_vote", "papers_trendingscore", "papers_authorship"}


@pytest.fixture
def archive(alice):
    tag = TagFactory(slug="llm")
    papers = [
        PaperFactory(published_at=datetime(2025, 11, 20 + n % 7, 12, tzinfo=UTC)) for n in range(12)
    ]
    for paper in papers[:4]:
        paper.paper_tags.create(tag=tag)
        vote_cast(user=alice, paper=paper)
    DailyPick.objects.create(featured_on=DAY, paper=papers[0], position=1)
    as_a_full_archive()
    return papers


def as_a_full_archive() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # As on a full archive: the planner takes each big table's row count from
        # pg_class's density (reltuples per page) times its actual pages, so a dozen rows
        # no longer make walking a whole index look as cheap as a keyed lookup (PostgreSQL
        # 15 chose that for authorships on a one-page table). Rolled back with the test.
        cursor.execute(
            "UPDATE pg_class SET reltuples = 1000000, relpages = 1 "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            [sorted(BIG_TABLES)],
        )


def whole_table_reads(plan: dict, *, limited: bool = False) -> set[str]:
    """Tables read whole: by a sequential scan, or by an index scan with no condition
    that no LIMIT stops (walking an index in order up to a LIMIT is what indexes are for)."""
    found = set()
    node, table = plan.get("Node Type", ""), plan.get("Relation Name")
    limited = (limited or node == "Limit") and node not in CONSUME_ALL
    if node == "Seq Scan" or (
        node in ("Index Scan", "Index Only Scan") and "Index Cond" not in plan and not limited
    ):
        found.add(table)
    for child in plan.get("Plans", ()):
        found |= whole_table_reads(child, limited=limited)
    return found


def scanned_tables(client, url: str) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return tables_read_whole(queries)


def tables_read_whole(queries: CaptureQueriesContext) -> set[str]:
    found: set[str] = set()
    with connection.cursor() as cursor:
        for setting in PRICED_OUT:
            cursor.execute(f"SET {setting} = off")
        try:
            for query in queries:
                if query["sql"].lstrip().upper().startswith("SELECT"):
                    cursor.execute(f"EXPLAIN (FORMAT JSON) {query['sql']}")
                    (plan,) = cursor.fetchone()[0]  # psycopg decodes the JSON
                    found |= whole_table_reads(plan["Plan"])
        finally:
            for setting in PRICED_OUT:
                cursor.execute(f"RESET {setting}")
    return found & BIG_TABLES


@pytest.mark.parametrize(
    "url",
    [
        "/papers/2025-11-26",
        "/papers/2025-11-26?sort=new",
        "/papers/week/2025-W48",
        "/papers/week/2025-W48?sort=new",
        "/papers/month/2025-11",
        "/trending",
        "/tags/llm",
        "/api/v1/papers/",
        "/api/v1/papers/?ordering=votes",
        "/api/v1/papers/?published_from=2025-11-21&published_to=2025-11-23",
        "/api/v1/daily/?date=2025-11-26",
        "/api/daily_papers?date=2025-11-26",
    ],
)
def test_list_queries_use_indexes(client, archive, url):
    assert scanned_tables(client, url) == set()


def test_every_page_of_the_api_trending_order_uses_indexes(client, archive):
    # As on a real archive, most votes are older than the trending window.
    readers = UserFactory.create_batch(20)
    Vote.objects.bulk_create(
        Vote(user=reader, paper=paper, created_at=timezone.now() - timedelta(days=30 + n))
        for n, (reader, paper) in enumerate(itertools.product(readers, archive[4:]))
    )
    as_a_full_archive()
    # Four papers voted for in the window, then the others: pages of three cross the edge.
    url, pages = "/api/v1/papers/?ordering=trending&page_size=3", 0

    while url:
        assert scanned_tables(client, url) == set(), url
        url, pages = client.get(url).json()["next"], pages + 1

    assert pages == 4


def test_a_paper_page_uses_indexes(client, archive):
    assert scanned_tables(client, archive[0].get_absolute_url()) == set()


def test_a_bibtex_import_matches_by_doi_through_its_index(archive, alice):
    PaperFactory(doi="10.1000/Some.DOI", title="A paper known by its DOI")
    bibtex = """
@article{one, title = {Something else}, doi = {10.1000/some.doi}}
@article{two, title = {A title we do not hold}}
"""
    reading_list = ReadingList.objects.create(owner=alice, name="Imported")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE papers_paper")
    with CaptureQueriesContext(connection) as queries:
        report = bibtex_import(reading_list=reading_list, data=bibtex.encode())

    assert [entry.matched_by for entry in report.matched] == ["DOI"]
    assert tables_read_whole(queries) == set()
    # A filter on all published papers reads them all: the DOI lookup goes by its own index.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plans = []
        for query in queries:
            if "LOWER" in query["sql"]:
                cursor.execute(f"EXPLAIN {query['sql']}")
                plans.append(" ".join(row[0] for row in cursor.fetchall()))
        cursor.execute("RESET enable_seqscan")
    assert any("paper_doi_lower_idx" in plan for plan in plans)
