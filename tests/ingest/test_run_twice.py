"""Every format ingested twice: the second time changes nothing and doubles nothing."""

import pytest
from django.conf import settings

from apps.ingest.models import RawPayload
from apps.papers.models import Author, Authorship, Paper

from .conftest import data_path

pytestmark = pytest.mark.django_db
INPUTS = {
    "arxiv-api": ["arxiv_api/page1.xml", "arxiv_api/page2.xml"],
    "arxiv-oai": [
        "arxiv_oai/list_records_1.xml",
        "arxiv_oai/list_records_2.xml",
        "arxiv_oai/arxiv_format.xml",
    ],
    "arxiv-rss": ["arxiv_rss/cs.CL.xml"],
    "hf-daily": ["hf_daily/2024-01-19.json"],
}


def snapshot() -> dict:
    return {
        "papers": sorted(
            Paper.objects.values_list("arxiv_id", "title_key", "version", "modified_at")
        ),
        "authors": Author.objects.count(),
        "authorships": Authorship.objects.count(),
        "categories": Paper.categories.through.objects.count(),
        "payloads": sorted(RawPayload.objects.values_list("paper_id", "fetched_at")),
    }


@pytest.mark.parametrize("kind", [*INPUTS, "demo"])
def test_ingesting_twice_creates_and_changes_nothing_the_second_time(ingest_cli, kind):
    files = (
        [str(settings.DEMO_LISTING_PATH)]
        if kind == "demo"
        else [data_path(name) for name in INPUTS[kind]]
    )
    _, first = ingest_cli(kind, *files)
    before = snapshot()

    _, second = ingest_cli(kind, *files)

    assert first["created"] > 0
    assert (second["created"], second["updated"]) == (0, 0)
    assert second["unchanged"] == first["created"] + first["updated"] + first["unchanged"]
    assert snapshot() == before


def test_all_formats_together_twice_make_one_paper_per_arxiv_id(ingest_cli):
    every_file = {kind: [data_path(name) for name in names] for kind, names in INPUTS.items()}
    for _ in range(2):
        for kind, files in every_file.items():
            ingest_cli(kind, *files)

    ids = list(Paper.objects.values_list("arxiv_id", flat=True))
    assert len(ids) == len(set(ids)) == 9
