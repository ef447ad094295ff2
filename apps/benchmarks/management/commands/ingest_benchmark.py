import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.benchmarks.ingest import remove_generated, run_benchmark, seed_existing


class Command(BaseCommand):
    help = (
        "Benchmark: ingest a generated Atom feed of --papers new papers into a database "
        "brought up to --existing papers first; prints papers/second and where time goes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--papers", type=int, default=50_000)
        parser.add_argument("--existing", type=int, default=1_000_000)
        parser.add_argument(
            "--batch-size", type=int, default=2500, help="papers per upsert transaction"
        )
        parser.add_argument("--workers", type=int, default=None, help="upsert connections")
        parser.add_argument("--seed-only", action="store_true", help="only add the existing papers")
        parser.add_argument(
            "--keep", action="store_true", help="keep the new papers (default: delete them after)"
        )

    def handle(
        self,
        *args: Any,
        papers: Any,
        existing: Any,
        batch_size: Any,
        workers: Any,
        seed_only: Any,
        keep: Any,
        **options: Any,
    ) -> None:
        seed_existing(existing, report=self.stdout.write)
        if seed_only:
            return
        result = run_benchmark(papers=papers, batch_size=batch_size, workers=workers)
        if not keep:
            remove_generated(papers)
        s = result.seconds
        # Database time summed over the upsert's connections (they run at once).
        steps = {k[7:]: v for k, v in s.items() if k.startswith("upsert.")}
        work = sum(steps.values()) or 1.0
        vector = max(0.0, s["insert.vector"] - s["insert.plain"])
        indexes = max(0.0, steps.get("papers", 0.0) - s["insert.vector"])
        with_merge = papers / (s["total"] + s["gin_merge"])
        lines = [
            f"papers: {papers:,} new into {existing:,} existing",
            f"parse:       {result.rate('parse'):>10,.0f} papers/s ({s['parse']:.2f} s)",
            f"upsert:      {result.rate('upsert'):>10,.0f} papers/s ({s['upsert']:.2f} s)",
            f"end to end:  {result.rate('total'):>10,.0f} papers/s ({s['total']:.2f} s)",
            f"search vector: {vector / work:.0%} of the upsert's database time ({vector:.2f} s)",
            f"indexes:       {indexes / work:.0%} of the upsert's database time ({indexes:.2f} s)",
            "upsert steps (summed over connections): "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in steps.items()),
            f"deferred GIN merge (a task after the run): {s['gin_merge']:.2f} s; "
            f"end to end including it: {with_merge:,.0f} papers/s",
            f"re-ingest:   {result.again} in {s['again']:.2f} s",
        ]
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            json.dumps({"counts": result.counts, "again": result.again, "seconds": s})
        )
