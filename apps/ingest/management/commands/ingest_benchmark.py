import json

from django.core.management.base import BaseCommand

from apps.ingest.benchmark import remove_generated, run_benchmark, seed_existing


class Command(BaseCommand):
    help = (
        "Benchmark: ingest a generated Atom feed of --papers new papers into a database "
        "brought up to --existing papers first; prints papers/second and where time goes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--papers", type=int, default=50_000)
        parser.add_argument("--existing", type=int, default=1_000_000)
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--seed-only", action="store_true", help="only add the existing papers")
        parser.add_argument(
            "--keep", action="store_true", help="keep the new papers (default: delete them after)"
        )

    def handle(self, *args, papers, existing, batch_size, seed_only, keep, **options):
        seed_existing(existing, report=self.stdout.write)
        if seed_only:
            return
        result = run_benchmark(papers=papers, batch_size=batch_size)
        if not keep:
            remove_generated(papers)
        s = result.seconds
        vector = max(0.0, s["insert.vector"] - s["insert.plain"])
        indexes = max(0.0, s.get("upsert.papers", 0.0) - s["insert.vector"])
        lines = [
            f"papers: {papers:,} new into {existing:,} existing",
            f"parse:       {result.rate('parse'):>10,.0f} papers/s ({s['parse']:.2f} s)",
            f"upsert:      {result.rate('upsert'):>10,.0f} papers/s ({s['upsert']:.2f} s)",
            f"end to end:  {result.rate('total'):>10,.0f} papers/s ({s['total']:.2f} s)",
            f"search vector: {vector / s['total']:.0%} of end to end ({vector:.2f} s)",
            f"indexes:       {indexes / s['total']:.0%} of end to end ({indexes:.2f} s)",
            "upsert steps: "
            + ", ".join(f"{k[7:]} {v:.2f} s" for k, v in s.items() if k.startswith("upsert.")),
            f"re-ingest:   {result.again} in {s['again']:.2f} s",
        ]
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            json.dumps({"counts": result.counts, "again": result.again, "seconds": s})
        )
