"""Every value is checked against its column before staging: a misfit rejects its record only."""

import json

import pytest

from apps.ingest.models import RawPayload
from apps.papers.models import Paper
from apps.papers.upsert import RecordError, build_record

from .conftest import data_path

pytestmark = pytest.mark.django_db


def test_values_that_do_not_fit_their_columns_reject_their_records_only(ingest_cli):
    code, counts = ingest_cli("arxiv-api", data_path("bad/column_limits.xml"))

    assert code == 1
    assert (counts["created"], counts["rejected"]) == (1, 3)
    errors = [error.split(": ", 1)[1] for error in counts["errors"]]
    assert errors == [
        "arXiv 2401.10004: version 99999 is out of range (1 to 32767)",
        "arXiv averyveryverylongarchivenamethatgoeson/0101001: "
        "the arXiv id is longer than 32 characters",
        "arXiv 2401.10006: a category is longer than 32 characters",
    ]
    assert list(Paper.objects.values_list("arxiv_id", flat=True)) == ["2401.10005"]


GOOD = {"title": "A title", "arxiv_id": "2401.00001", "version": 1}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"version": 0}, "version 0 is out of range (1 to 32767)"),
        ({"version": 32_768}, "version 32768 is out of range (1 to 32767)"),
        ({"version": 2**40}, "version 1099511627776 is out of range (1 to 32767)"),
        ({"arxiv_id": "a" * 30 + "/0101001"}, "the arXiv id is longer than 32 characters"),
        ({"doi": "10.1/" + "x" * 300}, "doi is longer than 200 characters"),
        ({"abs_url": "https://arxiv.org/" + "x" * 500}, "abs_url is longer than 500 characters"),
        ({"pdf_url": "https://arxiv.org/" + "x" * 500}, "pdf_url is longer than 500 characters"),
        ({"comment": "x" * 2_001}, "comment is longer than 2000 characters"),
        ({"journal_ref": "x" * 2_001}, "journal_ref is longer than 2000 characters"),
        ({"categories": ["cs." + "X" * 30]}, "a category is longer than 32 characters"),
        ({"categories": ["cs.CL", "cs CL"]}, "invalid category code 'cs CL'"),
        ({"categories": ["cs.\x00CL"]}, "invalid category code 'cs.\\x00CL'"),
        ({"authors": ["A" * 301]}, "an author name is longer than 300 characters"),
        ({"authors": ["A"] * 3_000}, None),  # the same name twice is one author
        ({"authors": [f"A{n}" for n in range(2_001)]}, "2001 authors (limit 2000)"),
        ({"title": "T" * 1_001}, "title is 1001 characters (limit 1000)"),
        ({"abstract": "A" * 20_001}, "abstract is 20001 characters (limit 20000)"),
    ],
)
def test_build_record_rejects_each_value_its_column_cannot_hold(fields, message):
    if message is None:
        assert build_record(**{**GOOD, **fields})
        return
    with pytest.raises(RecordError) as raised:
        build_record(**{**GOOD, **fields})
    assert str(raised.value).endswith(message)


def test_the_largest_values_that_fit_are_stored():
    record = build_record(
        title="T" * 1_000,
        arxiv_id="a" * 24 + "/0101001",
        version=32_767,
        doi="1" * 200,
        abs_url="https://arxiv.org/" + "x" * 482,
        categories=["c" * 32],
        authors=["A" * 300],
    )
    from apps.papers.upsert import paper_upsert_many

    result = paper_upsert_many(records=[record], source="test")

    assert result.created == 1
    assert Paper.objects.get().version == 32_767


def test_a_lone_surrogate_in_an_hf_payload_is_dropped_not_fatal(ingest_cli, tmp_path):
    listing = tmp_path / "daily.json"
    item = {"paper": {"id": "2401.10001", "title": "A title"}, "submittedBy": "x\\ud800y"}
    listing.write_text(json.dumps([item]).replace("\\\\ud800", "\\ud800"))

    code, counts = ingest_cli("hf-daily", str(listing))

    assert (code, counts["created"]) == (0, 1)
    assert RawPayload.objects.get().payload["submittedBy"] == "xy"
