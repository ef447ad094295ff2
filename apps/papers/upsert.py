"""paper_upsert_many: insert or update papers from normalised records, in bulk.

Each batch costs a fixed number of statements whatever its size: one read of
the matching papers (and their authors and categories), one insert, one update,
and a few for author and category links.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from apps.ingest.records import PaperRecord

from .identifiers import short_id_for
from .models import Author, Authorship, Category, Paper

UPDATABLE_FIELDS = (
    "arxiv_id", "version", "title", "title_key", "abstract", "authors_text", "primary_category",
    "published_at", "updated_at", "comment", "journal_ref", "doi", "abs_url", "pdf_url",
)  # fmt: skip
# Serialises concurrent upserts (several ingest workers) so two batches never
# race to insert the same paper; each batch holds it for one transaction.
UPSERT_LOCK_ID = 0x5041_5045  # "PAPE"


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)  # created or updated papers

    def add(self, other: UpsertResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed_ids.extend(other.changed_ids)

    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def paper_upsert_many(
    *, records: Iterable[PaperRecord], source: str, batch_size: int | None = None
) -> UpsertResult:
    """Create unseen papers and update changed ones; each batch commits on its own."""
    result = UpsertResult()
    for batch in _batches(records, batch_size or settings.INGEST_BATCH_SIZE):
        result.add(_upsert_batch(batch, source=source))
    return result


def _batches(records: Iterable[PaperRecord], size: int) -> Iterator[list[PaperRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _latest_per_identity(batch: list[PaperRecord]) -> list[PaperRecord]:
    latest: dict[str, PaperRecord] = {}
    for record in batch:
        seen = latest.get(record.identity)
        if seen is None or (record.version or 0) >= (seen.version or 0):
            latest[record.identity] = record
    return list(latest.values())


@transaction.atomic
def _upsert_batch(batch: list[PaperRecord], *, source: str) -> UpsertResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [UPSERT_LOCK_ID])
    records = _latest_per_identity(batch)
    existing = _existing_papers(records)
    categories = _category_ids(records)

    result = UpsertResult(unchanged=len(batch) - len(records))
    now = timezone.now()  # one ingest time per batch keeps a listing's own order
    to_create: list[tuple[Paper, PaperRecord]] = []
    to_update: list[tuple[Paper, PaperRecord]] = []
    for record in records:
        paper = existing.get(f"arxiv:{record.arxiv_id}") or existing.get(
            f"title:{record.title_key}"
        )
        if paper is None:
            paper = Paper(source=source, status=Paper.Status.PUBLISHED, ingested_at=now)
            _apply(paper, record, categories)
            paper.short_id = short_id_for(record.arxiv_id or record.title_key)
            to_create.append((paper, record))
        elif _is_newer(record, paper) and _apply(paper, record, categories):
            to_update.append((paper, record))
        else:
            result.unchanged += 1

    Paper.objects.bulk_create([paper for paper, _ in to_create])
    Paper.objects.bulk_update([paper for paper, _ in to_update], UPDATABLE_FIELDS)
    _replace_links([*to_create, *to_update], categories)
    result.created, result.updated = len(to_create), len(to_update)
    result.changed_ids = [paper.pk for paper, _ in (*to_create, *to_update)]
    return result


def _existing_papers(records: list[PaperRecord]) -> dict[str, Paper]:
    """Matching papers keyed by 'arxiv:<id>' and, for those without one, 'title:<key>'."""
    arxiv_ids = [r.arxiv_id for r in records if r.arxiv_id]
    title_keys = [r.title_key for r in records]
    papers = Paper.objects.filter(
        Q(arxiv_id__in=arxiv_ids) | Q(arxiv_id__isnull=True, title_key__in=title_keys)
    ).prefetch_related("authorships__author", "categories")
    by_key = {}
    for paper in papers:
        if paper.arxiv_id:
            by_key[f"arxiv:{paper.arxiv_id}"] = paper
        else:
            by_key[f"title:{paper.title_key}"] = paper
    return by_key


def _is_newer(record: PaperRecord, paper: Paper) -> bool:
    """A lower or equal arXiv version changes nothing; unversioned sources may correct text."""
    if record.version is not None and paper.version is not None and paper.arxiv_id:
        return record.version > paper.version
    return True


def _apply(paper: Paper, record: PaperRecord, categories: dict[str, int]) -> bool:
    """Copy the record onto the paper; return whether anything changed."""
    values = {
        "title": record.title,
        "title_key": record.title_key,
        "abstract": record.abstract,
        "authors_text": ", ".join(record.authors),
        "primary_category_id": categories.get(record.categories[0]) if record.categories else None,
        "published_at": record.published_at,
        "updated_at": record.updated_at,
        "comment": record.comment,
        "journal_ref": record.journal_ref,
        "doi": record.doi,
        "abs_url": record.abs_url,
        "pdf_url": record.pdf_url,
    }
    if record.arxiv_id:
        values["arxiv_id"] = record.arxiv_id
    if record.version is not None:
        values["version"] = record.version
    if paper.pk is not None:
        # Sources that lack a field (the demo listing has no authors) keep what we know.
        values = {k: v for k, v in values.items() if v not in ("", None)}
    changed = any(getattr(paper, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(paper, name, value)
    if paper.pk is not None:
        links_changed = (record.authors and record.authors != _author_names(paper)) or (
            record.categories and set(record.categories) != _category_codes(paper)
        )
        changed = changed or bool(links_changed)
    return changed


def _author_names(paper: Paper) -> tuple[str, ...]:
    return tuple(a.author.name for a in paper.authorships.all())


def _category_codes(paper: Paper) -> set[str]:
    return {c.code for c in paper.categories.all()}


def _category_ids(records: list[PaperRecord]) -> dict[str, int]:
    codes = {code for r in records for code in r.categories}
    if not codes:
        return {}
    Category.objects.bulk_create([Category(code=c) for c in codes], ignore_conflicts=True)
    return dict(Category.objects.filter(code__in=codes).values_list("code", "id"))


def _replace_links(pairs: list[tuple[Paper, PaperRecord]], categories: dict[str, int]) -> None:
    with_authors = [(p, r) for p, r in pairs if r.authors]
    with_categories = [(p, r) for p, r in pairs if r.categories]
    if with_authors:
        names = {name for _, r in with_authors for name in r.authors}
        Author.objects.bulk_create([Author(name=n) for n in names], ignore_conflicts=True)
        author_ids = dict(Author.objects.filter(name__in=names).values_list("name", "id"))
        Authorship.objects.filter(paper__in=[p for p, _ in with_authors]).delete()
        Authorship.objects.bulk_create(
            Authorship(paper=p, author_id=author_ids[name], position=i)
            for p, r in with_authors
            for i, name in enumerate(r.authors)
        )
    if with_categories:
        through = Paper.categories.through
        through.objects.filter(paper__in=[p for p, _ in with_categories]).delete()
        through.objects.bulk_create(
            through(paper_id=p.pk, category_id=categories[code])
            for p, r in with_categories
            for code in r.categories
        )
