import math
import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from apps.ingest.parsers.demo import parse_demo_listing
from apps.papers.identifiers import short_id_for
from apps.papers.models import Paper
from apps.papers.search import CappedPaginator, RankedPaginator, SearchPlan
from apps.papers.search.stats import search_terms_refresh
from apps.papers.upsert import PaperRecord

SOURCE = "benchmark"
QUERIES = [
    "speculative decoding",
    "unlearning and adversarial attacks",
    "kv cache compression for long context",
    '"mixture of experts" -vision',
    "quantization or pruning llms",
    "large language models",  # matches nearly everything: the worst case
]
PAGE = 25


class Command(BaseCommand):
    help = (
        "Time typical searches on many generated papers (demo sentences among filler words), "
        "as the /search page runs them, and show PostgreSQL's plans."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--papers", type=int, default=100_000, help="generated papers wanted")
        parser.add_argument("--runs", type=int, default=5, help="timed runs per query (median)")
        parser.add_argument(
            "--clients", type=int, default=1, help="run each query from this many threads at once"
        )
        parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
        parser.add_argument("--keep", action="store_true", help="keep the generated papers")
        parser.add_argument("--yes", action="store_true", help="run even with DEBUG off")

    def handle(
        self,
        *args: Any,
        papers: Any,
        runs: Any,
        clients: Any,
        explain: Any,
        keep: Any,
        yes: Any,
        **options: Any,
    ) -> None:
        if not settings.DEBUG and not yes:
            raise CommandError("This writes generated papers into the database; pass --yes.")
        existing = Paper.objects.filter(source=SOURCE).count()
        if existing < papers:
            started = time.perf_counter()
            self._generate(existing, papers)
            self.stdout.write(
                f"Generated {papers - existing} papers in {time.perf_counter() - started:.0f} s"
            )
        started = time.perf_counter()
        search_terms_refresh()  # as after an ingest run: the new papers' words counted
        self.stdout.write(f"Counted the new papers' words in {time.perf_counter() - started:.1f} s")
        # As after autovacuum: fresh statistics, no pending GIN list (VACUUM needs autocommit).
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{vacuum} {connection.ops.quote_name(Paper._meta.db_table)}")
        total = Paper.objects.count()
        self.stdout.write(
            f"{total} papers in the table; {runs} runs by each of {clients} concurrent "
            "client(s): medians and the 95th percentile of the total, milliseconds\n"
        )
        self.stdout.write(
            f"{'query':<40} {'matches':>8} {'ranked':>6} {'plan':>6} {'window':>6} {'count':>6} "
            f"{'page':>7} "
            f"{'snippets':>8} {'total':>7} {'p95':>7}"
        )
        try:
            for query in QUERIES:
                self._time(query, runs, clients, explain)
        finally:
            if not keep:
                deleted, _ = Paper.objects.filter(source=SOURCE).delete()
                self.stdout.write(f"\nRemoved the generated papers ({deleted} rows).")

    def _time(self, query: str, runs: int, clients: int, explain: bool) -> None:
        def one_run() -> dict[str, float]:
            timings = {}
            started = time.perf_counter()
            plan = SearchPlan.build(query)
            timings["plan"] = time.perf_counter() - started
            started = time.perf_counter()
            paginator = RankedPaginator(plan.apply(Paper.objects.published()), PAGE)
            timings["window"] = time.perf_counter() - started  # the ids of the matches ranked
            started = time.perf_counter()
            _ = paginator.count  # the capped count, as the page shows it
            timings["count"] = time.perf_counter() - started
            started = time.perf_counter()
            page = list(paginator.page(1).object_list)
            timings["page"] = time.perf_counter() - started
            started = time.perf_counter()
            plan.annotate_page(page)
            timings["snippets"] = time.perf_counter() - started
            return timings

        def client(_: int) -> list[dict[str, float]]:
            try:
                return [one_run() for _ in range(runs)]
            finally:
                connection.close()

        if clients > 1:
            with ThreadPoolExecutor(clients) as pool:
                samples = [run for batch in pool.map(client, range(clients)) for run in batch]
        else:
            samples = [one_run() for _ in range(runs)]
        medians = {name: statistics.median(s[name] for s in samples) * 1000 for name in samples[0]}
        totals = sorted(sum(s.values()) * 1000 for s in samples)
        p95 = totals[min(len(totals) - 1, math.ceil(0.95 * len(totals)) - 1)]
        plan = SearchPlan.build(query)
        ranked = RankedPaginator(plan.apply(Paper.objects.published()), PAGE)
        every = CappedPaginator(plan.apply(Paper.objects.published(), best_only=False), PAGE)
        matches = f"{every.count}{'+' if every.capped else ''}"
        self.stdout.write(
            f"{query[:40]:<40} {matches:>8} {ranked.count:>6} {medians['plan']:>6.1f} "
            f"{medians['window']:>6.1f} {medians['count']:>6.1f} {medians['page']:>7.1f} "
            f"{medians['snippets']:>8.1f} "
            f"{sum(medians.values()):>7.1f} {p95:>7.1f}"
        )
        results = plan.apply(Paper.objects.published())
        if explain:
            sql, params = results[:PAGE].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                for (line,) in cursor.fetchall():
                    self.stdout.write(f"    {line}")

    def _generate(self, start: int, stop: int) -> None:
        corpus = _Corpus(random.Random(start))
        epoch = datetime(2023, 1, 1, tzinfo=UTC)
        batch: list[Paper] = []
        for n in range(start, stop):
            key = f"benchmark {n}"
            batch.append(
                Paper(
                    title=corpus.title(),
                    title_key=key,
                    short_id=short_id_for(key),
                    abstract=corpus.abstract(),
                    published_at=epoch + timedelta(minutes=corpus.rng.randrange(3 * 525_600)),
                    vote_count=int(corpus.rng.paretovariate(1.5)) - 1,
                    source=SOURCE,
                )
            )
            if len(batch) == 5000:
                Paper.objects.bulk_create(batch)
                batch = []
        Paper.objects.bulk_create(batch)


class _Corpus:
    """Abstracts of a few demo sentences among filler from a Zipf-distributed vocabulary.

    Real abstracts share a long tail of words; without the filler every demo
    word would be in a quarter of the papers and every query would be broad.
    """

    VOCABULARY = 30_000
    SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]

    def __init__(self, rng: random.Random):
        self.rng = rng
        demo = [
            record
            for record in parse_demo_listing(settings.DEMO_LISTING_PATH.read_text("utf-8"))
            if isinstance(record, PaperRecord)
        ]
        self.sentences = [s.strip() + "." for r in demo for s in r.abstract.split(". ") if s]
        self.titles = [r.title.split() for r in demo]
        words = {"".join(rng.choices(self.SYLLABLES, k=rng.randint(2, 4))) for _ in range(40_000)}
        self.words = sorted(words)[: self.VOCABULARY]
        rng.shuffle(self.words)
        self.cumulative = list(accumulate(1 / rank for rank in range(1, len(self.words) + 1)))

    def title(self) -> str:
        first, second = self.rng.choice(self.titles), self.rng.choice(self.titles)
        return " ".join(first[: len(first) // 2] + second[len(second) // 2 :])

    def abstract(self) -> str:
        parts = self.rng.sample(self.sentences, self.rng.randint(2, 3))
        for _ in range(self.rng.randint(3, 6)):
            words = self.rng.choices(self.words, cum_weights=self.cumulative, k=18)
            parts.append(" ".join(words).capitalize() + ".")
        self.rng.shuffle(parts)
        return " ".join(parts)
