"""Ingest services: parse a listing, upsert its good records, report what happened."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from apps.papers.upsert import UpsertResult, paper_upsert_many

from .parsers.demo import parse_demo_listing
from .records import PaperRecord, RecordError

MAX_REPORTED_ERRORS = 50


@dataclass
class IngestReport:
    upsert: UpsertResult = field(default_factory=UpsertResult)
    rejected: int = 0
    errors: list[str] = field(default_factory=list)

    def reject(self, error: Exception) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(str(error))

    def as_dict(self) -> dict:
        return {**self.upsert.counts(), "rejected": self.rejected, "errors": self.errors}


def ingest_records(*, items: Iterable[PaperRecord | RecordError], source: str) -> IngestReport:
    """Upsert the good records; each bad one is counted and reported, never written."""
    report = IngestReport()

    def good_records() -> Iterator[PaperRecord]:
        for item in items:
            if isinstance(item, RecordError):
                report.reject(item)
            else:
                yield item

    report.upsert = paper_upsert_many(records=good_records(), source=source)
    return report


def ingest_demo_listing(*, path: Path | str) -> IngestReport:
    text = Path(path).read_text(encoding="utf-8")
    return ingest_records(items=parse_demo_listing(text), source="demo")
