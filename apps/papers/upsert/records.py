"""The normalised record every parser produces, and the cleaning all text gets."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from ..identifiers import InvalidArxivId, split_arxiv_id, title_key
from ..models import Author, Category, Paper


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    assert field.max_length is not None
    return field.max_length


MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 20_000
MAX_AUTHORS = 2_000
MAX_AUTHOR_CHARS = _max_length(Author, "name")
MAX_CATEGORY_CHARS = _max_length(Category, "code")
MAX_ARXIV_ID_CHARS = _max_length(Paper, "arxiv_id")
# arXiv versions start at 1; the column is a PostgreSQL smallint.
MAX_VERSION = 32_767
# Within the columns' own limits, so one long field rejects its record, never the batch.
MAX_FIELD_CHARS = {
    "comment": 2_000,
    "journal_ref": 2_000,
    "doi": _max_length(Paper, "doi"),
    "abs_url": _max_length(Paper, "abs_url"),
    "pdf_url": _max_length(Paper, "pdf_url"),
}
LINK_FIELDS = ("abs_url", "pdf_url")
_CLEANED_FIELDS = frozenset(MAX_FIELD_CHARS)
_FIELD_LIMITS = tuple(MAX_FIELD_CHARS.items())
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# arXiv subject classes: cs.CL, hep-th, cond-mat.mes-hall, q-bio.NC.
_CATEGORY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_HTTP_SCHEMES = ("http://", "https://")
_ID_TOO_LONG = f"the arXiv id is longer than {MAX_ARXIV_ID_CHARS} characters"


class RecordError(ValueError):
    """A record that cannot become a paper; it is rejected on its own."""


def _non_ascii(match: re.Match) -> str:
    char = match.group()
    category = unicodedata.category(char)
    if category in ("Cf", "Cs"):  # zero-width, bidi controls, BOM; lone surrogates
        return ""
    return " " if category in ("Zl", "Zp", "Cc") else char


def clean_text(value: str | None) -> str:
    """Collapse whitespace (arXiv wraps lines), drop control and zero-width characters.

    HTML and LaTeX are kept as written: templates escape them on output. After
    the whitespace collapse, ordinary text is printable, so only text that still
    holds a control or format character takes the slower path.
    """
    if not value:
        return ""
    collapsed = " ".join(value.split())
    if collapsed.isprintable():
        return collapsed
    value = _NON_ASCII.sub(_non_ascii, _CONTROL.sub(" ", value))
    return " ".join(value.split())


@dataclass(slots=True)  # not frozen: frozen dataclasses are three times slower to build
class PaperRecord:
    title: str
    title_key: str = ""  # identifiers.title_key(title): the match key without an arXiv id
    abstract: str = ""
    arxiv_id: str | None = None
    version: int | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # the first one is the primary category
    published_at: datetime | None = None
    updated_at: datetime | None = None
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    abs_url: str = ""
    pdf_url: str = ""
    # A withdrawal notice (an OAI deleted record): only marks a known paper.
    withdrawn: bool = False
    # A cross-listing: its categories are added to the paper whatever its version.
    cross_list: bool = False
    # The upstream item as received (hf-daily), kept beside the paper.
    raw: dict | None = None

    @property
    def identity(self) -> str:
        return f"arxiv:{self.arxiv_id}" if self.arxiv_id else f"title:{self.title_key}"


def build_record(
    *,
    title: str | None,
    abstract: str | None = "",
    authors: Iterable[str] = (),
    categories: Iterable[str] = (),
    **fields: Any,
) -> PaperRecord:
    """Clean and validate raw parser output; raise RecordError naming what is wrong."""
    clean_title = clean_text(title)
    for name in _CLEANED_FIELDS.intersection(fields):
        if fields[name]:
            fields[name] = clean_text(fields[name])
    for name in LINK_FIELDS:
        if fields.get(name):
            fields[name] = http_link(fields[name])
    record = PaperRecord(
        title=clean_title,
        title_key=title_key(clean_title),
        abstract=clean_text(abstract),
        authors=tuple(dict.fromkeys(filter(None, map(clean_text, authors)))),
        categories=tuple(dict.fromkeys(filter(None, map(str.strip, categories)))),
        **fields,
    )
    problem = _problem(record)
    if problem:
        raise RecordError(f"arXiv {record.arxiv_id}: {problem}" if record.arxiv_id else problem)
    return record


def http_link(value: str) -> str:
    """The link if it is an absolute http(s) URL, else "" (never javascript:, data: ...).

    Feeds' links end up in href attributes: anything else would run in a reader's
    browser. A paper without a link gets one derived from its arXiv id.
    """
    scheme_end = value.find("://")
    if value[: scheme_end + 3].lower() not in _HTTP_SCHEMES:
        return ""
    host = value[scheme_end + 3 :].split("/", 1)[0]
    return value if host and " " not in value else ""


def _problem(record: PaperRecord) -> str | None:
    if record.arxiv_id is not None and len(record.arxiv_id) > MAX_ARXIV_ID_CHARS:
        return _ID_TOO_LONG
    if record.version is not None and not 1 <= record.version <= MAX_VERSION:
        return f"version {record.version} is out of range (1 to {MAX_VERSION})"
    if not record.title:
        return "missing title"
    if len(record.title) > MAX_TITLE_CHARS:
        return f"title is {len(record.title)} characters (limit {MAX_TITLE_CHARS})"
    if not record.title_key:
        return f"title has no letters or digits: {record.title[:80]!r}"
    if len(record.abstract) > MAX_ABSTRACT_CHARS:
        return f"abstract is {len(record.abstract)} characters (limit {MAX_ABSTRACT_CHARS})"
    if len(record.authors) > MAX_AUTHORS:
        return f"{len(record.authors)} authors (limit {MAX_AUTHORS})"
    if max(map(len, record.authors), default=0) > MAX_AUTHOR_CHARS:
        return f"an author name is longer than {MAX_AUTHOR_CHARS} characters"
    if max(map(len, record.categories), default=0) > MAX_CATEGORY_CHARS:
        return f"a category is longer than {MAX_CATEGORY_CHARS} characters"
    for code in record.categories:
        if not _CATEGORY_CODE.fullmatch(code):
            return f"invalid category code {code[:40]!r}"
    long_fields = [name for name, limit in _FIELD_LIMITS if len(getattr(record, name)) > limit]
    return (
        f"{long_fields[0]} is longer than {MAX_FIELD_CHARS[long_fields[0]]} characters"
        if long_fields
        else None
    )


def build_withdrawal(*, arxiv_id: str, at: datetime | None) -> PaperRecord:
    """A notice that the paper is withdrawn; it never creates a paper."""
    return PaperRecord(title="", arxiv_id=arxiv_id, updated_at=at, withdrawn=True)


def arxiv_id_and_version(raw: str | None) -> tuple[str, int | None]:
    """Split '2401.01234v2' (or an abs URL, or 'oai:arXiv.org:...'); RecordError if invalid."""
    value = (raw or "").strip().removeprefix("oai:arXiv.org:")
    try:
        arxiv_id, version = split_arxiv_id(value)
    except InvalidArxivId as exc:
        raise RecordError(str(exc)) from None
    if len(arxiv_id) > MAX_ARXIV_ID_CHARS:
        raise RecordError(f"arXiv {arxiv_id}: {_ID_TOO_LONG}")
    return arxiv_id, version
