"""Reading upstream documents safely: XML without DTDs or entities, JSON, never an HTML page.

XML goes through lxml with a hardened parser: no entity substitution, no DTD
loading, no network, no huge text nodes; a document that declares a DTD at all
(the only place entities can be declared) is refused outright.

A document that cannot be read raises FeedError: nothing in it is ingested,
and the run records the message. A bad record inside a good document is a
RecordError and is rejected alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeAlias

from lxml import etree

from apps.papers.upsert import PaperRecord, RecordError

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")
Element: TypeAlias = etree._Element


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class FeedError(ValueError):
    """A whole document that cannot be read; nothing in it is ingested."""


@dataclass
class Page:
    """One parsed document: its records and what the format says about paging."""

    items: list[PaperRecord | RecordError] = field(default_factory=list)
    total: int | None = None  # opensearch:totalResults, OAI completeListSize
    next_token: str | None = None  # OAI resumptionToken
    response_date: str | None = None  # OAI responseDate: the next incremental `from`
    # A well-formed document that lists nothing, a normal answer (totalResults 0,
    # noRecordsMatch, an RSS channel or daily list without items): `note` says so.
    empty_ok: bool = False
    note: str = ""

    @classmethod
    def nothing_listed(cls, note: str, **fields: Any) -> Page:
        return cls(empty_ok=True, note=note, **fields)


def check_not_html(content: bytes, *, what: str) -> None:
    if _HTML_START.match(content[:512].lstrip(b"\xef\xbb\xbf")):
        title = _HTML_TITLE.search(content[:4096])
        shown = (
            f" titled {title.group(1).decode(errors='replace').strip()[:120]!r}" if title else ""
        )
        raise FeedError(f"the server sent an HTML page{shown}, not {what}")


def parse_xml(content: bytes, *, root: str, what: str) -> Element:
    """The root element, or FeedError: empty, HTML, malformed or truncated, DTD or entities."""
    if not content.strip():
        raise FeedError(f"empty document: expected {what}")
    check_not_html(content, what=what)
    refused = FeedError(f"refused {what}: XML with a DTD or entity declarations")
    if any(mark in content[:8192] for mark in _DTD_MARKS):
        raise refused
    try:
        element = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed or truncated XML in {what}: {exc.msg}") from None
    if element.getroottree().docinfo.doctype:  # a DTD placed past the first 8 KiB
        raise refused
    if element.tag != root:
        raise FeedError(f"not {what}: the root element is <{_local(element.tag)}>")
    return element


def parse_json(content: bytes, *, what: str) -> Any:
    if not content.strip():
        raise FeedError(f"empty document: expected {what}")
    check_not_html(content, what=what)
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"malformed JSON in {what}: {exc}") from None


def text_of(parent: Element, path: str) -> str:
    return parent.findtext(path) or ""


def parse_datetime(value: str | None) -> datetime | None:
    """ISO 8601 (Atom, OAI, JSON) or RFC 822 (RSS); RecordError when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if value[:1].isdigit():
            parsed = datetime.fromisoformat(value)
        else:
            parsed = parsedate_to_datetime(value)
    except (ValueError, TypeError):
        raise RecordError(f"unreadable date {value[:40]!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
