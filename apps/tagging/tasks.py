"""Thin task shells over the tagging services (routed to the `tagging` queue)."""

from celery import shared_task

from . import services, training


@shared_task(acks_late=True)
def tag_new_papers() -> dict[str, int]:
    """After ingest (and on beat): tag papers that are new or changed since their tagging;
    one batch a task, then a fresh task for the rest. Safe to run twice."""
    ids = services.papers_awaiting_tagging()
    counts = services.papers_tags_apply(paper_ids=ids)
    if len(ids) == services.BATCH_SIZE:
        tag_new_papers.delay()
    return counts.as_dict()


@shared_task(acks_late=True)
def retag_papers(run_id: int) -> bool:
    """One batch of a re-tagging run, then the next in a fresh task: resumable."""
    more = services.retag_run_step(run_id=run_id)
    if more:
        retag_papers.delay(run_id)
    return more


@shared_task
def train_tagger() -> int:
    """Celery beat and on demand: a new version, switched in only if no worse."""
    return training.tagger_train(activate="if-better", note="scheduled").pk
