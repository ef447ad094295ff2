"""A large upsert outside a transaction spreads its batches over several connections."""

import pytest
from django.db import connection

from apps.ingest.tasks import merge_search_indexes
from apps.papers.models import Authorship, Paper
from apps.papers.upsert import build_record, paper_upsert_many

pytestmark = pytest.mark.django_db(transaction=True)


def record(n: int, version: int = 1):
    return build_record(
        title=f"Parallel paper {n}" if n % 10 else "A title shared by every tenth record",
        abstract=f"Abstract {n}",
        arxiv_id=f"2402.{n:05d}",
        version=version,
        authors=[f"Shared Author {n % 7}", f"Author {n}"],
        categories=["cs.CL", f"cs.X{n % 3}"],
    )


def test_two_connections_create_update_and_leave_alone_like_one():
    records = [record(n) for n in range(300)]

    created = paper_upsert_many(records=records, source="test", batch_size=40, workers=2)
    again = paper_upsert_many(records=records, source="test", batch_size=40, workers=2)
    bumped = paper_upsert_many(
        records=[record(n, version=2) for n in range(0, 300, 3)] + records[1::3],
        source="test",
        batch_size=40,
        workers=2,
    )

    assert created.counts() == {"created": 300, "updated": 0, "unchanged": 0}
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 300}
    assert bumped.counts() == {"created": 0, "updated": 100, "unchanged": 100}
    assert Paper.objects.count() == 300
    assert Paper.objects.filter(version=2).count() == 100
    assert Authorship.objects.count() == 600
    assert sorted(set(created.changed_ids)) == sorted(Paper.objects.values_list("pk", flat=True))


@pytest.fixture
def no_autovacuum_on_papers():
    """Autovacuum merges GIN pending lists too (even when it only analyzes): keep it off."""
    table = Paper._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")


@pytest.mark.usefixtures("no_autovacuum_on_papers")
def test_the_search_indexes_pending_lists_can_be_merged_after_a_run():
    paper_upsert_many(records=[record(n) for n in range(50)], source="test")

    merged = merge_search_indexes.apply().get()

    assert merged > 0  # the run left its GIN entries pending; the task merged them
    assert merge_search_indexes.apply().get() == 0  # nothing is left pending
