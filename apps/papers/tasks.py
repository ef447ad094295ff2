"""Periodic upkeep of the counts that pages read instead of computing per request."""

from celery import shared_task

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
