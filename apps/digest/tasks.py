"""Thin task shells over the digest services (routed to the `mail` queue).

The trigger is idempotent (a send record per subscription and day, created once), and a
send is claimed before its mail goes out (queued -> sending, one winner), so both
acknowledge late: a redelivered send finds its record claimed and sends nothing again.
"""

from datetime import datetime
from functools import partial

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction

from . import schedule, services


def retry_countdown(retries: int) -> float:
    """Seconds before the next attempt: doubling from DIGEST_RETRY_BACKOFF_SECONDS, capped."""
    delay = settings.DIGEST_RETRY_BACKOFF_SECONDS * 2**retries
    return float(min(delay, settings.DIGEST_RETRY_MAX_BACKOFF_SECONDS))


def sends_dispatch(send_ids: list[int]) -> None:
    for send_id in send_ids:
        transaction.on_commit(partial(send_digest.delay, send_id))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digests(at: str | None = None) -> int:
    """Celery beat, every few minutes: one send task per reader due (as if at `at`, ISO)."""
    moment = datetime.fromisoformat(at) if at else None
    send_ids = schedule.sends_create_due(at=moment) + schedule.sends_never_tried()
    sends_dispatch(send_ids)
    return len(send_ids)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def send_digest(self: Task, send_id: int) -> str:
    final = self.request.retries >= settings.DIGEST_SEND_RETRIES
    try:
        return services.digest_send(send_id=send_id, final_attempt=final)
    except services.SendFailed as error:
        raise self.retry(
            exc=error,
            countdown=retry_countdown(self.request.retries),
            max_retries=settings.DIGEST_SEND_RETRIES,
        ) from error


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def send_confirmation(self: Task, subscription_id: int) -> bool:
    try:
        return services.confirmation_send(subscription_id=subscription_id)
    except services.RETRYABLE as error:
        raise self.retry(
            exc=error,
            countdown=retry_countdown(self.request.retries),
            max_retries=settings.DIGEST_SEND_RETRIES,
        ) from error
