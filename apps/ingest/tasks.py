from celery import shared_task

from . import services


# Upserts are idempotent, so a task lost with its worker may safely run again.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def ingest_demo_listing(path: str) -> dict:
    return services.ingest_demo_listing(path=path).as_dict()
