"""Periodic upkeep of the counts that pages read instead of computing per request."""

from celery import shared_task
from django.conf import settings

from .search.stats import search_terms_refresh
from .trending import trending_refresh
from .votes import vote_counts_reconcile


@shared_task(acks_late=True)
def refresh_trending() -> int:
    """Celery beat: trending scores as of now (ages move on, votes leave the windows)."""
    return trending_refresh()


@shared_task(acks_late=True)
def reconcile_vote_counts() -> int:
    """Celery beat: each paper's vote_count equals its votes; returns the papers corrected."""
    return vote_counts_reconcile()


@shared_task(acks_late=True)
def count_search_terms() -> bool:
    """After ingest (and on beat): count the new papers' words, for half the soft time limit
    at a time, then go on in a fresh task. Batches commit with their mark: safe to run twice."""
    done = search_terms_refresh(budget=settings.CELERY_TASK_SOFT_TIME_LIMIT / 2)
    if not done:
        count_search_terms.delay()
    return done
