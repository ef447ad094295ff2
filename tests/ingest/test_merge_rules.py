import pytest

from apps.ingest.models import IngestRun, RawPayload
from apps.papers.models import Paper

from .conftest import data_path

pytestmark = pytest.mark.django_db


def categories(arxiv_id: str) -> set[str]:
    return set(Paper.objects.get(arxiv_id=arxiv_id).categories.values_list("code", flat=True))


def test_arxiv_api_pages_create_papers_with_authors_text_and_a_recorded_run(ingest_cli):
    code, counts = ingest_cli(
        "arxiv-api", data_path("arxiv_api/page1.xml"), data_path("arxiv_api/page2.xml")
    )

    paper = Paper.objects.get(arxiv_id="2401.10001")
    run = IngestRun.objects.get()
    assert (code, counts) == (
        0,
        {"created": 5, "updated": 0, "unchanged": 0, "rejected": 0, "adjusted": 0, "errors": []},
    )
    assert paper.authors_text == "Sehoon Kim, Suhong Moon, Ryan Tabrizi"
    assert paper.primary_category.code == "cs.CL"
    assert paper.source == "arxiv-api"
    assert (run.status, run.pages_fetched, run.created, run.trigger) == (
        "succeeded",
        2,
        5,
        "command",
    )


def test_higher_version_updates_and_lower_version_changes_nothing(ingest_cli):
    ingest_cli("arxiv-api", data_path("arxiv_api/page1.xml"))

    _, counts = ingest_cli("arxiv-api", data_path("arxiv_api/page1_v2.xml"))

    bumped = Paper.objects.get(arxiv_id="2401.10001")
    kept = Paper.objects.get(arxiv_id="2401.10002")
    assert (counts["updated"], counts["unchanged"]) == (1, 1)
    assert (bumped.version, bumped.title) == (
        2,
        "An LLM Compiler for Parallel Function Calling (revised)",
    )
    assert categories("2401.10001") == {"cs.CL", "cs.LG"}
    assert (kept.version, kept.title) == (
        2,
        "TSpec-LLM: An Open-source Dataset for LLM Understanding of 3GPP Specifications",
    )


def test_rss_cross_list_adds_a_category_to_the_known_paper_and_never_a_second_paper(ingest_cli):
    ingest_cli("arxiv-api", data_path("arxiv_api/page2.xml"))  # 2401.10004 in cs.CV, cs.CL

    code, counts = ingest_cli("arxiv-rss", data_path("arxiv_rss/cs.CL.xml"))

    assert code == 0
    assert Paper.objects.filter(arxiv_id="2401.10004").count() == 1
    assert categories("2401.10004") == {"cs.CV", "cs.CL", "cs.MM"}
    assert Paper.objects.get(arxiv_id="2401.10004").version == 1
    # replace-cross: a new version of a known paper, with its new categories
    assert Paper.objects.get(arxiv_id="2401.10005").version == 2
    assert categories("2401.10005") == {"cs.SE", "cs.CL", "cs.PL"}
    assert counts == {
        "created": 2,
        "updated": 2,
        "unchanged": 0,
        "rejected": 0,
        "adjusted": 0,
        "errors": [],
    }


def test_oai_harvest_bumps_versions_and_a_deleted_record_marks_the_paper_withdrawn(ingest_cli):
    ingest_cli("arxiv-api", data_path("arxiv_api/page1.xml"))

    ingest_cli(
        "arxiv-oai",
        data_path("arxiv_oai/list_records_1.xml"),
        data_path("arxiv_oai/list_records_2.xml"),
    )

    withdrawn = Paper.objects.get(arxiv_id="2401.10002")
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.title  # the paper stays, marked
    assert Paper.objects.get(arxiv_id="2401.10001").version == 2
    assert Paper.objects.filter(withdrawn_at__isnull=False).count() == 1


def test_withdrawal_of_an_unknown_paper_creates_nothing(ingest_cli):
    _, counts = ingest_cli("arxiv-oai", data_path("arxiv_oai/list_records_2.xml"))

    assert (counts["created"], counts["unchanged"]) == (1, 1)
    assert not Paper.objects.filter(arxiv_id="2401.10002").exists()


def test_hf_daily_keeps_the_raw_payload_and_does_not_override_arxiv_text(ingest_cli):
    ingest_cli("arxiv-api", data_path("arxiv_api/page1_v2.xml"))

    _, counts = ingest_cli("hf-daily", data_path("hf_daily/2024-01-19.json"))

    payload = RawPayload.objects.get(paper__arxiv_id="2401.10001", kind="hf-daily")
    assert payload.payload["paper"]["upvotes"] == 42
    assert Paper.objects.get(arxiv_id="2401.10001").title.endswith("(revised)")
    assert (counts["created"], counts["unchanged"]) == (2, 1)
    assert RawPayload.objects.count() == 3


def test_an_arxiv_record_adopts_the_demo_paper_with_the_same_title(ingest_cli, settings):
    ingest_cli("demo", str(settings.DEMO_LISTING_PATH))
    before = Paper.objects.count()

    ingest_cli("arxiv-api", data_path("arxiv_api/page1.xml"))

    adopted = Paper.objects.get(arxiv_id="2401.10001")
    assert Paper.objects.count() == before
    assert adopted.source == "demo"
    assert adopted.authors_text.startswith("Sehoon Kim")
