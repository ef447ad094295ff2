"""paper_upsert_many: insert or update papers from normalised records, in bulk.

Each batch is COPYed into a temporary staging table, then merged with set-based
statements: a fixed number of them whatever the batch size, and rows that did
not change are never rewritten (so their search vector and index entries are
left alone). The SQL lives in `upsert_sql`.

Rules, per record, matched by arXiv id, else by normalised title among papers
without one; a record without an arXiv id (the demo listing) also finds the
paper arXiv has since adopted or created under its title:
- unknown: created (a withdrawal notice for an unknown paper is ignored);
- a higher arXiv version, or an unversioned record for an unversioned paper
  (but never a record without an arXiv id for a paper with one):
  updates whatever differs (empty fields keep what we know);
- a lower or equal version changes nothing, except that a cross-listing adds
  its categories and a withdrawal notice marks the paper withdrawn.

Papers a newer version updated are announced by `signals.papers_revised`, inside
their batch's transaction (annotations re-anchor their quotes there).

A record the database still refuses (a constraint, a value out of range) is
rejected alone: its batch is rolled back and split until the record is by itself.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from ..identifiers import short_id_for
from ..models import Paper
from ..signals import papers_revised
from . import sql
from .records import PaperRecord

logger = logging.getLogger(__name__)

# Serialises concurrent upserts (several ingest workers) so two batches never
# race to insert the same paper; each batch holds it for one transaction.
UPSERT_LOCK_ID = 0x5041_5045  # "PAPE"


OnStored = Callable[[list[tuple[PaperRecord, int]]], None]


@dataclass(frozen=True)
class Options:
    source: str
    on_stored: OnStored | None
    status: str = "published"


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)  # created or bumped papers
    rejected: list[str] = field(default_factory=list)  # refused by the database, one each

    def add(self, other: UpsertResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed_ids.extend(other.changed_ids)
        self.rejected.extend(other.rejected)

    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def paper_upsert_many(
    *,
    records: Iterable[PaperRecord],
    source: str,
    batch_size: int | None = None,
    workers: int | None = None,
    on_stored: OnStored | None = None,
    status: str = "published",
) -> UpsertResult:
    """Create unseen papers and update changed ones; each batch commits on its own.

    More records than one batch, outside a transaction, go through `workers`
    database connections at once (PostgreSQL computes each paper's search
    vector on one core: more connections, more cores).

    `on_stored(pairs)` runs inside each batch's transaction with the (record,
    paper id) of every record that found or became a paper: the caller keeps
    what it holds beside the papers (ingest: the raw upstream items) with them.
    `status`: what a new paper starts as ("pending": it waits for review); an
    existing paper keeps its own.
    """
    size = batch_size or settings.INGEST_BATCH_SIZE
    workers = settings.INGEST_UPSERT_WORKERS if workers is None else workers
    options = Options(source=source, on_stored=on_stored, status=status)
    if workers > 1 and not connection.in_atomic_block:
        records = list(records)
        if len(records) > size:
            return _upsert_parallel(records, options=options, size=size, workers=workers)
    result = UpsertResult()
    for batch in _batches(records, size):
        result.add(_upsert_alone_if_refused(batch, options=options))
    return result


def _upsert_parallel(
    records: list[PaperRecord], *, options: Options, size: int, workers: int
) -> UpsertResult:
    """Split by title key (so no two connections can adopt one paper), one thread each.

    This connection holds the upsert lock for all of them; their batches are
    disjoint, and new authors and categories go in sorted order, so the
    threads cannot deadlock one another.
    """
    parts: list[list[PaperRecord]] = [[] for _ in range(workers)]
    for record in _latest_per_identity(records):
        parts[zlib.crc32(record.title_key.encode()) % workers].append(record)
    upsert_part = partial(_upsert_part, options=options, size=size)
    result = UpsertResult()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [UPSERT_LOCK_ID])
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for part_result in pool.map(upsert_part, parts):
                    result.add(part_result)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [UPSERT_LOCK_ID])
    result.unchanged = len(records) - result.created - result.updated - len(result.rejected)
    return result


def _upsert_part(records: list[PaperRecord], *, options: Options, size: int) -> UpsertResult:
    try:
        result = UpsertResult()
        for batch in _batches(records, size):
            result.add(_upsert_alone_if_refused(batch, options=options, locked=True))
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


def _upsert_alone_if_refused(
    batch: list[PaperRecord], *, options: Options, locked: bool = False
) -> UpsertResult:
    """The batch; if the database refuses it, each half again, down to the one bad record.

    A batch commits or rolls back whole, so without this one record that slipped
    past validation would lose all its good neighbours.
    """
    try:
        return _upsert_batch(batch, options=options, locked=locked)
    except (IntegrityError, DataError) as exc:
        if len(batch) > 1:
            middle = len(batch) // 2
            result = _upsert_alone_if_refused(batch[:middle], options=options, locked=locked)
            result.add(_upsert_alone_if_refused(batch[middle:], options=options, locked=locked))
            return result
        record = batch[0]
        name = f"arXiv {record.arxiv_id}" if record.arxiv_id else f"title {record.title[:80]!r}"
        reason = str(exc).strip().splitlines()[0]
        logger.warning("ingest: %s rejected by the database: %s", name, reason)
        return UpsertResult(rejected=[f"{name}: cannot be stored: {reason}"])


@transaction.atomic
def _upsert_batch(batch: list[PaperRecord], *, options: Options, locked: bool) -> UpsertResult:
    records = _latest_per_identity(batch)
    params: dict[str, Any] = {
        "source": options.source,
        "now": timezone.now(),
        "published": options.status,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.CREATE_STAGE)
        # psycopg's own cursor: its errors are made Django's, as execute() does.
        with connection.wrap_database_errors, cursor.cursor.copy(sql.COPY_STAGE) as copy:
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
        title_only = any(record.arxiv_id is None for record in records)
        for statement in (
            *sql.MATCH,
            *(sql.MATCH_TITLE_ONLY if title_only else ()),
            *sql.CLASSIFY,
            *sql.BEFORE_PAPERS,
            sql.UPDATE_PAPERS,
            sql.WITHDRAW_PAPERS,
        ):
            cursor.execute(statement, params)
        insert, insert_params = sql.insert_papers(params)
        cursor.execute(insert, insert_params)
        for statement in sql.AFTER_PAPERS:
            cursor.execute(statement, params)
        if options.on_stored is not None:
            cursor.execute(sql.STORED)
            options.on_stored([(records[ordinal], paper_id) for ordinal, paper_id in cursor])
        cursor.execute(sql.RESULTS)
        rows = cursor.fetchall()
    revised = [paper_id for action, _count, ids in rows if action == "U" for paper_id in ids]
    if revised:
        papers_revised.send(sender=Paper, paper_ids=revised)
    return _result(rows, received=len(batch))


def _stage_row(ordinal: int, record: PaperRecord) -> tuple:
    key = record.arxiv_id or record.title_key
    return (
        ordinal, record.arxiv_id, record.version, record.title, record.title_key,
        record.abstract, list(record.authors), ", ".join(record.authors),
        list(record.categories), record.published_at, record.updated_at, record.comment,
        record.journal_ref, record.doi, record.abs_url, record.pdf_url, record.withdrawn,
        record.cross_list, short_id_for(key) if key else "",
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
