"""Walking an upstream page by page: each page comes with the cursor to store once it is in.

A pager yields (page, cursor, last) triples. The caller commits the page's
papers, then the cursor, so a run that stops anywhere resumes after the last
page it recorded; `last` says no page follows. Sources use cursors; the
command's files and URLs start afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from django.conf import settings

from .documents import FeedError, Page
from .http import http_forget, http_get
from .models import Kind, Source
from .parsers.arxiv_api import parse_arxiv_api
from .parsers.arxiv_oai import parse_arxiv_oai
from .parsers.arxiv_rss import parse_arxiv_rss
from .parsers.demo import parse_demo
from .parsers.hf_daily import parse_hf_daily

Parser = Callable[[bytes], Page]
Pages = Iterator[tuple[Page, dict, bool]]
PARSERS: dict[str, Parser] = {
    Kind.ARXIV_API: parse_arxiv_api,
    Kind.ARXIV_OAI: parse_arxiv_oai,
    Kind.ARXIV_RSS: parse_arxiv_rss,
    Kind.HF_DAILY: parse_hf_daily,
    Kind.DEMO: parse_demo,
}
DEFAULT_PAGE_SIZE = 100
_API_DATE = "%Y%m%d%H%M"


def fetch_page(kind: str, url: str, params: dict | None = None) -> Page:
    """GET and parse one page; an unreadable page is dropped from the same-day cache."""
    content = http_get(url, params)
    try:
        return PARSERS[kind](content)
    except FeedError:
        http_forget(url, params)
        raise


def file_pages(kind: str, path: str) -> Pages:
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise FeedError(f"cannot read {path}: {exc.strerror or exc}") from None
    yield PARSERS[kind](content), {}, True


def url_pages(kind: str, address: str) -> Pages:
    """A URL as given: paged through for the arXiv API and OAI-PMH, else one page."""
    url = httpx.URL(address)
    base, params = str(url.copy_with(query=None)), dict(url.params)
    if kind == Kind.ARXIV_API:
        return arxiv_api_pages(base, params, cursor={})
    if kind == Kind.ARXIV_OAI:
        return arxiv_oai_pages(base, params, cursor={})
    return _single(kind, address)


def source_pages(source: Source, *, now: datetime | None = None) -> Pages:
    now = now or datetime.now(UTC)
    cursor = dict(source.cursor or {})
    if source.kind == Kind.ARXIV_API:
        window = _api_window(cursor, now)
        return arxiv_api_pages(
            source.url, _api_params(source, window), cursor=window, windowed=True
        )
    if source.kind == Kind.ARXIV_OAI:
        params = {"verb": "ListRecords", "metadataPrefix": source.metadata_prefix or "arXivRaw"}
        if source.query:
            params["set"] = source.query
        first_from = (now - timedelta(days=settings.INGEST_FIRST_HARVEST_DAYS)).date()
        params["from"] = cursor.get("from") or first_from.isoformat()
        return arxiv_oai_pages(source.url, params, cursor=cursor)
    if source.kind == Kind.HF_DAILY:
        return hf_daily_pages(source.url, cursor=cursor, today=now.date())
    return _single(source.kind, source.url)


def arxiv_api_pages(url: str, params: dict, *, cursor: dict, windowed: bool = False) -> Pages:
    """start/max_results paging until opensearch:totalResults.

    A windowed harvest asks for everything updated between cursor["since"] and a
    frozen cursor["until"], oldest first, so offsets stay stable; when it is
    complete, the next one starts where this one ended.
    """
    params = {**params, "max_results": int(params.get("max_results") or DEFAULT_PAGE_SIZE)}
    start = int(cursor.get("start") or params.get("start") or 0)
    while True:
        page = fetch_page(Kind.ARXIV_API, url, {**params, "start": start})
        if not page.items and start and page.total and start < page.total:
            # arXiv's API is known to answer an empty page now and then: try again later.
            raise FeedError(f"the arXiv API sent an empty page at start={start} of {page.total}")
        start += len(page.items)
        done = not page.items or page.total is None or start >= page.total
        if not windowed:
            yield page, {}, done
        elif done:
            yield page, {"since": cursor["until"]}, True
        else:
            yield page, {**cursor, "start": start}, False
        if done:
            return


def arxiv_oai_pages(url: str, params: dict, *, cursor: dict) -> Pages:
    """ListRecords, following resumptionToken to the end.

    The next harvest's `from` is the day this one started (OAI datestamps are
    days; harvesting a day twice changes nothing).
    """
    token, started = cursor.get("token"), cursor.get("started")
    while True:
        request = {"verb": "ListRecords", "resumptionToken": token} if token else params
        page = fetch_page(Kind.ARXIV_OAI, url, request)
        started = started or (page.response_date or datetime.now(UTC).isoformat())[:10]
        token = page.next_token
        if token:
            yield page, {"from": params.get("from"), "token": token, "started": started}, False
        else:
            yield page, {"from": started}, True
            return


def hf_daily_pages(url: str, *, cursor: dict, today: date) -> Pages:
    """One request per day, from the last day harvested (it may have grown) to today."""
    day = date.fromisoformat(cursor["date"]) if cursor.get("date") else today
    while day <= today:
        page = fetch_page(Kind.HF_DAILY, url, {"date": day.isoformat()})
        yield page, {"date": day.isoformat()}, day == today
        day += timedelta(days=1)


def _single(kind: str, url: str) -> Pages:
    yield fetch_page(kind, url), {}, True


def _api_params(source: Source, window: dict) -> dict:
    query = source.query or " OR ".join(f"cat:{code}" for code in source.categories)
    if not query:
        raise FeedError(f"source {source.name} has neither a query nor categories")
    return {
        "search_query": f"({query}) AND lastUpdatedDate:[{window['since']} TO {window['until']}]",
        "sortBy": "lastUpdatedDate",
        "sortOrder": "ascending",
        "max_results": source.page_size,
    }


def _api_window(cursor: dict, now: datetime) -> dict:
    first = now - timedelta(days=settings.INGEST_FIRST_HARVEST_DAYS)
    return {
        "since": cursor.get("since") or first.strftime(_API_DATE),
        "until": cursor.get("until") or now.strftime(_API_DATE),
        "start": cursor.get("start", 0),
    }
