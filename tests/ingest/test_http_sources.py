"""Sources harvested over HTTP from a real local server (pytest-httpserver)."""

import threading
import time

import pytest
from werkzeug import Response

from apps.ingest.http import FetchError, http_get
from apps.ingest.models import IngestRun, Source
from apps.ingest.ratelimit import wait_for_slot
from apps.ingest.scheduling import source_run_enqueue
from apps.ingest.services import source_run_execute
from apps.papers.models import Paper

from .conftest import data_bytes

pytestmark = pytest.mark.django_db
ATOM = "application/atom+xml"


def run_source(source: Source) -> IngestRun:
    run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)
    source_run_execute(run_id=run.pk)
    run.refresh_from_db()
    source.refresh_from_db()
    return run


def api_source(httpserver, **fields) -> Source:
    defaults = {"name": "cs-cl", "kind": "arxiv-api", "categories": ["cs.CL"], "page_size": 3}
    return Source.objects.create(url=httpserver.url_for("/api/query"), **{**defaults, **fields})


def serve_api_pages(httpserver, pages: dict[int, object]) -> None:
    def handler(request):
        body = pages[int(request.args["start"])]
        return body(request) if callable(body) else Response(body, content_type=ATOM)

    httpserver.expect_request("/api/query").respond_with_handler(handler)


def test_arxiv_api_source_pages_through_total_results_and_moves_its_window(httpserver):
    serve_api_pages(
        httpserver, {0: data_bytes("arxiv_api/page1.xml"), 3: data_bytes("arxiv_api/page2.xml")}
    )
    source = api_source(httpserver)

    run = run_source(source)

    requests = [request for request, _ in httpserver.log]
    query = requests[0].args["search_query"]
    assert (run.status, run.pages_fetched, run.created) == ("succeeded", 2, 5)
    assert [r.args["start"] for r in requests] == ["0", "3"]
    assert {r.args["max_results"] for r in requests} == {"3"}
    assert query.startswith("(cat:cs.CL) AND lastUpdatedDate:[")
    assert requests[0].args["sortOrder"] == "ascending"
    assert requests[0].headers["User-Agent"].startswith("Papers-ingest/1.0 (+http")
    assert source.cursor == {"since": query.split(" TO ")[1].rstrip("]")}
    assert source.last_success_at is not None
    assert Paper.objects.count() == 5


def test_a_run_that_fails_halfway_keeps_its_pages_and_resumes_from_its_cursor(httpserver):
    broken = {0: data_bytes("arxiv_api/page1.xml"), 3: lambda r: Response("down", status=503)}
    serve_api_pages(httpserver, broken)
    source = api_source(httpserver)

    failed = run_source(source)

    assert failed.status == "failed"
    assert "failed after 3 attempts: HTTP 503" in failed.error
    assert source.last_error == failed.error
    assert Paper.objects.count() == 3
    assert source.cursor["start"] == 3

    httpserver.clear()
    serve_api_pages(httpserver, {3: data_bytes("arxiv_api/page2.xml")})
    resumed = run_source(source)

    assert (resumed.status, resumed.pages_fetched, resumed.created) == ("succeeded", 1, 2)
    assert [r.args["start"] for r, _ in httpserver.log] == ["3"]
    assert Paper.objects.count() == 5
    assert "start" not in source.cursor


def test_oai_source_follows_the_resumption_token_and_harvests_from_its_start_day(httpserver):
    def handler(request):
        if "resumptionToken" in request.args:
            assert set(request.args) == {"verb", "resumptionToken"}
            return Response(data_bytes("arxiv_oai/list_records_2.xml"), content_type="text/xml")
        return Response(data_bytes("arxiv_oai/list_records_1.xml"), content_type="text/xml")

    httpserver.expect_request("/oai2").respond_with_handler(handler)
    source = Source.objects.create(
        name="oai-cl", kind="arxiv-oai", url=httpserver.url_for("/oai2"), query="cs:cs:CL"
    )

    run = run_source(source)
    second = run_source(source)

    first_request, token_request = (request for request, _ in httpserver.log[:2])
    assert (run.status, run.pages_fetched, run.created) == ("succeeded", 2, 3)
    assert first_request.args["metadataPrefix"] == "arXivRaw"
    assert first_request.args["set"] == "cs:cs:CL"
    assert token_request.args["resumptionToken"] == "6960524|1001"
    assert httpserver.log[2][0].args["from"] == "2024-01-19"
    assert (second.created, second.updated) == (0, 0)
    assert source.cursor == {"from": "2024-01-19"}


def test_a_429_is_answered_by_a_retry(httpserver, ingest_cli):
    feed = httpserver.url_for("/rss/cs.CL")
    httpserver.expect_ordered_request("/rss/cs.CL").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request("/rss/cs.CL").respond_with_data(
        data_bytes("arxiv_rss/cs.CL.xml"), content_type="application/rss+xml"
    )

    code, counts = ingest_cli("arxiv-rss", feed)

    assert (code, counts["created"]) == (0, 4)
    assert len(httpserver.log) == 2


def test_an_html_error_page_with_status_200_fails_the_run_and_is_not_cached(httpserver, ingest_cli):
    httpserver.expect_request("/daily").respond_with_data(
        data_bytes("bad/html_error.xml"), content_type="text/html"
    )

    code, counts = ingest_cli("hf-daily", httpserver.url_for("/daily"))
    ingest_cli("hf-daily", httpserver.url_for("/daily"))

    assert code == 1
    assert "the server sent an HTML page titled '503 Service Unavailable'" in counts["errors"][0]
    assert len(httpserver.log) == 2
    assert IngestRun.objects.filter(status="failed").count() == 2


def test_the_same_query_on_the_same_day_is_answered_from_the_cache(httpserver, ingest_cli):
    httpserver.expect_request("/daily", query_string="date=2024-01-19").respond_with_data(
        data_bytes("hf_daily/2024-01-19.json"), content_type="application/json"
    )
    url = httpserver.url_for("/daily") + "?date=2024-01-19"

    first = ingest_cli("hf-daily", url)
    second = ingest_cli("hf-daily", url)

    assert (first[1]["created"], second[1]["unchanged"]) == (3, 3)
    assert len(httpserver.log) == 1


def test_network_errors_are_retried_then_reported(settings):
    settings.INGEST_HTTP_CONNECT_TIMEOUT = 1

    with pytest.raises(FetchError, match="failed after 3 attempts: ConnectError"):
        http_get("http://127.0.0.1:9/feed")


def test_requests_to_one_host_are_spaced_across_threads_and_processes():
    # Redis books the slots, so threads here stand for processes on several machines.
    started: list[float] = []

    def request() -> None:
        wait_for_slot("http://export.example.org/api/query", interval=0.3)
        started.append(time.monotonic())

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    gaps = [b - a for a, b in zip(sorted(started), sorted(started)[1:], strict=False)]
    assert len(gaps) == 3
    assert min(gaps) > 0.25


def test_a_run_out_of_budget_stops_between_pages_and_goes_on_from_its_cursor(httpserver):
    serve_api_pages(
        httpserver, {0: data_bytes("arxiv_api/page1.xml"), 3: data_bytes("arxiv_api/page2.xml")}
    )
    run = source_run_enqueue(source=api_source(httpserver), trigger="schedule")

    first = source_run_execute(run_id=run.pk, budget=0)
    run.refresh_from_db()
    midway = (run.status, run.pages_fetched, run.source.cursor["start"])
    second = source_run_execute(run_id=run.pk, budget=0)
    run.refresh_from_db()

    assert (first, midway) == ("continue", ("running", 1, 3))
    assert (second, run.status, run.pages_fetched, run.created) == ("done", "succeeded", 2, 5)
    assert [r.args["start"] for r, _ in httpserver.log] == ["0", "3"]
