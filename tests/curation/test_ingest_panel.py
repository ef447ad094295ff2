"""The ingest panel: sources with their runs, papers per day, "run now" with progress."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.curation.models import AuditEntry
from apps.ingest.models import IngestRun, Kind, Source
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(name="cs-cl", kind=Kind.ARXIV_API, url="http://127.0.0.1:9/")


def test_the_panel_shows_sources_runs_and_papers_per_day(editor_client, source):
    IngestRun.objects.create(source=source, kind=source.kind, trigger="schedule",
                             status="failed", error="HTTP 503", created=4)  # fmt: skip
    for days_ago in (0, 0, 3):
        PaperFactory(ingested_at=timezone.now() - timedelta(days=days_ago))

    response = editor_client.get("/curate/ingest/")

    content = response.content.decode()
    bars = response.context["bars"]
    assert len(bars) == 30
    assert [bar.count for bar in bars][-4:] == [1, 0, 0, 2]
    assert response.context["total"] == 3
    assert "cs-cl" in content
    assert "HTTP 503" in content
    assert "<svg" in content


def test_run_now_enqueues_the_source_and_polls_its_progress(
    editor_client, source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor_client.post(f"/curate/ingest/sources/{source.pk}/run")

    run = IngestRun.objects.get()
    assert (run.trigger, run.status) == ("manual", "queued")
    assert len(callbacks) == 1  # the task is sent once the run is committed
    assert f'hx-get="/curate/ingest/runs/{run.pk}/"' in response.content.decode()
    assert AuditEntry.objects.filter(action="run now").exists()


def test_run_now_twice_does_not_start_a_second_run(editor_client, source):
    editor_client.post(f"/curate/ingest/sources/{source.pk}/run")
    response = editor_client.post(f"/curate/ingest/sources/{source.pk}/run")

    assert IngestRun.objects.count() == 1
    assert b"already under way" in response.content


def test_progress_stops_polling_once_the_run_ends(editor_client, source):
    run = IngestRun.objects.create(source=source, kind=source.kind, trigger="manual",
                                   status="succeeded", created=12, pages_fetched=2)  # fmt: skip

    content = editor_client.get(f"/curate/ingest/runs/{run.pk}/").content.decode()

    assert "succeeded" in content
    assert "12 new" in content
    assert "hx-get" not in content


def test_the_panel_reads_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries):
    for n in range(5):
        source = Source.objects.create(name=f"s{n}", kind=Kind.ARXIV_RSS, url="http://x.test/")
        for status in ("succeeded", "failed"):
            IngestRun.objects.create(source=source, kind=source.kind, trigger="schedule",
                                     status=status)  # fmt: skip

    with django_assert_max_num_queries(8):
        editor_client.get("/curate/ingest/")
