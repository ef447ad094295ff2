"""Links come from feeds: only http(s) ones are kept, whatever the format."""

import pytest
from django.urls import reverse

from apps.papers.models import Paper
from apps.papers.upsert import build_record

from .conftest import data_path

pytestmark = pytest.mark.django_db


def test_a_javascript_pdf_link_never_reaches_the_paper_page(ingest_cli, client):
    code, counts = ingest_cli("arxiv-api", data_path("bad/javascript_link.xml"))

    assert (code, counts["created"]) == (0, 2)
    for arxiv_id in ("2401.10004", "2401.10005"):
        paper = Paper.objects.get(arxiv_id=arxiv_id)
        page = client.get(reverse("papers:detail", args=[arxiv_id])).content.decode()
        assert paper.pdf_url == ""
        assert "javascript:" not in page.lower()
        assert f'href="https://arxiv.org/pdf/{arxiv_id}"' in page


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x.pdf",
        "/relative/x.pdf",
        "https://",
        "https://arxiv.org/pdf/1 onmouseover=alert(1)",
        "ftp://arxiv.org/x.pdf",
    ],
)
@pytest.mark.parametrize("field", ["abs_url", "pdf_url"])
def test_build_record_drops_any_link_that_is_not_http(field, url):
    record = build_record(title="A title", arxiv_id="2401.00001", **{field: url})

    assert getattr(record, field) == ""


def test_build_record_keeps_http_and_https_links():
    record = build_record(
        title="A title",
        abs_url="http://arxiv.org/abs/2401.00001v2",
        pdf_url="HTTPS://arxiv.org/pdf/2401.00001v2",
    )

    assert (record.abs_url, record.pdf_url) == (
        "http://arxiv.org/abs/2401.00001v2",
        "HTTPS://arxiv.org/pdf/2401.00001v2",
    )
