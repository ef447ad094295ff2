"""A new version of a paper, ingested by a real Celery worker, re-anchors its notes in
the same run: a moved passage is found at its new place, a reworded one fuzzily, a
deleted one is kept, flagged orphaned, and still listed under the text with its quote."""

import pytest
from werkzeug import Response

from apps.annotations.models import Annotation
from apps.annotations.services import Selector, annotation_create
from apps.ingest.models import IngestRun, Source
from apps.ingest.scheduling import source_run_enqueue
from apps.ingest.tasks import ingest_source
from apps.papers.models import Paper
from tests.factories import UserFactory
from tests.ingest.conftest import clear_http_cache

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

V1 = (
    "We study sparse attention. The loss falls as a power law in the context length. "
    "Our kernel is exact and fast. We release code."
)
V2 = (
    "A new opening sentence comes first. We study sparse attention. Our kernel is exact "
    "and fast. Results: the loss falls as a power law in the context length. Details are "
    "in the appendix."
)


def atom(version: int, abstract: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom"><title>t</title>'
        "<opensearch:totalResults>1</opensearch:totalResults>"
        "<opensearch:startIndex>0</opensearch:startIndex>"
        f"<entry><id>http://arxiv.org/abs/2501.00042v{version}</id>"
        "<updated>2025-01-03T10:00:00Z</updated><published>2025-01-02T10:00:00Z</published>"
        "<title>Sparse attention at scale</title>"
        f"<summary>{abstract}</summary><author><name>Ada Lovelace</name></author>"
        '<arxiv:primary_category term="cs.CL"/><category term="cs.CL"/></entry></feed>'
    ).encode()


def ingest_through_the_worker(source: Source) -> IngestRun:
    clear_http_cache()
    run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)
    ingest_source.delay(run.pk).get(timeout=90)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error if hasattr(run, "error") else run.status
    return run


def note_on(paper: Paper, owner, exact: str) -> Annotation:
    start = paper.abstract.index(exact)
    return annotation_create(
        owner=owner, paper=paper, body=f"on {exact}", visibility="public", field="abstract",
        selector=Selector(exact=exact, start=start, end=start + len(exact)),
    )  # fmt: skip


def test_a_new_version_reanchors_notes_in_the_same_worker_run(
    httpserver, celery_worker_process, client
):
    versions = {"body": atom(1, V1)}
    httpserver.expect_request("/api/query").respond_with_handler(
        lambda request: Response(versions["body"], content_type="application/atom+xml")
    )
    source = Source.objects.create(
        name="reanchor", kind="arxiv-api", url=httpserver.url_for("/api/query"),
        categories=["cs.CL"], page_size=5,
    )  # fmt: skip
    ingest_through_the_worker(source)
    paper = Paper.objects.get(arxiv_id="2501.00042")
    reader = UserFactory(username="reanchor-reader")
    moved = note_on(paper, reader, "The loss falls as a power law")
    kept = note_on(paper, reader, "sparse attention")
    deleted = note_on(paper, reader, "We release code.")

    versions["body"] = atom(2, V2)
    run = ingest_through_the_worker(source)

    assert run.updated == 1
    paper.refresh_from_db()
    assert paper.version == 2
    for annotation in (moved, kept, deleted):
        annotation.refresh_from_db()
    assert V2[moved.start : moved.end].lower() == "the loss falls as a power law"
    assert not moved.orphaned
    assert moved.start == V2.lower().index("the loss falls")
    assert V2[kept.start : kept.end] == "sparse attention"
    assert not kept.orphaned
    assert deleted.orphaned
    assert deleted.exact == "We release code."
    assert (moved.version, deleted.version) == (1, 1)  # the version each was made on
    html = client.get(f"/papers/{paper.public_id}/annotations").content.decode()
    orphans = html.split("Notes on passages no longer in this version", 1)[1]
    assert "We release code." in orphans
    assert Annotation.objects.count() == 3
