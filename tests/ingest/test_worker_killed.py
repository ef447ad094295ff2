"""A worker SIGKILLed in the middle of a multi-page run loses nothing.

The worker runs the prefork pool with late acknowledgement; killing its whole
process group leaves the task unacknowledged in Redis, which hands it to the
restarted worker after the (here shortened) visibility timeout. The run then
resumes from the cursor its committed pages left.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
from werkzeug import Response

from apps.ingest.models import IngestRun, Source
from apps.ingest.scheduling import source_run_enqueue
from apps.ingest.services import source_run_execute
from apps.ingest.tasks import ingest_source
from apps.papers.models import Authorship, Paper
from papers_site.celery import app as celery_app

from ..conftest import BASE_DIR, _test_database_url
from .atom import atom_entry, atom_feed
from .conftest import clear_http_cache

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
QUEUE = "ingest-kill-test"
PAGE_SIZE, PAGES = 2, 4
VISIBILITY_TIMEOUT = 8


class KillableWorker:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        name = f"kill-{uuid.uuid4().hex[:8]}@%h"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "papers_site", "worker", "--pool=prefork",
             "--concurrency=1", "--loglevel=WARNING", "--without-mingle", "--without-gossip",
             "--queues", QUEUE, "--hostname", name],
            cwd=BASE_DIR, env=self.env, start_new_session=True,
        )  # fmt: skip
        hostname = name.replace("%h", os.uname().nodename)
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=[hostname], timeout=0.5):
            assert self.process.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, "the worker did not answer a ping"

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def killable_worker(django_db_blocker):
    with django_db_blocker.unblock():
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "DATABASE_POOL": "false",
            "BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "INGEST_RATE_LIMIT_SECONDS": "0",
            "INGEST_HTTP_BACKOFF_SECONDS": "0.01",
        }
    workers: list[KillableWorker] = []

    def start() -> KillableWorker:
        worker = KillableWorker(env)
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()


def serve_pages(httpserver, *, block_at: int | None = None):
    """Four pages of two papers; the request for `block_at` waits until released."""
    reached, release = threading.Event(), threading.Event()

    def handler(request):
        start = int(request.args["start"])
        if start == block_at and not release.is_set():
            reached.set()
            release.wait(30)
        entries = [atom_entry(n) for n in range(start, start + PAGE_SIZE)]
        return Response(atom_feed(entries, total=PAGE_SIZE * PAGES, start=start))

    httpserver.expect_request("/api/query").respond_with_handler(handler)
    return reached, release


def database_state() -> list[tuple]:
    papers = Paper.objects.prefetch_related("categories").order_by("arxiv_id")
    return [
        (p.arxiv_id, p.version, p.title, p.abstract, p.authors_text,
         sorted(c.code for c in p.categories.all()), p.withdrawn_at)
        for p in papers
    ]  # fmt: skip


def new_source(httpserver, name: str) -> Source:
    return Source.objects.create(
        name=name, kind="arxiv-api", url=httpserver.url_for("/api/query"),
        categories=["cs.CL"], page_size=PAGE_SIZE,
    )  # fmt: skip


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_worker_killed_mid_run_loses_nothing_once_restarted(httpserver, killable_worker):
    serve_pages(httpserver)
    reference = source_run_enqueue(source=new_source(httpserver, "uninterrupted"), trigger="manual")
    source_run_execute(run_id=reference.pk)
    expected, expected_authorships = database_state(), Authorship.objects.count()
    Paper.objects.all().delete()
    clear_http_cache()
    httpserver.clear()
    reached, release = serve_pages(httpserver, block_at=2 * PAGE_SIZE)

    first = killable_worker()
    run = source_run_enqueue(source=new_source(httpserver, "killed"), trigger="manual")
    ingest_source.apply_async((run.pk,), queue=QUEUE)
    assert reached.wait(60), "the run never reached its third page"
    first.kill()
    release.set()

    assert Paper.objects.count() == 2 * PAGE_SIZE  # the two committed pages
    run.refresh_from_db()
    assert (run.status, run.pages_fetched) == ("running", 2)
    killable_worker()
    wait_for(lambda: IngestRun.objects.get(pk=run.pk).status == "succeeded", timeout=90)

    run.refresh_from_db()
    assert database_state() == expected
    assert len(expected) == PAGE_SIZE * PAGES
    assert Authorship.objects.count() == expected_authorships  # no author linked twice
    # Resumed at the cursor: only the page the kill cut off (start=4) was fetched again,
    # and the committed pages were not counted again.
    assert [int(request.args["start"]) for request, _ in httpserver.log] == [0, 2, 4, 4, 6]
    counts = (run.pages_fetched, run.created, run.updated, run.unchanged, run.rejected)
    assert counts == (PAGES, PAGE_SIZE * PAGES, 0, 0, 0)
    assert IngestRun.objects.filter(source=run.source).count() == 1
