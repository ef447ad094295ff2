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
# Within the columns' own limits: a longer value is cut or dropped, never sent to the database.
MAX_FIELD_CHARS = {
    "comment": 2_000,
    "journal_ref": 2_000,
    "doi": _max_length(Paper, "doi"),
    "abs_url": _max_length(Paper, "abs_url"),
    "pdf_url": _max_length(Paper, "pdf_url"),
}
LINK_FIELDS = ("abs_url", "pdf_url")
ELLIPSIS = "\u2026"
_CLEANED_FIELDS = frozenset(MAX_FIELD_CHARS)
_CUT_FIELDS = frozenset(("comment", "journal_ref"))
_DROPPED_FIELDS = _CLEANED_FIELDS - _CUT_FIELDS  # a cut DOI or link would name something else
# Names run together: "A. Aad, B. Abbott, and C. Abdallah"; "X; Y".
_NAME_SEPARATOR = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# arXiv subject classes: cs.CL, hep-th, cond-mat.mes-hall, q-bio.NC.
_CATEGORY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_HTTP_SCHEMES = ("http://", "https://")
_ID_TOO_LONG = f"the arXiv id is longer than {MAX_ARXIV_ID_CHARS} characters"


class RecordError(ValueError):
    """A record that cannot become a paper (no usable id or title); it is rejected on its own."""


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
    # The upstream item as received (hf-daily), kept beside the paper; for other
    # sources, the original values of what build_record cut or dropped.
    raw: dict | None = None
    # What build_record changed to fit the columns ("title cut from 1518 to 1000 characters").
    adjustments: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How messages name the record: "arXiv 2401.01234", or its title."""
        return f"arXiv {self.arxiv_id}" if self.arxiv_id else repr(self.title[:80])

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
    """Clean raw parser output and fit it to the columns; RecordError if it cannot be a paper.

    A value over its limit is cut with an ellipsis (a DOI or link over its limit,
    or not a link, and a malformed category code are dropped instead: cut, they
    would name something else); the record says what was adjusted, and keeps the
    original values in `raw` when the source gave no raw item.
    """
    fit = _Fitting()
    for name in _CLEANED_FIELDS.intersection(fields):
        if fields[name]:
            fields[name] = clean_text(fields[name])
    for name in _CUT_FIELDS.intersection(fields):
        fields[name] = fit.cut(name, fields[name] or "", MAX_FIELD_CHARS[name])
    for name in _DROPPED_FIELDS.intersection(fields):
        if fields[name]:
            fields[name] = fit.link_or_identifier(name, fields[name])
    clean_title = fit.cut("title", clean_text(title), MAX_TITLE_CHARS)
    record = PaperRecord(
        title=clean_title,
        title_key=title_key(clean_title),
        abstract=fit.cut("abstract", clean_text(abstract), MAX_ABSTRACT_CHARS),
        authors=fit.authors(authors),
        categories=fit.categories(categories),
        **fields,
    )
    problem = _problem(record)
    if problem:
        raise RecordError(f"arXiv {record.arxiv_id}: {problem}" if record.arxiv_id else problem)
    if fit.notes:
        record.adjustments = tuple(fit.notes)
        if record.raw is None:
            record.raw = {"original": fit.originals}
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


def cut_to(value: str, limit: int) -> str:
    """The value, or its first limit - 1 characters and an ellipsis: never over the limit."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + ELLIPSIS


def split_names(value: str) -> list[str]:
    """A list of names given as one ("A. Aad, B. Abbott and C. Abdallah"), or [] if unclear.

    Only when every piece looks like a name (two to eight words, within the
    column): "Aad, G., Abbott, B." (surname, initials) is not split.
    """
    pieces = [piece.strip() for piece in _NAME_SEPARATOR.split(value)]
    if len(pieces) < 2 or not all(
        2 <= len(piece.split()) <= 8 and len(piece) <= MAX_AUTHOR_CHARS for piece in pieces
    ):
        return []
    return pieces


class _Fitting:
    """What build_record changed to fit a record to its columns, and the values it replaced."""

    __slots__ = ("notes", "originals")

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.originals: dict[str, Any] = {}

    def cut(self, name: str, value: str, limit: int) -> str:
        if len(value) <= limit:
            return value
        self.notes.append(f"{name} cut from {len(value)} to {limit} characters")
        self.originals[name] = value
        return cut_to(value, limit)

    def link_or_identifier(self, name: str, value: str) -> str:
        kept = http_link(value) if name in LINK_FIELDS else value
        if not kept:
            why = "not an http(s) link"
        elif len(kept) > MAX_FIELD_CHARS[name]:
            why = f"{len(kept)} characters (limit {MAX_FIELD_CHARS[name]})"
        else:
            return kept
        self.notes.append(f"{name} dropped: {why}")
        self.originals[name] = value
        return ""

    def authors(self, names: Iterable[str]) -> tuple[str, ...]:
        received = list(filter(None, map(clean_text, names)))
        notes_before = len(self.notes)
        kept: list[str] = []
        for name in received:
            if len(name) <= MAX_AUTHOR_CHARS:
                kept.append(name)
            elif pieces := split_names(name):
                self.notes.append(f"an author name of {len(name)} characters split into "
                                  f"{len(pieces)} names")  # fmt: skip
                kept.extend(pieces)
            else:
                self.notes.append(f"an author name cut from {len(name)} to "
                                  f"{MAX_AUTHOR_CHARS} characters")  # fmt: skip
                kept.append(cut_to(name, MAX_AUTHOR_CHARS))
        unique = tuple(dict.fromkeys(kept))
        if len(unique) > MAX_AUTHORS:
            self.notes.append(f"{len(unique)} authors, the first {MAX_AUTHORS} kept")
            unique = unique[:MAX_AUTHORS]
        if len(self.notes) > notes_before:
            self.originals["authors"] = received
        return unique

    def categories(self, codes: Iterable[str]) -> tuple[str, ...]:
        received = list(dict.fromkeys(filter(None, map(str.strip, codes))))
        kept = [code for code in received if _is_category_code(code)]
        if len(kept) < len(received):
            dropped = [clean_text(code)[:40] for code in received if code not in kept]
            self.notes.append(f"category codes dropped: {', '.join(map(repr, dropped))}")
            self.originals["categories"] = [clean_text(code) for code in received]
        return tuple(kept)


def _is_category_code(code: str) -> bool:
    return len(code) <= MAX_CATEGORY_CHARS and _CATEGORY_CODE.fullmatch(code) is not None


def _problem(record: PaperRecord) -> str | None:
    """What makes the record no paper at all (everything else was fitted)."""
    if record.arxiv_id is not None and len(record.arxiv_id) > MAX_ARXIV_ID_CHARS:
        return _ID_TOO_LONG
    if record.version is not None and not 1 <= record.version <= MAX_VERSION:
        return f"version {record.version} is out of range (1 to {MAX_VERSION})"
    if not record.title:
        return "missing title"
    if not record.title_key:
        return f"title has no letters or digits: {record.title[:80]!r}"
    return None


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
