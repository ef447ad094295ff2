"""paper_upsert_many: insert or update papers from normalised records, in bulk.

Each batch is COPYed into a temporary staging table, then merged with set-based
statements: a fixed number of them whatever the batch size, and rows that did
not change are never rewritten (so their search vector and index entries are
left alone). The SQL lives in `upsert_sql`.

Rules, per record, matched by arXiv id (else by normalised title among papers
without one):
- unknown: created (a withdrawal notice for an unknown paper is ignored);
- a higher arXiv version, or an unversioned record for an unversioned paper:
  updates whatever differs (empty fields keep what we know);
- a lower or equal version changes nothing, except that a cross-listing adds
  its categories and a withdrawal notice marks the paper withdrawn.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.ingest.records import PaperRecord

from . import upsert_sql as sql
from .identifiers import short_id_for

# Serialises concurrent upserts (several ingest workers) so two batches never
# race to insert the same paper; each batch holds it for one transaction.
UPSERT_LOCK_ID = 0x5041_5045  # "PAPE"


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)  # created or bumped papers

    def add(self, other: UpsertResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed_ids.extend(other.changed_ids)

    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


class Stopwatch:
    """Seconds spent per step, summed over batches (the benchmark reads it)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            with self._lock:
                self.seconds[name] += time.perf_counter() - start


def paper_upsert_many(
    *,
    records: Iterable[PaperRecord],
    source: str,
    batch_size: int | None = None,
    stopwatch: Stopwatch | None = None,
    workers: int | None = None,
) -> UpsertResult:
    """Create unseen papers and update changed ones; each batch commits on its own.

    More records than one batch, outside a transaction, go through `workers`
    database connections at once (PostgreSQL computes each paper's search
    vector on one core: more connections, more cores).
    """
    size = batch_size or settings.INGEST_BATCH_SIZE
    workers = settings.INGEST_UPSERT_WORKERS if workers is None else workers
    watch = stopwatch or Stopwatch()
    if workers > 1 and not connection.in_atomic_block:
        records = list(records)
        if len(records) > size:
            return _upsert_parallel(records, source=source, size=size, workers=workers, watch=watch)
    result = UpsertResult()
    for batch in _batches(records, size):
        result.add(_upsert_batch(batch, source=source, watch=watch))
    return result


def _upsert_parallel(
    records: list[PaperRecord], *, source: str, size: int, workers: int, watch: Stopwatch
) -> UpsertResult:
    """Split by title key (so no two connections can adopt one paper), one thread each.

    This connection holds the upsert lock for all of them; their batches are
    disjoint, and new authors and categories go in sorted order, so the
    threads cannot deadlock one another.
    """
    parts: list[list[PaperRecord]] = [[] for _ in range(workers)]
    for record in _latest_per_identity(records):
        parts[zlib.crc32(record.title_key.encode()) % workers].append(record)
    upsert_part = partial(_upsert_part, source=source, size=size, watch=watch)
    result = UpsertResult()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [UPSERT_LOCK_ID])
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for part_result in pool.map(upsert_part, parts):
                    result.add(part_result)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [UPSERT_LOCK_ID])
    result.unchanged = len(records) - result.created - result.updated
    return result


def _upsert_part(records: list[PaperRecord], *, source: str, size: int, watch: Stopwatch):
    try:
        result = UpsertResult()
        for batch in _batches(records, size):
            result.add(_upsert_batch(batch, source=source, watch=watch, locked=True))
        return result
    finally:
        connection.close()  # this thread's own connection


def _batches(records: Iterable[PaperRecord], size: int) -> Iterator[list[PaperRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _latest_per_identity(batch: list[PaperRecord]) -> list[PaperRecord]:
    latest: dict[str, PaperRecord] = {}
    for record in batch:
        seen = latest.get(record.identity)
        if seen is None or (record.version or 0) >= (seen.version or 0):
            latest[record.identity] = record
    return list(latest.values())


@transaction.atomic
def _upsert_batch(
    batch: list[PaperRecord], *, source: str, watch: Stopwatch, locked: bool = False
) -> UpsertResult:
    records = _latest_per_identity(batch)
    params = {"source": source, "now": timezone.now(), "published": "published"}
    with connection.cursor() as cursor:
        with watch.step("stage"):
            cursor.execute(sql.CREATE_STAGE)
            with cursor.cursor.copy(sql.COPY_STAGE) as copy:
                for ordinal, record in enumerate(records):
                    copy.write_row(_stage_row(ordinal, record))
            if not locked:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [UPSERT_LOCK_ID])
            # GIN entries go to the pending list; merging it into the index is left to
            # a separate task (and vacuum) instead of stalling the ingest.
            cursor.execute(
                "SELECT set_config('gin_pending_list_limit', %s, true)",
                [str(settings.INGEST_GIN_PENDING_LIST_KB)],
            )
        with watch.step("match"):
            for statement in sql.MATCH:
                cursor.execute(statement, params)
        with watch.step("links"):
            for statement in sql.BEFORE_PAPERS:
                cursor.execute(statement, params)
        with watch.step("papers"):
            cursor.execute(sql.UPDATE_PAPERS, params)
            cursor.execute(sql.WITHDRAW_PAPERS, params)
            insert, insert_params = sql.insert_papers(params)
            cursor.execute(insert, insert_params)
        with watch.step("links"):
            for statement in sql.AFTER_PAPERS:
                cursor.execute(statement, params)
        cursor.execute(sql.RESULTS)
        rows = cursor.fetchall()
    return _result(rows, received=len(batch))


def _stage_row(ordinal: int, record: PaperRecord) -> tuple:
    key = record.arxiv_id or record.title_key
    return (
        ordinal, record.arxiv_id, record.version, record.title, record.title_key,
        record.abstract, list(record.authors), ", ".join(record.authors),
        list(record.categories), record.published_at, record.updated_at, record.comment,
        record.journal_ref, record.doi, record.abs_url, record.pdf_url, record.withdrawn,
        record.cross_list, short_id_for(key) if key else "",
        None if record.raw is None else json.dumps(record.raw),
    )  # fmt: skip


def _result(rows: list[tuple[str, int, list[int]]], *, received: int) -> UpsertResult:
    """Rows are (action, count, paper_ids) per action; C created, U/M/W updated."""
    result = UpsertResult()
    for action, count, paper_ids in rows:
        if action == "C":
            result.created += count
        elif action in ("U", "M", "W"):
            result.updated += count
        if action in ("C", "U"):
            result.changed_ids.extend(paper_ids)
    result.unchanged = received - result.created - result.updated
    return result
