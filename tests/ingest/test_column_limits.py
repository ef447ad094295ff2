"""Every value is fitted to its column before staging: only what cannot be a paper is rejected."""

import json
from pathlib import Path

import pytest

from apps.ingest.models import IngestRun, RawPayload
from apps.papers.models import Paper
from apps.papers.upsert import RecordError, build_record, paper_upsert_many

from .conftest import data_path

pytestmark = pytest.mark.django_db
GOOD = {"title": "A title", "arxiv_id": "2401.00001", "version": 1}
COLLABORATION = ", ".join(f"Author{n} Surname{n}" for n in range(40)) + " and Last Author"


def test_misfits_are_fitted_and_only_bad_identifiers_reject_their_records(ingest_cli):
    code, counts = ingest_cli("arxiv-api", data_path("bad/column_limits.xml"))

    run = IngestRun.objects.get()
    assert code == 1
    assert (counts["created"], counts["rejected"], counts["adjusted"]) == (2, 2, 1)
    errors = [error.split(": ", 1)[1] for error in counts["errors"]]
    assert errors == [
        "arXiv 2401.10004: version 99999 is out of range (1 to 32767)",
        "arXiv averyveryverylongarchivenamethatgoeson/0101001: "
        "the arXiv id is longer than 32 characters",
    ]
    assert run.adjusted == 1
    assert run.record_adjustments == [
        f"{data_path('bad/column_limits.xml')}: arXiv 2401.10006: "
        "category codes dropped: 'cs.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'"
    ]
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"2401.10005", "2401.10006"}
    assert not Paper.objects.get(arxiv_id="2401.10006").categories.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"version": 0}, "version 0 is out of range (1 to 32767)"),
        ({"version": 32_768}, "version 32768 is out of range (1 to 32767)"),
        ({"version": 2**40}, "version 1099511627776 is out of range (1 to 32767)"),
        ({"arxiv_id": "a" * 30 + "/0101001"}, "the arXiv id is longer than 32 characters"),
        ({"title": " \x00 "}, "arXiv 2401.00001: missing title"),
        ({"title": "", "arxiv_id": None}, "missing title"),
        ({"title": "?!", "arxiv_id": None}, "title has no letters or digits: '?!'"),
    ],
)
def test_build_record_rejects_what_cannot_be_a_paper(fields, message):
    with pytest.raises(RecordError) as raised:
        build_record(**{**GOOD, **fields})
    assert str(raised.value).endswith(message)


@pytest.mark.parametrize(
    ("fields", "name", "stored", "note"),
    [
        (
            {"title": "T" * 1_001},
            "title",
            "T" * 999 + "…",
            "title cut from 1001 to 1000 characters",
        ),
        (
            {"abstract": "A" * 20_001},
            "abstract",
            "A" * 19_999 + "…",
            "abstract cut from 20001 to 20000 characters",
        ),
        (
            {"comment": "x" * 2_001},
            "comment",
            "x" * 1_999 + "…",
            "comment cut from 2001 to 2000 characters",
        ),
        (
            {"journal_ref": "J" * 2_001},
            "journal_ref",
            "J" * 1_999 + "…",
            "journal_ref cut from 2001 to 2000 characters",
        ),
        ({"doi": "10.1/" + "x" * 300}, "doi", "", "doi dropped: 305 characters (limit 200)"),
        (
            {"abs_url": "https://arxiv.org/" + "x" * 500},
            "abs_url",
            "",
            "abs_url dropped: 518 characters (limit 500)",
        ),
        ({"pdf_url": "javascript:alert(1)"}, "pdf_url", "", "pdf_url dropped: not an http(s) link"),
        (
            {"categories": ["cs." + "X" * 30]},
            "categories",
            (),
            f"category codes dropped: {'cs.' + 'X' * 30!r}",
        ),
        (
            {"categories": ["cs CL", "cs.CL", "cs.\x00AI"]},
            "categories",
            ("cs.CL",),
            "category codes dropped: 'cs CL', 'cs. AI'",
        ),
        (
            {"authors": ["A" * 301]},
            "authors",
            ("A" * 299 + "…",),
            "an author name cut from 301 to 300 characters",
        ),
        (
            {"authors": ["Aad, G., Abbott, B., " * 20]},
            "authors",
            (("Aad, G., Abbott, B., " * 20)[:299].rstrip() + "…",),
            "an author name cut from 419 to 300 characters",
        ),
        (
            {"authors": ["Ann Lee", COLLABORATION]},
            "authors",
            ("Ann Lee", *(f"Author{n} Surname{n}" for n in range(40)), "Last Author"),
            f"an author name of {len(COLLABORATION)} characters split into 41 names",
        ),
        (
            {"authors": [f"A{n}" for n in range(2_001)]},
            "authors",
            tuple(f"A{n}" for n in range(2_000)),
            "2001 authors, the first 2000 kept",
        ),
    ],
)
def test_build_record_fits_each_value_its_column_cannot_hold(fields, name, stored, note):
    record = build_record(**{**GOOD, **fields})

    assert getattr(record, name) == stored
    assert record.adjustments == (note,)
    assert name in record.raw["original"]


def test_a_record_that_fits_is_not_adjusted():
    record = build_record(**GOOD, abstract=None, authors=["A"] * 3_000, categories=["cs.CL"])

    assert (record.abstract, record.authors, record.adjustments, record.raw) == (
        "",
        ("A",),
        (),
        None,
    )


def test_the_largest_values_that_fit_are_stored_as_they_are():
    record = build_record(
        title="T" * 1_000,
        arxiv_id="a" * 24 + "/0101001",
        version=32_767,
        doi="1" * 200,
        abs_url="https://arxiv.org/" + "x" * 482,
        categories=["c" * 32],
        authors=["A" * 300],
    )

    result = paper_upsert_many(records=[record], source="test")

    assert record.adjustments == ()
    assert result.created == 1
    assert Paper.objects.get().version == 32_767


def test_a_fitted_paper_is_stored_with_its_original_values_beside_it(ingest_cli, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        Path(data_path("bad/long_fields.xml"))
        .read_text(encoding="utf-8")
        .replace("<name>", f"<name>{COLLABORATION}, ", 1)
    )

    code, counts = ingest_cli("arxiv-api", str(feed))

    run = IngestRun.objects.get()
    assert (code, counts["created"], counts["rejected"], counts["adjusted"]) == (0, 3, 0, 3)
    assert counts["errors"] == []
    assert run.adjusted == 3
    long_abstract = Paper.objects.get(arxiv_id="2401.10002")
    assert len(long_abstract.abstract) == 20_000
    assert long_abstract.abstract.endswith("…")
    original = RawPayload.objects.get(paper=long_abstract, kind="arxiv-api").payload["original"]
    assert len(original["abstract"]) == 54_999
    assert long_abstract.abstract[:-1] == original["abstract"][:19_999]
    assert len(Paper.objects.get(arxiv_id="2401.10003").title) == 1_000


def test_an_oversized_hf_item_keeps_its_paper_without_the_item(ingest_cli, tmp_path):
    listing = tmp_path / "daily.json"
    item = {"paper": {"id": "2401.10001", "title": "A title"}, "comments": ["x" * 100_000]}
    listing.write_text(json.dumps([item]))

    code, counts = ingest_cli("hf-daily", str(listing))

    assert (code, counts["created"], counts["adjusted"]) == (0, 1, 1)
    assert IngestRun.objects.get().record_adjustments == [
        f"{listing}: arXiv 2401.10001: raw item not kept: over 100000 characters"
    ]
    assert not RawPayload.objects.exists()


def test_an_hf_item_keeps_the_whole_item_as_its_original(ingest_cli, tmp_path):
    listing = tmp_path / "daily.json"
    item = {"paper": {"id": "2401.10001", "title": "T" * 1_200}, "upvotes": 3}
    listing.write_text(json.dumps([item]))

    _, counts = ingest_cli("hf-daily", str(listing))

    assert counts["adjusted"] == 1
    assert RawPayload.objects.get().payload == item
    assert len(Paper.objects.get().title) == 1_000


def test_a_lone_surrogate_in_an_hf_payload_is_dropped_not_fatal(ingest_cli, tmp_path):
    listing = tmp_path / "daily.json"
    item = {"paper": {"id": "2401.10001", "title": "A title"}, "submittedBy": "x\\ud800y"}
    listing.write_text(json.dumps([item]).replace("\\\\ud800", "\\ud800"))

    code, counts = ingest_cli("hf-daily", str(listing))

    assert (code, counts["created"]) == (0, 1)
    assert RawPayload.objects.get().payload["submittedBy"] == "xy"
