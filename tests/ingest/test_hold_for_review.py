"""A source configured to hold new papers for review: they enter the curation queue."""

import pytest

from apps.papers.models import Paper

from .conftest import data_bytes
from .test_http_sources import api_source, run_source, serve_api_pages

pytestmark = pytest.mark.django_db


def test_new_papers_of_a_held_source_wait_for_review(httpserver):
    serve_api_pages(
        httpserver, {0: data_bytes("arxiv_api/page1.xml"), 3: data_bytes("arxiv_api/page2.xml")}
    )
    run = run_source(api_source(httpserver, hold_for_review=True))

    assert run.created == 5
    assert set(Paper.objects.values_list("status", flat=True)) == {"pending"}


def test_a_paper_already_published_stays_published(httpserver):
    serve_api_pages(
        httpserver, {0: data_bytes("arxiv_api/page1.xml"), 3: data_bytes("arxiv_api/page2.xml")}
    )
    source = api_source(httpserver)
    run_source(source)
    source.hold_for_review = True
    source.cursor = {}
    source.save()

    run_source(source)

    assert set(Paper.objects.values_list("status", flat=True)) == {"published"}
