"""Tasks land on their own queues (settings CELERY_TASK_ROUTES), so each kind of work
can have workers of its own: `celery -A papers_site worker -Q ingest` takes ingest
tasks only, `-Q default` the rest (docs/deployment.md)."""

import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery import Celery

from papers_site.celery import app as celery_app
from papers_site.dev.pytest_plugin import MAX_REDIS_DB

from .conftest import BASE_DIR, _test_database_url


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("apps.ingest.tasks.ingest_source", "ingest"),
        ("apps.ingest.tasks.merge_search_indexes", "ingest"),
        ("apps.tagging.tasks.tag_papers", "tagging"),
        ("apps.digest.tasks.send_digests", "mail"),
        ("apps.papers.tasks.refresh_trending", "default"),
        ("apps.papers.tasks.reconcile_vote_counts", "default"),
        ("apps.papers.tasks.count_search_terms", "default"),
        ("apps.recommend.tasks.train_reader", "recommend"),
        ("apps.recommend.tasks.refresh_recommendations", "recommend"),
    ],
)
def test_each_kind_of_task_is_routed_to_its_queue(task, queue):
    assert celery_app.amqp.router.route({}, task)["queue"].name == queue


class Worker:
    def __init__(self, queues: str, env: dict[str, str], logfile) -> None:
        self.name = f"{queues}-{uuid.uuid4().hex[:8]}@{os.uname().nodename}"
        self.logfile = logfile
        # Its log ("Task <name>[<id>] received") goes to stderr: settings' LOGGING.
        with logfile.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "papers_site", "worker", "--pool=solo",
                 "--loglevel=INFO", "--without-mingle", "--without-gossip",
                 "--queues", queues, "--hostname", self.name],
                cwd=BASE_DIR, env={**env, "LOG_LEVEL": "INFO"}, stderr=log, stdout=log,
                start_new_session=True,
            )  # fmt: skip

    def log(self) -> str:
        return self.logfile.read_text()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def broker():
    """A Celery app on a Redis database of its own: no other test's worker (they consume
    "default" and "ingest" too) can take these tasks."""
    parts = urlsplit(os.environ["REDIS_URL"])
    url = urlunsplit(parts._replace(path=f"/{MAX_REDIS_DB}"))
    app = Celery("queues-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, result_backend=url)
    app.control.purge()
    yield app
    app.close()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_takes_only_the_tasks_of_its_queue(broker, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DATABASE_POOL": "false",
        "CELERY_BROKER_URL": broker.conf.broker_url,
        "CELERY_RESULT_BACKEND": broker.conf.result_backend,
    }
    ingest = Worker("ingest", env, tmp_path / "ingest.log")
    default = Worker("default", env, tmp_path / "default.log")
    try:
        for worker in (ingest, default):
            while not broker.control.ping(destination=[worker.name], timeout=0.5):
                assert worker.process.poll() is None, worker.log()

        ingest_task = broker.send_task("apps.ingest.tasks.ingest_due_sources")
        default_task = broker.send_task("apps.papers.tasks.refresh_trending")

        assert ingest_task.get(timeout=60) == []
        assert default_task.get(timeout=60) == 0
    finally:
        ingest.stop()
        default.stop()
    assert ingest_task.id in ingest.log()
    assert default_task.id not in ingest.log()
    assert default_task.id in default.log()
    assert ingest_task.id not in default.log()
