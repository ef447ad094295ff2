import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.ingest.parsers.demo import ListingFormatError, parse_demo_listing
from apps.papers.models import Paper
from apps.papers.upsert import PaperRecord, RecordError


def parse_file(path) -> list:
    return list(parse_demo_listing(path.read_text(encoding="utf-8")))


def test_demo_listing_parses_to_201_papers_with_title_and_abstract():
    records = parse_file(settings.DEMO_LISTING_PATH)

    assert len(records) == 201
    assert all(isinstance(r, PaperRecord) for r in records)
    assert all(r.title and r.abstract for r in records)
    assert len({r.title_key for r in records}) == 201


def test_first_title_loses_the_subscribe_button_text():
    first = parse_file(settings.DEMO_LISTING_PATH)[0]

    assert first.title == "An LLM Compiler for Parallel Function Calling"


def test_a_title_without_abstract_is_a_format_error():
    with pytest.raises(ListingFormatError, match="no abstract"):
        list(parse_demo_listing("SubscribeA title\nIts abstract\nA lonely title\n"))


def test_an_empty_listing_is_a_format_error():
    with pytest.raises(ListingFormatError, match="no papers"):
        list(parse_demo_listing("Get trending papers!\nSubscribe\n\n\t\n"))


def test_a_pair_without_letters_in_the_title_is_rejected_alone():
    items = list(parse_demo_listing("Subscribe!!!\nAn abstract\nGood title\nGood abstract\n"))

    assert isinstance(items[0], RecordError)
    assert items[1].title == "Good title"


def test_titles_and_abstracts_are_whitespace_normalised():
    text = "SubscribeA\u200b  spaced\u00a0title\nAbstract\twith\x07 control\n"

    (record,) = parse_demo_listing(text)

    assert record.title == "A spaced title"
    assert record.abstract == "Abstract with control"


@pytest.mark.django_db
def test_ingest_command_twice_creates_nothing_new(capsys):
    call_command("ingest", "demo", str(settings.DEMO_LISTING_PATH))
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    call_command("ingest", "demo", str(settings.DEMO_LISTING_PATH))
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    assert first == {
        "created": 201,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "adjusted": 0,
        "errors": [],
    }
    assert second == {
        "created": 0,
        "updated": 0,
        "unchanged": 201,
        "rejected": 0,
        "adjusted": 0,
        "errors": [],
    }
    assert Paper.objects.count() == 201


@pytest.mark.django_db
def test_ingest_command_reports_a_missing_file_and_fails(capsys, tmp_path):
    with pytest.raises(CommandError, match="1 error"):
        call_command("ingest", "demo", str(tmp_path / "missing.txt"))

    report = json.loads(capsys.readouterr().out.strip())
    assert report["created"] == 0
    assert "missing.txt" in report["errors"][0]
    assert not Paper.objects.exists()


@pytest.mark.django_db
def test_ingest_command_keeps_good_pairs_next_to_a_bad_one(capsys, tmp_path):
    listing = tmp_path / "listing.txt"
    listing.write_text("SubscribeGood one\nAbstract one\n???\nBad\nGood two\nAbstract two\n")

    with pytest.raises(CommandError):
        call_command("ingest", "demo", str(listing))

    report = json.loads(capsys.readouterr().out.strip())
    assert (report["created"], report["rejected"]) == (2, 1)
    assert "no letters or digits" in report["errors"][0]
    assert sorted(Paper.objects.values_list("title", flat=True)) == ["Good one", "Good two"]
