"""Readers' submissions, fetched by a real Celery worker from a local stand-in for the
arXiv API: a known id enters the queue, unknown and withdrawn ones make nothing, a paper
we hold is answered with its link. The parsing and the unreachable case run in-process."""

import time

import pytest
from pytest_httpserver import HTTPServer

from apps.curation.models import AuditEntry, Submission
from apps.curation.services.submissions import (
    SubmissionError,
    parse_submitted_id,
    submission_create,
    submission_fetch,
)
from apps.papers.models import Paper
from tests.factories import PaperFactory, UserFactory
from tests.ingest.atom import atom_entry, atom_feed
from tests.ingest.conftest import clear_http_cache

from .conftest import ARXIV_API_URL, ARXIV_PORT

WITHDRAWN_ENTRY = atom_entry(7).replace(
    "</entry>", "<arxiv:comment>This paper has been withdrawn by the author</arxiv:comment></entry>"
)


@pytest.mark.parametrize(
    ("raw", "arxiv_id"),
    [
        ("2501.00001", "2501.00001"),
        ("arXiv:2501.00001v3", "2501.00001"),
        ("https://arxiv.org/abs/2501.00001v2", "2501.00001"),
        ("http://arxiv.org/pdf/2501.00001v2.pdf", "2501.00001"),
        ("arxiv.org/pdf/2501.00001", "2501.00001"),
        ("https://www.arxiv.org/abs/2501.00001?context=cs", "2501.00001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136"),
    ],
)
def test_ids_and_links_are_understood(raw, arxiv_id):
    assert parse_submitted_id(raw) == arxiv_id


@pytest.mark.parametrize("raw", ["", "hello", "https://example.org/abs/2501.00001", "2501.1"])
def test_anything_else_is_refused_naming_the_field(raw):
    with pytest.raises(SubmissionError) as refused:
        parse_submitted_id(raw)
    assert refused.value.field == "arxiv_id"


@pytest.fixture
def arxiv():
    """The stand-in arXiv API on the port the worker was told (conftest.ARXIV_API_URL)."""
    server = HTTPServer(host="127.0.0.1", port=ARXIV_PORT)
    server.start()
    clear_http_cache()
    feeds = {
        "2501.00001": atom_feed([atom_entry(1)], total=1),
        "2501.00007": atom_feed([WITHDRAWN_ENTRY], total=1),
        "2501.99999": atom_feed([], total=0),
    }

    def answer(request):
        from werkzeug import Response

        return Response(feeds[request.args["id_list"]], content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(answer)
    yield server
    server.clear()
    server.stop()
    clear_http_cache()


def submit_and_wait(client, raw: str) -> Submission:
    response = client.post("/curate/submit/", {"arxiv_id": raw})
    assert response.status_code == 302
    submission = Submission.objects.order_by("-id").first()
    deadline = time.monotonic() + 60
    while submission.state == Submission.State.QUEUED and time.monotonic() < deadline:
        time.sleep(0.2)
        submission.refresh_from_db()
    return submission


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_submissions_through_the_real_worker(celery_worker_process, client, arxiv):
    reader = UserFactory(username="reader")
    held = PaperFactory(arxiv_id="2401.00042", title="Held already")
    client.force_login(reader)

    known = submit_and_wait(client, "https://arxiv.org/abs/2501.00001v1")
    unknown = submit_and_wait(client, "2501.99999")
    withdrawn = submit_and_wait(client, "arXiv:2501.00007")
    again = submit_and_wait(client, "https://arxiv.org/pdf/2401.00042v2")
    page = client.get("/curate/submissions/").content.decode()

    fetched = Paper.objects.get(arxiv_id="2501.00001")
    assert known.state == "in_queue"
    assert (fetched.status, fetched.source) == ("pending", "submission")
    assert fetched.title.startswith("Generated paper 1")
    assert unknown.state == "unknown"
    assert withdrawn.state == "withdrawn"
    assert (again.state, again.arxiv_id) == ("already_held", held.arxiv_id)
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"2501.00001", "2401.00042"}
    assert "Awaiting review" in page
    assert "arXiv knows no paper 2501.99999." in page
    assert "withdrawn by its authors" in page
    assert held.get_absolute_url() in page
    assert AuditEntry.objects.filter(action="fetch").count() == 3


@pytest.mark.django_db
def test_arxiv_unreachable_is_a_clear_message_and_nothing_made(settings, alice):
    settings.ARXIV_API_URL = "http://127.0.0.1:9/api/query"  # nothing listens there
    settings.INGEST_HTTP_RETRIES = 0
    settings.INGEST_RATE_LIMIT_SECONDS = 0
    clear_http_cache()
    submission = submission_create(user=alice, raw="2501.00003")

    submission = submission_fetch(submission_id=submission.pk)

    assert submission.state == "failed"
    assert "could not be reached" in submission.message
    assert not Paper.objects.exists()


@pytest.mark.django_db
def test_fetching_twice_changes_nothing(settings, alice, arxiv):
    settings.ARXIV_API_URL = ARXIV_API_URL
    settings.INGEST_RATE_LIMIT_SECONDS = 0
    submission = submission_create(user=alice, raw="2501.00001")

    first = submission_fetch(submission_id=submission.pk)
    second = submission_fetch(submission_id=submission.pk)

    assert first.state == second.state == "in_queue"
    assert Paper.objects.count() == 1


@pytest.mark.django_db
def test_submitting_is_rate_limited_per_reader(client, settings, alice):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "2/m/user"}
    client.force_login(alice)
    PaperFactory(arxiv_id="2401.00042")

    codes = [client.post("/curate/submit/", {"arxiv_id": "2401.00042"}).status_code
             for _ in range(3)]  # fmt: skip

    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_a_bad_id_is_answered_on_the_form(client, alice):
    client.force_login(alice)

    response = client.post("/curate/submit/", {"arxiv_id": "not an id"})

    assert response.status_code == 400
    assert b"Not an arXiv id or link" in response.content
    assert not Submission.objects.exists()
