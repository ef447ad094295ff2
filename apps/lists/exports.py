"""A reading list as BibTeX (bibtexparser's writer), RIS (rispy) and CSL-JSON (the
citeproc-js input shape: id, type, title, author [{family, given}], issued
{date-parts}, URL, DOI...). Each holds every item, in the list's order."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import bibtexparser
import rispy
from bibtexparser import model as bib
from django.db.models import Prefetch, QuerySet

from apps.papers.models import Authorship, Paper

from .models import ReadingList, ReadingListItem

_KEY_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_KEY = re.compile(r"[^A-Za-z0-9]+")


def export_items(reading_list: ReadingList) -> QuerySet[ReadingListItem]:
    """The list's items with what an export shows, in three queries."""
    authorships = Authorship.objects.select_related("author").order_by("position")
    return (
        reading_list.items.select_related("paper", "paper__primary_category")
        .prefetch_related(Prefetch("paper__authorships", queryset=authorships))
        .order_by("position", "pk")
    )


def author_names(paper: Paper) -> list[str]:
    return [authorship.author.name for authorship in paper.authorships.all()]


def split_name(name: str) -> tuple[str, str]:
    """(family, given): "Ada King Lovelace" -> ("Lovelace", "Ada King"); "Lovelace, Ada" too."""
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    given, _, family = name.strip().rpartition(" ")
    return family, given


def _year(paper: Paper) -> int | None:
    when = paper.published_at or paper.listed_on
    return when.year if when else None


def _url(paper: Paper) -> str:
    return paper.arxiv_abs_url or ""


def _balanced(value: str) -> str:
    """BibTeX values sit in braces: an unbalanced one in a title would end the field."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "").replace("}", "")


def _bibtex_key(paper: Paper, taken: set[str]) -> str:
    authors = author_names(paper)
    family = _NOT_KEY.sub("", split_name(authors[0])[0]) if authors else ""
    word = next((w for w in _KEY_WORD.findall(paper.title) if len(w) > 3), "paper")
    base = f"{family or 'anon'}{_year(paper) or ''}{word}".lower()
    key, suffix = base, ord("a")
    while key in taken:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    taken.add(key)
    return key


def to_bibtex(items: Sequence[ReadingListItem]) -> str:
    library = bibtexparser.Library()
    taken: set[str] = set()
    for item in items:
        paper = item.paper
        fields = {
            "title": paper.title,
            "author": " and ".join(
                ", ".join(filter(None, split_name(name))) for name in author_names(paper)
            ),
            "year": str(_year(paper) or ""),
            "journal": paper.journal_ref,
            "doi": paper.doi,
            "url": _url(paper),
            "abstract": paper.abstract,
            "annote": item.note,
        }
        if paper.arxiv_id:
            fields.update(eprint=paper.arxiv_id, archivePrefix="arXiv")
            if paper.primary_category:
                fields["primaryClass"] = paper.primary_category.code
        entry = bib.Entry(
            "article" if paper.journal_ref else "misc",
            _bibtex_key(paper, taken),
            [bib.Field(key, _balanced(value)) for key, value in fields.items() if value],
        )
        library.add(entry)
    return bibtexparser.write_string(library)


def to_ris(items: Sequence[ReadingListItem]) -> str:
    entries = []
    for item in items:
        paper = item.paper
        entry: dict[str, Any] = {
            "type_of_reference": "JOUR" if paper.journal_ref else "UNPB",
            "id": paper.public_id,
            "title": paper.title,
            "authors": [", ".join(filter(None, split_name(name))) for name in author_names(paper)],
            "year": str(_year(paper) or ""),
            "doi": paper.doi,
            "urls": [_url(paper)] if _url(paper) else [],
            "abstract": paper.abstract,
            "journal_name": paper.journal_ref,
            "notes": [item.note] if item.note else [],
        }
        entries.append({key: value for key, value in entry.items() if value})
    return rispy.dumps(entries)


def csl_item(item: ReadingListItem) -> dict[str, Any]:
    paper = item.paper
    when = paper.published_at or paper.listed_on
    data: dict[str, Any] = {
        "id": paper.public_id,
        # CSL 1.0.2: "article" is a preprint; a journal reference makes it a journal article.
        "type": "article-journal" if paper.journal_ref else "article",
        "title": paper.title,
        "author": [
            {"family": family, "given": given} if given else {"literal": family}
            for family, given in map(split_name, author_names(paper))
        ],
        "issued": {"date-parts": [[when.year, when.month, when.day]]} if when else None,
        "URL": _url(paper),
        "DOI": paper.doi,
        "abstract": paper.abstract,
        "container-title": paper.journal_ref,
        "note": item.note,
    }
    if paper.arxiv_id:
        data.update(number=f"arXiv:{paper.arxiv_id}", publisher="arXiv")
    return {key: value for key, value in data.items() if value}


def to_csl_json(items: Sequence[ReadingListItem]) -> str:
    return json.dumps([csl_item(item) for item in items], ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    content_type: str
    extension: str
    render: Callable[[Sequence[ReadingListItem]], str]


FORMATS = {
    f.key: f
    for f in (
        ExportFormat("bibtex", "BibTeX", "application/x-bibtex", "bib", to_bibtex),
        ExportFormat("ris", "RIS", "application/x-research-info-systems", "ris", to_ris),
        ExportFormat(
            "csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "json", to_csl_json
        ),
    )
}


def export_filename(reading_list: ReadingList, export_format: ExportFormat) -> str:
    slug = _NOT_KEY.sub("-", reading_list.name).strip("-").lower()[:60] or "list"
    return f"{slug}.{export_format.extension}"
