"""A feed that lists nothing today is a normal answer; a blank document is not."""

import pytest

from apps.ingest.models import IngestRun, Source
from apps.ingest.scheduling import source_run_enqueue
from apps.ingest.services import source_run_execute

from .conftest import data_bytes, data_path

pytestmark = pytest.mark.django_db
NOTHING = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "adjusted": 0, "errors": []}


@pytest.mark.parametrize(
    ("kind", "name", "note"),
    [
        ("arxiv-rss", "arxiv_rss/weekend.xml", "the RSS feed lists no items"),
        ("hf-daily", "hf_daily/2024-01-20.json", "the daily-papers list is empty"),
        ("arxiv-api", "arxiv_api/no_results.xml", "the arXiv API found nothing"),
        ("arxiv-oai", "arxiv_oai/no_records.xml", "nothing new (noRecordsMatch)"),
    ],
)
def test_a_well_formed_feed_listing_nothing_succeeds_with_a_note(ingest_cli, kind, name, note):
    code, counts = ingest_cli(kind, data_path(name))

    run = IngestRun.objects.get()
    assert (code, counts) == (0, NOTHING)
    assert (run.status, run.error) == ("succeeded", "")
    assert run.note.startswith(data_path(name))
    assert note in run.note


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        ("arxiv-rss", b"", "empty document: expected an arXiv RSS feed"),
        ("arxiv-rss", b"  \n", "empty document: expected an arXiv RSS feed"),
        ("hf-daily", b"", "empty document: expected a Hugging Face daily-papers list"),
        ("arxiv-api", data_bytes("bad/empty_feed.xml"), "empty feed: no entries at all"),
        ("demo", b"\n\n", "the listing holds no papers"),
    ],
)
def test_a_blank_document_or_a_feed_without_its_count_stays_an_error(
    ingest_cli, tmp_path, kind, content, message
):
    path = tmp_path / "feed"
    path.write_bytes(content)

    code, counts = ingest_cli(kind, str(path))

    run = IngestRun.objects.get()
    assert code == 1
    assert counts["errors"] == [f"{path}: {message}"]
    assert (run.status, run.note) == ("failed", "")


def test_a_scheduled_rss_source_on_a_weekend_records_a_success(httpserver):
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        data_bytes("arxiv_rss/weekend.xml"), content_type="application/rss+xml"
    )
    source = Source.objects.create(
        name="cs-cl-rss", kind="arxiv-rss", url=httpserver.url_for("/rss/cs.CL")
    )
    run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)

    source_run_execute(run_id=run.pk)

    run.refresh_from_db()
    source.refresh_from_db()
    assert (run.status, run.pages_fetched, run.created) == ("succeeded", 1, 0)
    assert "no announcement today" in run.note
    assert (source.last_success_at is not None, source.last_error) == (True, "")
