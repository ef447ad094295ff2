"""The ingest benchmark: a generated Atom feed into a database that already holds many papers.

The feed's text comes from the demo listing (real abstracts, so PostgreSQL's
to_tsvector does real work), numbered so that every paper is distinct; the
papers already there are the synth command's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from django.db import connection, transaction

from apps.ingest.indexes import search_indexes_merge_pending
from apps.ingest.parsers.arxiv_api import parse_arxiv_api
from apps.ingest.services import ingest_records
from apps.papers.models import Paper
from apps.papers.upsert import PaperRecord, RecordError
from apps.papers.upsert import sql as upsert_sql

from .sql_timing import SqlTimer
from .synth import papers_append
from .synth.text import demo_texts

SEED_END = datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC)  # the feed's ids are 2501.*
AUTHOR_POOL = 50_000
# The upsert's statements by what they do (the staging COPY is not an execute: not counted).
UPSERT_STEPS = {
    "match": r"^\s*(ANALYZE|UPDATE) paper_stage",
    "papers": rf"^\s*(INSERT INTO|UPDATE) {upsert_sql.PAPER}\b",
    "links": r"^\s*(INSERT INTO|DELETE FROM) ",
    "stage": r"paper_stage|pg_advisory|set_config",
}


def atom_entry(n: int, title: str, abstract: str, *, version: int = 1, prefix: str = "2501") -> str:
    arxiv_id = f"{prefix}.{n:05d}"
    authors = "".join(
        f"<author><name>Author {(n * 7 + k) % AUTHOR_POOL}</name></author>" for k in range(4)
    )
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id>"
        "<updated>2025-01-02T10:00:00Z</updated><published>2025-01-02T10:00:00Z</published>"
        f"<title>{escape(title)}\n  (study {n})</title><summary>  {escape(abstract)}\n</summary>"
        f"{authors}<arxiv:comment>12 pages</arxiv:comment>"
        f'<link href="http://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" type="text/html"/>'
        f'<link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v{version}" rel="related" '
        'type="application/pdf"/><arxiv:primary_category term="cs.CL"/>'
        '<category term="cs.CL"/><category term="cs.LG"/></entry>\n'
    )


def atom_feed(entries: list[str], *, total: int, start: int = 0) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<title>Generated</title>\n'
        f"<opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"<opensearch:startIndex>{start}</opensearch:startIndex>\n"
        f"{''.join(entries)}</feed>\n"
    ).encode()


def generated_feed(papers: int) -> bytes:
    texts = demo_texts()
    entries = [atom_entry(n, *texts[n % len(texts)]) for n in range(papers)]
    return atom_feed(entries, total=papers)


def seed_existing(target: int, *, report: Callable[[str], object] = print) -> int:
    """Bring the database up to `target` papers with synthetic ones; return how many it added.

    They are the synth command's papers (COPY, indexes rebuilt after when the
    table at least doubles), published up to SEED_END: before the feed's.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {upsert_sql.PAPER}")
        have = cursor.fetchone()[0]
        if have >= target:
            return 0
        # The feed's authors are known already, as a big database's would mostly be.
        cursor.execute(
            f"INSERT INTO {upsert_sql.AUTHOR} (name) SELECT 'Author ' || g "
            f"FROM generate_series(0, {AUTHOR_POOL - 1}) g ON CONFLICT (name) DO NOTHING"
        )
    started = time.perf_counter()
    papers_append(target - have, end=SEED_END, seed=have, report=report)
    report(f"seeded {target - have:,} papers ({time.perf_counter() - started:.0f} s)")
    return target - have


@dataclass
class BenchmarkResult:
    papers: int
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    again: dict[str, int] = field(default_factory=dict)

    def rate(self, step: str) -> float:
        return self.papers / self.seconds[step] if self.seconds.get(step) else 0.0


def run_benchmark(
    *, papers: int, batch_size: int | None = None, workers: int | None = None
) -> BenchmarkResult:
    remove_generated(papers)
    search_indexes_merge_pending()  # start from tidy indexes
    result = BenchmarkResult(papers=papers)
    content = generated_feed(papers)
    started = time.perf_counter()
    page = parse_arxiv_api(content)
    parsed = time.perf_counter()
    with SqlTimer(UPSERT_STEPS).on_all_connections() as timer:
        report = ingest_records(
            items=page.items, source="arxiv-api", batch_size=batch_size, workers=workers
        )
    done = time.perf_counter()
    result.seconds.update(parse=parsed - started, upsert=done - parsed, total=done - started)
    result.seconds.update({f"upsert.{name}": s for name, s in timer.seconds.items()})
    result.counts = report.as_dict()
    merge_started = time.perf_counter()
    search_indexes_merge_pending()
    result.seconds["gin_merge"] = time.perf_counter() - merge_started
    result.seconds["insert.plain"], result.seconds["insert.vector"] = _insert_probes(page.items)
    again_started = time.perf_counter()
    result.again = ingest_records(
        items=parse_arxiv_api(content).items,
        source="arxiv-api",
        batch_size=batch_size,
        workers=workers,
    ).as_dict()
    result.seconds["again"] = time.perf_counter() - again_started
    return result


def remove_generated(papers: int) -> int:
    """Delete the feed's papers, so the next benchmark starts from the same database."""
    ids = [f"2501.{n:05d}" for n in range(papers)]
    deleted, _ = Paper.objects.filter(arxiv_id__in=ids).delete()
    return deleted


def _insert_probes(records: list[PaperRecord | RecordError]) -> tuple[float, float]:
    """Insert the same papers into an empty heap without, then with, the generated columns.

    Rolled back. Their difference is the search vector's cost; the real insert
    minus the second is what the indexes (and a big table) cost.
    """
    ids = [r.arxiv_id for r in records if isinstance(r, PaperRecord)]
    columns = [f.column for f in Paper._meta.concrete_fields if not f.generated]
    column_list = ", ".join(columns)
    timings = []
    with transaction.atomic(), connection.cursor() as cursor:
        for name, including in (("probe_plain", ""), ("probe_vector", "INCLUDING GENERATED")):
            cursor.execute(
                f"CREATE TEMP TABLE {name} (LIKE {upsert_sql.PAPER} INCLUDING DEFAULTS {including})"
            )
            started = time.perf_counter()
            cursor.execute(
                f"INSERT INTO {name} ({column_list}) SELECT {column_list} "
                f"FROM {upsert_sql.PAPER} WHERE arxiv_id = ANY(%s)",
                [ids],
            )
            timings.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    return timings[0], timings[1]
