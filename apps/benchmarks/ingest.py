"""The ingest benchmark: a generated Atom feed into a database that already holds many papers.

Text comes from the demo listing (real abstracts, so PostgreSQL's to_tsvector
does real work), numbered so that every paper is distinct.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from apps.ingest.indexes import search_indexes_merge_pending
from apps.ingest.parsers.arxiv_api import parse_arxiv_api
from apps.ingest.parsers.demo import parse_demo_listing
from apps.ingest.services import ingest_records
from apps.papers.models import Paper
from apps.papers.upsert import PaperRecord, RecordError
from apps.papers.upsert import sql as upsert_sql

from .sql_timing import SqlTimer

SEED_SOURCE = "benchmark-seed"
SEED_CHUNK = 100_000
AUTHOR_POOL = 50_000
# The upsert's statements by what they do (the staging COPY is not an execute: not counted).
UPSERT_STEPS = {
    "match": r"^\s*(ANALYZE|UPDATE) paper_stage",
    "papers": rf"^\s*(INSERT INTO|UPDATE) {upsert_sql.PAPER}\b",
    "links": r"^\s*(INSERT INTO|DELETE FROM) ",
    "stage": r"paper_stage|pg_advisory|set_config",
}


def demo_texts() -> list[tuple[str, str]]:
    text = settings.DEMO_LISTING_PATH.read_text(encoding="utf-8")
    return [(r.title, r.abstract) for r in parse_demo_listing(text) if isinstance(r, PaperRecord)]


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
    """Bring the database up to `target` papers with generated ones; return how many it added.

    Done in SQL (INSERT ... SELECT), in chunks of 100,000 each in its own transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {upsert_sql.PAPER}")
        have = cursor.fetchone()[0]
        texts = demo_texts()
        added = 0
        while have + added < target:
            size = min(SEED_CHUNK, target - have - added)
            started = time.perf_counter()
            with transaction.atomic():
                _seed_chunk(cursor, texts, first=have + added, size=size)
            added += size
            report(f"seeded {have + added:,} papers ({time.perf_counter() - started:.0f} s)")
    return added


def _seed_chunk(
    cursor: CursorWrapper, texts: list[tuple[str, str]], *, first: int, size: int
) -> None:
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS seed_text (i int, title text, abstract text)")
    cursor.execute("TRUNCATE seed_text")
    with cursor.cursor.copy("COPY seed_text (i, title, abstract) FROM STDIN") as copy:
        for i, (title, abstract) in enumerate(texts):
            copy.write_row((i, title, abstract))
    cursor.execute(
        f"INSERT INTO {upsert_sql.CATEGORY} (code, name) VALUES ('cs.CL', ''), ('cs.LG', '') "
        f"ON CONFLICT (code) DO NOTHING"
    )
    cursor.execute(
        f"INSERT INTO {upsert_sql.AUTHOR} (name) SELECT 'Author ' || g "
        f"FROM generate_series(0, {AUTHOR_POOL - 1}) g ON CONFLICT (name) DO NOTHING"
    )
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {upsert_sql.PAPER}")
    before = cursor.fetchone()[0]
    # Numbers 1001.10000 on: never the feed's 2501.* ids.
    arxiv_id = (
        "to_char(1001 + n / 90000, 'FM0000') || '.' || to_char(10000 + n %% 90000, 'FM00000')"
    )
    rows = f"""(
        SELECT nextval(pg_get_serial_sequence('{upsert_sql.PAPER}', 'id')) AS paper_id,
            {arxiv_id} AS arxiv_id, lower(t.title) || ' ' || n AS title_key,
            'b' || n AS short_id, 1 AS version, t.title || ' (seed ' || n || ')' AS title,
            t.abstract || ' ' || n AS abstract,
            'Author ' || n %% {AUTHOR_POOL} || ', Author ' || (n + 1) %% {AUTHOR_POOL}
                AS authors_text,
            timestamptz '2020-01-01' + n * interval '1 minute' AS published_at,
            NULL::timestamptz AS updated_at, '' AS comment, '' AS journal_ref, '' AS doi,
            '' AS abs_url, '' AS pdf_url, ARRAY['cs.CL'] AS categories, 'C' AS action, n AS ord
        FROM generate_series({first}, {first + size - 1}) n
        JOIN seed_text t ON t.i = n %% {len(texts)})"""
    statement, params = upsert_sql.insert_papers(
        {"source": SEED_SOURCE, "now": "2024-06-01T00:00:00Z", "published": "published"},
        rows=rows,
    )
    cursor.execute(statement, params)
    cursor.execute(
        f"""INSERT INTO {upsert_sql.AUTHORSHIP} (paper_id, author_id, position)
        SELECT p.id, a.id, k FROM {upsert_sql.PAPER} p CROSS JOIN generate_series(0, 1) k
        JOIN {upsert_sql.AUTHOR} a ON a.name = 'Author ' || (p.id + k) %% {AUTHOR_POOL}
        WHERE p.id > %s""",
        [before],
    )
    cursor.execute(
        f"""INSERT INTO {upsert_sql.PAPER_CATEGORY} (paper_id, category_id)
        SELECT p.id, c.id FROM {upsert_sql.PAPER} p JOIN {upsert_sql.CATEGORY} c
        ON c.code IN ('cs.CL', 'cs.LG') WHERE p.id > %s""",
        [before],
    )


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
