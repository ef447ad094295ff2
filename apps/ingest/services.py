"""Ingest services: run a source or the command's inputs page by page, record every run.

Each page's papers are committed, then the source's cursor and the run's
counters: a run that fails or is killed keeps what it committed and the next
one resumes after the last page it recorded. A page that cannot be read stops
the run with its error; a bad record is rejected alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.papers.page_cache import SITE, scopes_bump
from apps.papers.upsert import PaperRecord, RecordError, UpsertResult, paper_upsert_many

from .documents import FeedError, Page
from .models import IngestRun, Source
from .pagers import Pages, file_pages, source_pages, url_pages
from .parsers.demo import parse_demo_listing
from .payloads import raw_payloads_save

logger = logging.getLogger(__name__)
MAX_REPORTED_ERRORS = 50
EMPTY_FEED = "empty feed: no entries at all"


@dataclass
class IngestReport:
    upsert: UpsertResult = field(default_factory=UpsertResult)
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    # Records stored after a value was cut or dropped to fit (PaperRecord.adjustments).
    adjusted: int = 0
    adjustments: list[str] = field(default_factory=list)

    def reject(self, error: Exception | str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(str(error))

    def adjust(self, record: PaperRecord) -> None:
        self.adjusted += 1
        if len(self.adjustments) < MAX_REPORTED_ERRORS:
            self.adjustments.append(f"{record.label}: {'; '.join(record.adjustments)}")

    def as_dict(self) -> dict:
        return {
            **self.upsert.counts(),
            "rejected": self.rejected,
            "adjusted": self.adjusted,
            "errors": self.errors,
        }


def ingest_records(
    *, items: Iterable[PaperRecord | RecordError], source: str, **upsert_options: Any
) -> IngestReport:
    """Upsert the good records; each bad one is counted and reported, never written.

    A record fitted to its columns is stored, and counted and reported as adjusted.
    """
    report = IngestReport()

    def good_records() -> Iterator[PaperRecord]:
        for item in items:
            if isinstance(item, RecordError):
                report.reject(item)
                continue
            if item.adjustments:
                report.adjust(item)
            yield item

    report.upsert = paper_upsert_many(
        records=good_records(),
        source=source,
        on_stored=partial(raw_payloads_save, kind=source),
        **upsert_options,
    )
    for error in report.upsert.rejected:  # refused by the database after validation
        report.reject(error)
    return report


def ingest_demo_listing(*, path: Path | str) -> IngestReport:
    """The demo listing straight into the database (no run recorded): for dev commands."""
    text = Path(path).read_text(encoding="utf-8")
    return ingest_records(items=parse_demo_listing(text), source="demo")


def source_run_execute(
    *, run_id: int, budget: float | None = None, stop_on: tuple[type[Exception], ...] = ()
) -> str:
    """Go on with a queued or running run until done or out of budget.

    Returns "done", "continue" (out of budget: enqueue it again) or "skipped"
    (the run is already finished: a repeated task does nothing). Exceptions of
    the `stop_on` types (a task's soft time limit) interrupt the run without
    failing it: they propagate, and what was committed stays.
    """
    now = timezone.now()
    claimed = IngestRun.objects.filter(pk=run_id, status__in=IngestRun.ACTIVE).update(
        status=IngestRun.Status.RUNNING, started_at=Coalesce("started_at", now), heartbeat_at=now
    )
    if not claimed:
        return "skipped"
    run = IngestRun.objects.select_related("source").get(pk=run_id)
    source = run.source
    if source is None:  # the source was deleted while its run waited
        _finish(run, error="the run's source no longer exists")
        return "done"
    deadline = None if budget is None else time.monotonic() + budget
    try:
        finished = _run_pages(run, partial(source_pages, source), deadline=deadline)
    except stop_on:
        raise
    except Exception as exc:
        _finish(run, error=_describe(exc))
        return "done"
    if not finished:
        return "continue"
    _finish(run)
    return "done"


def documents_ingest(*, kind: str, targets: list[str]) -> tuple[IngestRun, list[str]]:
    """The command: ingest files or URLs in one format; return the run and its errors."""
    run = IngestRun.objects.create(
        kind=kind,
        target="\n".join(targets),
        trigger=IngestRun.Trigger.COMMAND,
        status=IngestRun.Status.RUNNING,
        started_at=timezone.now(),
    )
    errors: list[str] = []
    for target in targets:
        read = url_pages if target.startswith(("http://", "https://")) else file_pages
        try:
            _run_pages(run, partial(read, kind, target), label=target)
        except Exception as exc:
            errors.append(f"{target}: {_describe(exc)}")
    _finish(run, error="\n".join(errors))
    return run, run.record_errors + errors


def _run_pages(
    run: IngestRun, pages: Callable[[], Pages], *, deadline: float | None = None, label: str = ""
) -> bool:
    """Commit page after page; False when the deadline came before the last page.

    Input with no entry at all is an error (an empty feed), unless it is a
    well-formed document that lists nothing (no results, nothing new, no
    announcement today: the page's note goes on the run); a source's run that
    got entries in an earlier task is not empty.
    """
    entries_before, empty_ok = _entries(run), False
    for page, cursor, last in pages():
        empty_ok = empty_ok or page.empty_ok
        _commit_page(run, page, cursor, label=label)
        if not last and deadline is not None and time.monotonic() > deadline:
            return False
    nothing_before = run.source_id is None or entries_before == 0
    if _entries(run) == entries_before and nothing_before and not empty_ok:
        raise FeedError(EMPTY_FEED)
    return True


def _entries(run: IngestRun) -> int:
    return run.created + run.updated + run.unchanged + run.rejected


def _commit_page(run: IngestRun, page: Page, cursor: dict, *, label: str) -> None:
    """The page's papers (in batches, each its own transaction), then cursor and counters.

    Stopping in between only means the page is fetched and upserted again,
    which changes nothing the second time.
    """
    held = run.source is not None and run.source.hold_for_review
    report = ingest_records(
        items=page.items, source=run.kind, status="pending" if held else "published"
    )
    with transaction.atomic():
        _record_page(run, report, cursor, label=label, note=page.note)
    if report.upsert.created or report.upsert.updated:
        scopes_bump([SITE])  # new or changed papers: every cached page may list them


def _record_page(
    run: IngestRun, report: IngestReport, cursor: dict, *, label: str, note: str = ""
) -> None:
    if label:
        report.errors = [f"{label}: {error}" for error in report.errors]
        report.adjustments = [f"{label}: {message}" for message in report.adjustments]
    note = f"{label}: {note}" if label and note else note
    if note and note not in run.note.splitlines():
        run.note = f"{run.note}\n{note}".strip()
    counts = report.upsert.counts()
    run.pages_fetched += 1
    run.created += counts["created"]
    run.updated += counts["updated"]
    run.unchanged += counts["unchanged"]
    run.rejected += report.rejected
    run.adjusted += report.adjusted
    run.record_errors = (run.record_errors + report.errors)[:MAX_REPORTED_ERRORS]
    run.record_adjustments = (run.record_adjustments + report.adjustments)[:MAX_REPORTED_ERRORS]
    run.heartbeat_at = timezone.now()
    run.save(
        update_fields=[*_COUNTERS, "record_errors", "record_adjustments", "note", "heartbeat_at"]
    )
    source = run.source if run.source_id is not None else None
    if source is not None and cursor != source.cursor:
        Source.objects.filter(pk=source.pk).update(cursor=cursor)
        source.cursor = cursor


_COUNTERS = ("pages_fetched", "created", "updated", "unchanged", "rejected", "adjusted")


def _finish(run: IngestRun, *, error: str = "") -> None:
    now = timezone.now()
    failed = bool(error)
    run.status = IngestRun.Status.FAILED if failed else IngestRun.Status.SUCCEEDED
    run.error, run.finished_at = error, now
    run.save(update_fields=["status", "error", "finished_at"])
    if run.source_id is None:
        return
    if failed:
        Source.objects.filter(pk=run.source_id).update(last_error=error, last_error_at=now)
    else:
        Source.objects.filter(pk=run.source_id).update(last_success_at=now, last_error="")


def _describe(exc: Exception) -> str:
    if isinstance(exc, FeedError):
        return str(exc)
    logger.exception("ingest run failed")
    return f"{type(exc).__name__}: {exc}"


def counts_line(run: IngestRun, errors: list[str]) -> dict:
    """The command's JSON line."""
    return {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "adjusted": run.adjusted,
        "errors": errors,
    }
