"""Celery tasks of the recommender, on the `recommend` queue (settings CELERY_TASK_ROUTES):
thin shells over idempotent services, each working for part of the soft time limit and
going on in a fresh task when more is left."""

from celery import shared_task
from django.conf import settings

# The services are imported inside each task: web processes import this module to queue
# tasks, and scikit-learn / SciPy would cost each of them ~90 MB for nothing.


@shared_task(acks_late=True)
def refresh_recommendations() -> bool:
    """Beat, every two minutes: features and similar papers for papers that have none
    (new ones after an ingest), then for the rest after a rebuild."""
    from .similar import recommend_refresh

    done = recommend_refresh(budget=settings.CELERY_TASK_SOFT_TIME_LIMIT / 2)
    if not done:
        refresh_recommendations.delay()
    return done


@shared_task(acks_late=True)
def rebuild_recommendations() -> None:
    """Beat, daily: a new vocabulary; every paper's vector and neighbours follow."""
    from .similar import space_fit_and_save

    space_fit_and_save()
    refresh_recommendations.delay()


@shared_task(acks_late=True)
def train_reader(user_id: int) -> int:
    """A reader's model and ranked papers; returns how many were kept."""
    from .foryou import reader_train

    return len(reader_train(user_id=user_id).paper_ids)
