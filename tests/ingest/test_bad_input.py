from pathlib import Path

import pytest

from apps.ingest.models import IngestRun
from apps.papers.models import Paper

from .conftest import data_path

pytestmark = pytest.mark.django_db
GOOD_PAGE = "arxiv_api/page2.xml"  # 2401.10004 and 2401.10005
GOOD_IDS = {"2401.10004", "2401.10005"}


def arxiv_ids() -> set[str]:
    return set(Paper.objects.values_list("arxiv_id", flat=True))


@pytest.mark.parametrize(
    ("bad_file", "message"),
    [
        ("bad/truncated.xml", "malformed or truncated XML in an arXiv API Atom feed"),
        ("bad/html_error.xml", "the server sent an HTML page titled '503 Service Unavailable'"),
        ("bad/entities.xml", "refused an arXiv API Atom feed: XML with a DTD or entity declar"),
        ("bad/empty_feed.xml", "empty feed: no entries at all"),
        ("nowhere/missing.xml", "cannot read"),
    ],
)
def test_an_unreadable_document_is_reported_and_its_neighbours_are_ingested(
    ingest_cli, bad_file, message
):
    code, counts = ingest_cli("arxiv-api", data_path(GOOD_PAGE), data_path(bad_file))

    run = IngestRun.objects.get()
    assert code == 1
    assert counts["created"] == 2
    assert len(counts["errors"]) == 1
    assert counts["errors"][0].startswith(data_path(bad_file))
    assert message in counts["errors"][0]
    assert message in run.error
    assert run.status == "failed"
    assert arxiv_ids() == GOOD_IDS


def test_the_entity_file_is_refused_before_anything_expands(ingest_cli):
    _, counts = ingest_cli("arxiv-api", data_path("bad/entities.xml"))

    assert "lol" not in counts["errors"][0]
    assert "passwd" not in counts["errors"][0]
    assert not Paper.objects.exists()


def test_a_record_without_title_is_rejected_alone(ingest_cli):
    code, counts = ingest_cli("arxiv-api", data_path("bad/missing_title.xml"))

    run = IngestRun.objects.get()
    assert code == 1
    assert (counts["created"], counts["rejected"]) == (2, 1)
    assert counts["errors"] == [
        f"{data_path('bad/missing_title.xml')}: arXiv 2401.10002: missing title"
    ]
    assert run.record_errors == counts["errors"]
    assert run.rejected == 1
    assert arxiv_ids() == {"2401.10001", "2401.10003"}


def test_absurdly_long_fields_are_cut_and_their_papers_kept(ingest_cli):
    code, counts = ingest_cli("arxiv-api", data_path("bad/long_fields.xml"))

    run = IngestRun.objects.get()
    assert code == 0
    assert (counts["created"], counts["rejected"], counts["adjusted"]) == (3, 0, 2)
    assert run.record_adjustments == [
        f"{data_path('bad/long_fields.xml')}: arXiv 2401.10002: "
        "abstract cut from 54999 to 20000 characters",
        f"{data_path('bad/long_fields.xml')}: arXiv 2401.10003: "
        "title cut from 1518 to 1000 characters",
    ]
    assert arxiv_ids() == {"2401.10001", "2401.10002", "2401.10003"}


def test_a_record_without_an_abstract_is_kept(ingest_cli, tmp_path):
    listing = tmp_path / "daily.json"
    listing.write_text('[{"paper": {"id": "2401.10001", "title": "A title"}}]')

    code, counts = ingest_cli("hf-daily", str(listing))

    assert (code, counts["created"], counts["adjusted"]) == (0, 1, 0)
    assert Paper.objects.get().abstract == ""


def test_malformed_json_and_a_json_object_are_refused(ingest_cli, tmp_path):
    broken, wrong = tmp_path / "broken.json", tmp_path / "wrong.json"
    broken.write_text('[{"paper": {"id": "2401.10001", "title": "A')
    wrong.write_text('{"error": "Invalid date"}')

    code, counts = ingest_cli("hf-daily", str(broken), str(wrong))

    assert code == 1
    assert "malformed JSON in a Hugging Face daily-papers list" in counts["errors"][0]
    assert "the JSON is a dict" in counts["errors"][1]
    assert not Paper.objects.exists()


def test_control_and_zero_width_characters_are_removed(ingest_cli, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        Path(data_path("arxiv_api/page2.xml"))
        .read_bytes()
        .replace(
            b"TinyGPT-V: Efficient Multimodal",
            "Tiny\u200bGPT\u00ad-V:\u2028Efficient\u00a0Multimodal".encode(),
        )
    )

    ingest_cli("arxiv-api", str(feed))

    assert Paper.objects.filter(
        title="TinyGPT-V: Efficient Multimodal Large Language Model via Small Backbones"
    ).exists()
