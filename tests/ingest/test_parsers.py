from datetime import UTC, datetime

from apps.ingest.parsers.arxiv_api import parse_arxiv_api
from apps.ingest.parsers.arxiv_oai import parse_arxiv_oai, split_authors
from apps.ingest.parsers.arxiv_rss import parse_arxiv_rss
from apps.ingest.parsers.hf_daily import parse_hf_daily
from apps.papers.upsert import PaperRecord

from .conftest import data_bytes


def test_arxiv_api_entry_becomes_a_versioned_record():
    page = parse_arxiv_api(data_bytes("arxiv_api/page1.xml"))

    first = page.items[0]
    assert page.total == 5
    assert len(page.items) == 3
    assert (first.arxiv_id, first.version) == ("2401.10001", 1)
    assert first.title == "An LLM Compiler for Parallel Function Calling"
    assert first.abstract.startswith("Large Language Models (LLMs) have shown remarkable results")
    assert "\n" not in first.abstract
    assert "  " not in first.abstract
    assert first.authors == ("Sehoon Kim", "Suhong Moon", "Ryan Tabrizi")
    assert first.categories == ("cs.CL", "cs.AI")
    assert first.published_at == datetime(2024, 1, 18, 18, 59, 59, tzinfo=UTC)
    assert first.comment == "12 pages, 4 figures"
    assert first.pdf_url == "http://arxiv.org/pdf/2401.10001v1"
    assert page.items[1].version == 2


def test_latex_and_html_in_an_abstract_are_kept_as_text():
    record = parse_arxiv_api(data_bytes("arxiv_api/page1.xml")).items[2]

    assert "$\\mathcal{O}(n \\log n)$" in record.abstract
    assert "beat <b>all</b> baselines" in record.abstract
    assert record.authors == ("Xin Wang", "Jörg Müller")


def test_arxiv_api_with_no_results_says_so():
    page = parse_arxiv_api(data_bytes("arxiv_api/no_results.xml"))

    assert (page.items, page.total, page.empty_ok) == ([], 0, True)


def test_oai_arxiv_raw_takes_the_latest_version_and_the_resumption_token():
    page = parse_arxiv_oai(data_bytes("arxiv_oai/list_records_1.xml"))

    record = page.items[0]
    assert (page.next_token, page.total) == ("6960524|1001", 4)
    assert page.response_date == "2024-01-19T08:00:00Z"
    assert (record.arxiv_id, record.version) == ("2401.10001", 2)
    assert record.published_at == datetime(2024, 1, 18, 18, 59, 59, tzinfo=UTC)
    assert record.updated_at == datetime(2024, 1, 19, 9, 30, tzinfo=UTC)
    assert record.authors == ("Sehoon Kim", "Suhong Moon", "Ryan Tabrizi")
    assert record.categories == ("cs.CL", "cs.AI")


def test_oai_deleted_record_is_a_withdrawal_and_the_last_part_has_no_token():
    page = parse_arxiv_oai(data_bytes("arxiv_oai/list_records_2.xml"))

    withdrawal = page.items[1]
    assert page.next_token is None
    assert (withdrawal.arxiv_id, withdrawal.withdrawn, withdrawal.title) == (
        "2401.10002",
        True,
        "",
    )


def test_oai_arxiv_format_builds_names_from_their_parts():
    (record,) = parse_arxiv_oai(data_bytes("arxiv_oai/arxiv_format.xml")).items

    assert record.version is None
    assert record.authors == ("Hanshi Sun", "Zhuoming Chen", "Beidi Chen Jr")
    assert record.categories == ("cs.CL", "cs.LG")
    assert record.comment == "COLM 2024"


def test_oai_no_records_match_is_an_empty_harvest_not_an_error():
    page = parse_arxiv_oai(data_bytes("arxiv_oai/no_records.xml"))

    assert (page.items, page.empty_ok) == ([], True)


def test_arxiv_author_strings_split_on_commas_and_and():
    assert split_authors("A. Smith (MIT, Cambridge), B. Jones and\n  C. Li") == [
        "A. Smith",
        "B. Jones",
        "C. Li",
    ]


def test_rss_items_carry_version_announce_type_and_abstract():
    items = parse_arxiv_rss(data_bytes("arxiv_rss/cs.CL.xml")).items

    new, cross, replace, replace_cross = items
    assert all(isinstance(item, PaperRecord) for item in items)
    assert (new.arxiv_id, new.version, new.cross_list) == ("2401.10006", 1, False)
    assert new.abstract.startswith("The automatic generation of deep learning")
    assert (cross.cross_list, cross.categories) == (True, ("cs.CV", "cs.CL", "cs.MM"))
    assert (replace.version, replace.cross_list) == (3, False)
    assert (replace_cross.version, replace_cross.cross_list) == (2, True)
    assert cross.authors == ("Zhengqing Yuan", "Zhaoxu Li", "Lichao Sun")


def test_hf_daily_items_keep_their_raw_payload():
    items = parse_hf_daily(data_bytes("hf_daily/2024-01-19.json")).items

    first = items[0]
    assert len(items) == 3
    assert (first.arxiv_id, first.version) == ("2401.10001", None)
    assert first.authors == ("Sehoon Kim", "Suhong Moon", "Ryan Tabrizi")
    assert first.raw["paper"]["upvotes"] == 42
    assert first.raw["numComments"] == 3
    assert first.raw["submittedBy"]["name"] == "akhaliq"
