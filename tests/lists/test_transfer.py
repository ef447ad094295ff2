"""Exports parse back with real parsers and hold every item; BibTeX import and its report."""

import json

import bibtexparser
import pytest
import rispy
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.lists.exports import FORMATS, export_items
from apps.lists.imports import ImportRefused, bibtex_import
from apps.lists.services import list_item_add, reading_list_create
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_list(alice):
    reading_list = reading_list_create(owner=alice, name="Exports", visibility="public")
    papers = [
        PaperFactory(title="Attention {is} all you need", doi="10.5555/attn"),
        PaperFactory(title="Unbalanced } brace & 100% of $x^2$ math", journal_ref="J. Odd 1"),
        PaperFactory(title="Ünïcödé títle", authors=["José García Márquez", "Plato"]),
    ]
    for paper in papers:
        list_item_add(reading_list=reading_list, paper=paper, note=f"note on {paper.pk}")
    return reading_list, papers


def render(reading_list, key):
    return FORMATS[key].render(list(export_items(reading_list)))


def test_bibtex_parses_back_with_every_item(full_list):
    reading_list, papers = full_list

    library = bibtexparser.parse_string(render(reading_list, "bibtex"))

    assert library.failed_blocks == []
    assert len(library.entries) == len(papers)
    assert len({entry.key for entry in library.entries}) == len(papers)
    eprints = [entry.fields_dict["eprint"].value for entry in library.entries]
    assert eprints == [paper.arxiv_id for paper in papers]
    first = library.entries[0].fields_dict
    assert first["title"].value == "Attention {is} all you need"
    assert first["author"].value == "Lovelace, Ada and Turing, Alan"
    assert first["doi"].value == "10.5555/attn"
    assert library.entries[1].entry_type == "article"
    assert "brace" in library.entries[1].fields_dict["title"].value


def test_ris_parses_back_with_every_item(full_list):
    reading_list, papers = full_list

    entries = rispy.loads(render(reading_list, "ris"))

    assert [entry["id"] for entry in entries] == [paper.public_id for paper in papers]
    assert entries[0]["authors"] == ["Lovelace, Ada", "Turing, Alan"]
    assert entries[0]["doi"] == "10.5555/attn"
    assert entries[2]["title"] == "Ünïcödé títle"
    assert all(entry["notes"] for entry in entries)


def test_csl_json_has_the_citeproc_shape_for_every_item(full_list):
    reading_list, papers = full_list

    items = json.loads(render(reading_list, "csl-json"))

    assert [item["id"] for item in items] == [paper.public_id for paper in papers]
    for item in items:
        assert item["type"] in {"article", "article-journal"}
        assert isinstance(item["title"], str)
        assert all({"family", "given"} <= set(a) or "literal" in a for a in item["author"])
        [[year, month, day]] = item["issued"]["date-parts"]
        assert year > 1990
        assert 1 <= month <= 12
        assert 1 <= day <= 31
        assert item["URL"].startswith("https://arxiv.org/abs/")
    assert items[2]["author"] == [
        {"family": "Márquez", "given": "José García"},
        {"literal": "Plato"},
    ]
    assert items[0]["DOI"] == "10.5555/attn"


def test_export_page_downloads_each_format(client, full_list):
    reading_list, _papers = full_list

    for key, export_format in FORMATS.items():
        response = client.get(f"/lists/{reading_list.pk}/export?format={key}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(export_format.content_type)
        assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/lists/{reading_list.pk}/export?format=doc").status_code == 400


BIBTEX = r"""
@misc{byeprint, title={Something else entirely}, eprint={2401.00001v2}, archivePrefix={arXiv}}
@article{byurl, title={X}, url={https://arxiv.org/abs/2401.00002}}
@article{byjournal, title={Y}, journal={arXiv preprint arXiv:2401.00003}}
@article{byarxivdoi, title={Z}, doi={10.48550/arXiv.2401.00004}}
@article{bydoi, title={W}, doi={https://doi.org/10.1000/ABC.def}}
@inproceedings{bytitle, title={{BERT}: Pre-Training of Deep Bidirectional Transformers}}
@book{missing, title={A book we do not hold}, author={Nobody}}
"""


def test_import_matches_arxiv_ids_dois_and_titles_and_reports_the_rest(alice):
    papers = [PaperFactory(arxiv_id=f"2401.0000{n}") for n in range(1, 5)]
    by_doi = PaperFactory(doi="10.1000/abc.DEF")
    by_title = PaperFactory(title="BERT: pre-training of deep bidirectional transformers")
    reading_list = reading_list_create(owner=alice, name="Imported")
    list_item_add(reading_list=reading_list, paper=by_title)

    report = bibtex_import(reading_list=reading_list, data=BIBTEX.encode())

    matched = {entry.key: (entry.paper, entry.matched_by) for entry in report.matched}
    assert matched == {
        "byeprint": (papers[0], "arXiv id"),
        "byurl": (papers[1], "arXiv id"),
        "byjournal": (papers[2], "arXiv id"),
        "byarxivdoi": (papers[3], "arXiv id"),
        "bydoi": (by_doi, "DOI"),
        "bytitle": (by_title, "title"),
    }
    assert [entry.key for entry in report.unmatched] == ["missing"]
    assert (report.added, report.already_there) == (5, 1)
    assert reading_list.items.count() == 6


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"@article{broken, title={no end}\n@misc{fine, title={ok}}", "could not be read"),
        (b"just some words, no entries", "no BibTeX entries"),
        ("@misc{x, title={é}}".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_bad_file_is_refused_whole(alice, data, reason):
    PaperFactory(title="ok")
    reading_list = reading_list_create(owner=alice, name="Untouched")

    with pytest.raises(ImportRefused, match=reason):
        bibtex_import(reading_list=reading_list, data=data)
    assert not reading_list.items.exists()


def test_import_page_shows_the_report(client, alice):
    PaperFactory(arxiv_id="2401.00001")
    reading_list = reading_list_create(owner=alice, name="Imported")
    client.force_login(alice)
    upload = ("refs.bib", BIBTEX.encode())

    response = client.post(
        f"/lists/{reading_list.pk}/import", {"file": SimpleUploadedFile(*upload)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 paper added" in page
    assert "A book we do not hold" in page


def test_import_page_explains_a_bad_file(client, alice):
    reading_list = reading_list_create(owner=alice, name="Imported")
    client.force_login(alice)
    response = client.post(
        f"/lists/{reading_list.pk}/import",
        {"file": SimpleUploadedFile("x.bib", b"@article{oops, title={")},
    )

    assert response.status_code == 400
    assert b"could not be read" in response.content
    assert b'<details class="list-settings" open>' in response.content


def test_titles_are_looked_up_only_for_entries_no_id_matched(alice):
    PaperFactory(arxiv_id="2401.00001", title="Held by its id")
    reading_list = reading_list_create(owner=alice, name="Imported")
    bibtex = "@misc{one, title={Held by its id, titled differently}, eprint={2401.00001}}"

    with CaptureQueriesContext(connection) as queries:
        report = bibtex_import(reading_list=reading_list, data=bibtex.encode())

    assert [entry.matched_by for entry in report.matched] == ["arXiv id"]
    assert not [q for q in queries if '"title_key" IN' in q["sql"]]
