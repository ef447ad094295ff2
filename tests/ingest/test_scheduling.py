from datetime import timedelta

import pytest
from django.utils import timezone

from apps.ingest import tasks
from apps.ingest.models import IngestRun, Source
from apps.ingest.scheduling import runs_fail_abandoned, source_run_enqueue, sources_enqueue_due
from apps.papers.models import Paper

from .conftest import data_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The ingest tasks sent to the broker, by name and arguments."""
    sent: list[tuple[str, tuple]] = []
    for task in (tasks.ingest_source, tasks.merge_search_indexes, tasks.count_search_terms):
        monkeypatch.setattr(task, "delay", lambda *a, _n=task.name: sent.append((_n, a)))
    return sent


def make_source(**fields) -> Source:
    defaults = {"name": "rss-cl", "kind": "arxiv-rss", "url": "http://127.0.0.1:9/rss/cs.CL"}
    return Source.objects.create(**{**defaults, **fields})


def test_a_due_source_is_queued_once_and_booked_for_its_next_time(
    queued, django_capture_on_commit_callbacks
):
    now = timezone.now()
    source = make_source(schedule="*/10 * * * *", next_run_at=now - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        runs = sources_enqueue_due(now=now)
        again = sources_enqueue_due(now=now)

    source.refresh_from_db()
    assert [run.trigger for run in runs] == ["schedule"]
    assert again == []
    assert now < source.next_run_at <= now + timedelta(minutes=10)


def test_the_beat_task_sends_each_due_run_its_task_once(queued, django_capture_on_commit_callbacks):
    now = timezone.now()
    make_source(schedule="*/10 * * * *", next_run_at=now - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        run_ids = tasks.ingest_due_sources.apply().get()
        again = tasks.ingest_due_sources.apply().get()

    assert again == []
    assert queued == [("apps.ingest.tasks.ingest_source", (run_ids[0],))]


def test_disabled_and_new_sources_are_not_run(queued):
    now = timezone.now()
    make_source(name="off", enabled=False, next_run_at=now - timedelta(hours=1))
    new = make_source(name="new")

    assert sources_enqueue_due(now=now) == []
    new.refresh_from_db()
    assert new.next_run_at > now


def test_a_source_with_an_active_run_is_not_queued_again(queued):
    source = make_source()

    first = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)
    second = source_run_enqueue(source=source, trigger=IngestRun.Trigger.SCHEDULE)

    assert first is not None
    assert second is None
    assert IngestRun.objects.count() == 1


def test_a_run_whose_task_was_lost_is_marked_failed(settings):
    source = make_source()
    run = IngestRun.objects.create(source=source, kind=source.kind, trigger="schedule")
    later = timezone.now() + timedelta(seconds=settings.INGEST_ABANDONED_AFTER_SECONDS + 1)

    assert runs_fail_abandoned(now=later) == 1

    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("abandoned")


def test_the_ingest_task_twice_runs_the_work_once(httpserver, queued):
    httpserver.expect_request("/rss").respond_with_data(
        data_bytes("arxiv_rss/cs.CL.xml"), content_type="application/rss+xml"
    )
    source = make_source(url=httpserver.url_for("/rss"))
    run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)

    first = tasks.ingest_source.apply(args=[run.pk]).get()
    second = tasks.ingest_source.apply(args=[run.pk]).get()

    run.refresh_from_db()
    assert (first, second) == ("done", "skipped")
    assert (run.status, run.created) == ("succeeded", 4)
    assert len(httpserver.log) == 1
    assert Paper.objects.count() == 4


def test_a_run_that_wrote_papers_queues_the_index_merge_and_the_word_count_once_done(
    httpserver, queued, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/rss").respond_with_data(
        data_bytes("arxiv_rss/cs.CL.xml"), content_type="application/rss+xml"
    )
    run = source_run_enqueue(source=make_source(url=httpserver.url_for("/rss")), trigger="manual")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.ingest_source.apply(args=[run.pk]).get()
        tasks.ingest_source.apply(args=[run.pk]).get()  # skipped: queues nothing

    assert queued == [
        ("apps.ingest.tasks.merge_search_indexes", ()),
        ("apps.papers.tasks.count_search_terms", ()),
    ]


def test_the_command_runs_a_configured_source_now(httpserver, ingest_cli):
    httpserver.expect_request("/rss").respond_with_data(
        data_bytes("arxiv_rss/cs.CL.xml"), content_type="application/rss+xml"
    )
    make_source(url=httpserver.url_for("/rss"))

    code, counts = ingest_cli("--source", "rss-cl")

    run = IngestRun.objects.get()
    assert (code, counts["created"], counts["errors"]) == (0, 4, [])
    assert (run.trigger, run.status) == ("manual", "succeeded")


def test_run_now_in_the_admin_queues_a_run(
    admin_client, queued, django_capture_on_commit_callbacks
):
    source = make_source()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/ingest/source/", {"action": "run_now", "_selected_action": [source.pk]}
        )

    assert response.status_code == 302
    assert IngestRun.objects.get().trigger == "manual"
    assert [name for name, _ in queued] == ["apps.ingest.tasks.ingest_source"]


def test_the_admin_lists_sources_and_runs(admin_client):
    source = make_source()
    IngestRun.objects.create(source=source, kind=source.kind, trigger="schedule", error="boom")

    assert admin_client.get("/admin/ingest/source/").status_code == 200
    assert admin_client.get(f"/admin/ingest/source/{source.pk}/change/").status_code == 200
    assert admin_client.get("/admin/ingest/ingestrun/").status_code == 200
