"""Which sources are due, and starting a run of one without ever running it twice at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from .models import IngestRun, Source


def source_run_enqueue(*, source: Source, trigger: str) -> IngestRun | None:
    """A queued run of the source; None while another run is active.

    The caller sends its task (tasks.run_dispatch), or runs it at once (the command).
    """
    try:
        with transaction.atomic():
            return IngestRun.objects.create(source=source, kind=source.kind, trigger=trigger)
    except IntegrityError:  # ingestrun_one_active_per_source
        return None


def sources_enqueue_due(*, now: datetime) -> list[IngestRun]:
    """Queue a run of every enabled source whose time has come, and book its next time.

    Each source is claimed by a conditional update on the next_run_at it was
    read with, so two beats (or a beat run twice) queue it once. Sources are a
    handful of rows: one claim each.
    """
    runs_fail_abandoned(now=now)
    due = Source.objects.filter(enabled=True).filter(
        Q(next_run_at__lte=now) | Q(next_run_at__isnull=True)
    )
    runs = []
    for source in due:
        first_time = source.next_run_at is None
        claimed = Source.objects.filter(pk=source.pk, next_run_at=source.next_run_at).update(
            next_run_at=source.next_run_after(now)
        )
        if claimed and not first_time:
            run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.SCHEDULE)
            runs.extend([run] if run else [])
    return runs


def runs_fail_abandoned(*, now: datetime) -> int:
    """Runs that made no progress for far longer than a task may live: their task is lost."""
    limit = now - timedelta(seconds=settings.INGEST_ABANDONED_AFTER_SECONDS)
    return (
        IngestRun.objects.filter(status__in=IngestRun.ACTIVE)
        .annotate(last_sign=Coalesce("heartbeat_at", "started_at", "queued_at"))
        .filter(last_sign__lt=limit)
        .update(
            status=IngestRun.Status.FAILED,
            finished_at=now,
            error="abandoned: no progress for "
            f"{settings.INGEST_ABANDONED_AFTER_SECONDS} seconds (its task was lost)",
        )
    )
