"""Thin task shells over the ingest services.

The ingest tasks are idempotent (upserts keyed by arXiv id; a run's pages and
cursor commit together; a finished run is skipped), so they acknowledge late
and go back to the queue when their worker dies mid-run.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from . import indexes, scheduling, services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def ingest_demo_listing(path: str) -> dict:
    run, errors = services.documents_ingest(kind="demo", targets=[path])
    return services.counts_line(run, errors)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def ingest_source(self, run_id: int) -> str:
    """Go on with a run for a while; a long run continues in a fresh task, on the same queue."""
    try:
        outcome = services.source_run_execute(
            run_id=run_id, budget=settings.INGEST_TASK_BUDGET_SECONDS
        )
    except SoftTimeLimitExceeded:  # a slow page: what it committed stays, the rest goes on
        outcome = "continue"
    if outcome == "continue":
        queue = (self.request.delivery_info or {}).get("routing_key")
        ingest_source.apply_async((run_id,), **({"queue": queue} if queue else {}))
    return outcome


@shared_task(acks_late=True, reject_on_worker_lost=True)
def ingest_due_sources() -> list[int]:
    """Celery beat, every minute: queue the sources whose schedule says so."""
    return [run.pk for run in scheduling.sources_enqueue_due(now=timezone.now())]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def tag_papers(paper_ids: list[int]) -> int:
    """The tagging step after papers are created or bumped: a no-op until tagging exists."""
    return len(paper_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def merge_search_indexes() -> int:
    """After a run wrote papers: merge the GIN pending lists (another worker, another core)."""
    return indexes.search_indexes_merge_pending()
