"""Thin task shells over the curation services."""

from celery import shared_task

from .services.submissions import submission_fetch


@shared_task(acks_late=True, reject_on_worker_lost=True)
def fetch_submission(submission_id: int) -> str:
    """Idempotent: a finished submission is left alone."""
    return submission_fetch(submission_id=submission_id).state
