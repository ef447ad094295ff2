"""The normalised record every parser produces, and the cleaning all text gets."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from apps.papers.identifiers import title_key

MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 20_000
MAX_AUTHORS = 2_000
MAX_AUTHOR_CHARS = 300
_WHITESPACE = re.compile(r"\s+")
# Zero-width and bidi-control characters that survive copy/paste from PDFs.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"))


class RecordError(ValueError):
    """A record that cannot become a paper; it is rejected on its own."""


def clean_text(value: str | None) -> str:
    """Collapse whitespace (arXiv wraps lines), drop control and zero-width characters.

    HTML and LaTeX are kept as written: templates escape them on output.
    """
    if not value:
        return ""
    value = value.translate(_INVISIBLE)
    value = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in value
        if unicodedata.category(ch) != "Cf"
    )
    return _WHITESPACE.sub(" ", value).strip()


@dataclass(frozen=True, slots=True)
class PaperRecord:
    title: str
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
    withdrawn: bool = False

    @property
    def title_key(self) -> str:
        return title_key(self.title)

    @property
    def identity(self) -> str:
        return f"arxiv:{self.arxiv_id}" if self.arxiv_id else f"title:{self.title_key}"


def build_record(*, title: str | None, abstract: str | None = "", **fields) -> PaperRecord:
    """Clean and validate raw parser output; raise RecordError naming what is wrong."""
    clean_title = clean_text(title)
    if not clean_title:
        raise RecordError("missing title")
    if len(clean_title) > MAX_TITLE_CHARS:
        raise RecordError(f"title is {len(clean_title)} characters (limit {MAX_TITLE_CHARS})")
    if not title_key(clean_title):
        raise RecordError(f"title has no letters or digits: {clean_title[:80]!r}")
    clean_abstract = clean_text(abstract)
    if len(clean_abstract) > MAX_ABSTRACT_CHARS:
        raise RecordError(
            f"abstract is {len(clean_abstract)} characters (limit {MAX_ABSTRACT_CHARS})"
        )
    authors = tuple(dict.fromkeys(a for a in map(clean_text, fields.pop("authors", ())) if a))
    if len(authors) > MAX_AUTHORS:
        raise RecordError(f"{len(authors)} authors (limit {MAX_AUTHORS})")
    if any(len(a) > MAX_AUTHOR_CHARS for a in authors):
        raise RecordError(f"an author name is longer than {MAX_AUTHOR_CHARS} characters")
    categories = tuple(dict.fromkeys(c.strip() for c in fields.pop("categories", ()) if c.strip()))
    for name in ("comment", "journal_ref", "doi"):
        if name in fields:
            fields[name] = clean_text(fields[name])
    return PaperRecord(
        title=clean_title,
        abstract=clean_abstract,
        authors=authors,
        categories=categories,
        **fields,
    )
