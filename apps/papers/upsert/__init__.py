"""Bulk insert-or-update of papers from normalised records (what every ingest source feeds)."""

from .records import (
    PaperRecord,
    RecordError,
    arxiv_id_and_version,
    build_record,
    build_withdrawal,
    clean_text,
)
from .service import UpsertResult, paper_upsert_many

__all__ = [
    "PaperRecord",
    "RecordError",
    "UpsertResult",
    "arxiv_id_and_version",
    "build_record",
    "build_withdrawal",
    "clean_text",
    "paper_upsert_many",
]
