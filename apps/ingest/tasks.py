"""Thin task shells over the ingest services, and the follow-up work they queue.

The ingest tasks are idempotent (upserts keyed by arXiv id; a run's pages and
cursor commit together; a finished run is skipped), so they acknowledge late
and go back to the queue when their worker dies mid-run.
"""

from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.papers.tasks import count_search_terms
from apps.tagging.tasks import tag_new_papers

from . import indexes, scheduling, services
from .models import IngestRun


@shared_task(acks_late=True, reject_on_worker_lost=True)
def ingest_demo_listing(path: str) -> dict:
    run, errors = services.documents_ingest(kind="demo", targets=[path])
    index_merge_dispatch(run)
    return services.counts_line(run, errors)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def ingest_source(self: Task, run_id: int) -> str:
    """Go on with a run for a while; a long run continues in a fresh task, on the same queue."""
    try:
        outcome = services.source_run_execute(
            run_id=run_id,
            budget=settings.INGEST_TASK_BUDGET_SECONDS,
            stop_on=(SoftTimeLimitExceeded,),
        )
    except SoftTimeLimitExceeded:  # a slow page: what it committed stays, the rest goes on
        outcome = "continue"
    if outcome == "continue":
        queue = (self.request.delivery_info or {}).get("routing_key")
        options: dict[str, Any] = {"queue": queue} if queue else {}
        ingest_source.apply_async((run_id,), **options)
    elif outcome == "done":
        index_merge_dispatch(IngestRun.objects.get(pk=run_id))
    return outcome


@shared_task(acks_late=True, reject_on_worker_lost=True)
def ingest_due_sources() -> list[int]:
    """Celery beat, every minute: queue the sources whose schedule says so."""
    runs = scheduling.sources_enqueue_due(now=timezone.now())
    for run in runs:
        run_dispatch(run)
    return [run.pk for run in runs]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def merge_search_indexes() -> int:
    """After a run wrote papers: merge the GIN pending lists (another worker, another core)."""
    return indexes.search_indexes_merge_pending()


def run_dispatch(run: IngestRun) -> None:
    """Send a queued run's task once the run's row is committed."""
    transaction.on_commit(lambda: ingest_source.delay(run.pk))


def index_merge_dispatch(run: IngestRun) -> None:
    """A run that wrote papers left GIN pending lists, and new words for search to count
    (papers' task), tags (tagging's task): other tasks."""
    if run.created or run.updated:
        transaction.on_commit(merge_search_indexes.delay)
        transaction.on_commit(tag_new_papers.delay)  # new and bumped papers get their tags
    if run.created:
        transaction.on_commit(count_search_terms.delay)
