"""Import a BibTeX file into a reading list: each entry is matched to a paper we hold
by its arXiv id (eprint, url, journal or an arXiv DOI), then its DOI, then its title;
the report says which entries matched and which we do not hold.

A file that cannot be read is refused whole (ImportRefused with the reason) and the
list is left as it was; so is a file with an unreadable entry, naming its line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model as bib
from django.db.models.functions import Lower

from apps.papers.identifiers import ARXIV_ID, title_key
from apps.papers.models import Paper

from .models import ReadingList
from .services import ITEMS_PER_LIST, list_items_add

MAX_BYTES = 2 * 1024 * 1024
_ARXIV_IN_TEXT = re.compile(rf"(?:arxiv\.org/(?:abs|pdf)/|arxiv[:\s.]\s*)({ARXIV_ID})", re.I)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.({ARXIV_ID})", re.I)
_BARE_ARXIV = re.compile(rf"^({ARXIV_ID})(?:v\d+)?$", re.I)
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")
_BRACES = re.compile(r"[{}]")


class ImportRefused(ValueError):
    pass


@dataclass
class ImportedEntry:
    key: str
    title: str
    paper: Paper | None = None
    matched_by: str = ""


@dataclass
class ImportReport:
    matched: list[ImportedEntry] = field(default_factory=list)
    unmatched: list[ImportedEntry] = field(default_factory=list)
    added: int = 0
    already_there: int = 0


@dataclass
class _Ids:
    arxiv: str = ""
    doi: str = ""
    title: str = ""


def _value(entry: bib.Entry, name: str) -> str:
    found = entry.fields_dict.get(name) or entry.fields_dict.get(name.lower())
    if found is None:  # field names keep the file's case
        found = next((f for f in entry.fields if f.key.lower() == name.lower()), None)
    return _BRACES.sub("", str(found.value)).strip() if found else ""


def entry_ids(entry: bib.Entry) -> _Ids:
    ids = _Ids(title=_value(entry, "title"))
    eprint, prefix = _value(entry, "eprint"), _value(entry, "archivePrefix").lower()
    doi = _value(entry, "doi").removeprefix("https://doi.org/").removeprefix("http://dx.doi.org/")
    if eprint and prefix in ("", "arxiv") and (bare := _BARE_ARXIV.match(eprint)):
        ids.arxiv = bare[1]
    for text in (eprint, _value(entry, "url"), _value(entry, "journal"), _value(entry, "note")):
        if not ids.arxiv and (found := _ARXIV_IN_TEXT.search(text)):
            ids.arxiv = found[1]
    if arxiv_doi := _ARXIV_DOI.match(doi):
        ids.arxiv = ids.arxiv or arxiv_doi[1]
    elif found_doi := _DOI.search(doi):
        ids.doi = found_doi[1].lower()
    return ids


def parse_bibtex(data: bytes) -> list[bib.Entry]:
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("The file is not UTF-8 text: is it a BibTeX (.bib) file?") from None
    # The parser logs each block it gives up on; the reason goes into our message instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise ImportRefused(
            f"The entry starting on line {(block.start_line or 0) + 1} could not be read "
            f"({len(library.failed_blocks)} unreadable in all); nothing was imported."
        )
    if not library.entries:
        raise ImportRefused("The file holds no BibTeX entries (@article{...}, @misc{...}).")
    if len(library.entries) > ITEMS_PER_LIST:
        raise ImportRefused(f"The file holds more than {ITEMS_PER_LIST} entries.")
    return list(library.entries)


def _match(entries: list[bib.Entry]) -> list[ImportedEntry]:
    """One query per kind of identifier, whatever the number of entries."""
    ids = [entry_ids(entry) for entry in entries]
    published = Paper.objects.published()
    by_arxiv = {
        p.arxiv_id: p for p in published.filter(arxiv_id__in={i.arxiv for i in ids if i.arxiv})
    }
    dois = {i.doi for i in ids if i.doi}
    # DOIs are case-blind: Lower("doi") is what paper_doi_lower_idx holds.
    with_doi = published.exclude(doi="").annotate(doi_lower=Lower("doi"))
    by_doi = {p.doi.lower(): p for p in with_doi.filter(doi_lower__in=dois)} if dois else {}
    # Titles only for the entries neither id matched: title_key has no full index (it
    # would slow every ingest down), so this is a scan of the papers, best avoided.
    keys = {
        title_key(i.title)
        for i in ids
        if i.title and by_arxiv.get(i.arxiv) is None and by_doi.get(i.doi) is None
    }
    by_title = {p.title_key: p for p in published.filter(title_key__in=keys)} if keys else {}
    found = []
    for entry, entry_id in zip(entries, ids, strict=True):
        imported = ImportedEntry(key=entry.key, title=entry_id.title or entry.key)
        for how, paper in (
            ("arXiv id", by_arxiv.get(entry_id.arxiv)),
            ("DOI", by_doi.get(entry_id.doi)),
            ("title", by_title.get(title_key(entry_id.title)) if entry_id.title else None),
        ):
            if paper is not None:
                imported.paper, imported.matched_by = paper, how
                break
        found.append(imported)
    return found


def bibtex_import(*, reading_list: ReadingList, data: bytes) -> ImportReport:
    """Add the papers the file names that we hold; report the rest. All or nothing."""
    report = ImportReport()
    for imported in _match(parse_bibtex(data)):
        (report.matched if imported.paper else report.unmatched).append(imported)
    papers = [imported.paper for imported in report.matched if imported.paper]
    report.added = len(list_items_add(reading_list=reading_list, papers=papers))
    report.already_there = len({p.pk for p in papers}) - report.added
    return report
