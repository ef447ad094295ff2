from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from apps.ingest.services import ingest_demo_listing
from apps.papers.models import Paper
from apps.papers.search.relevance import (
    JUDGED_QUERIES_PATH,
    RANKERS,
    load_judged_queries,
    score,
    top_titles,
)

K = 10


class Command(BaseCommand):
    help = (
        "Print precision@10 and nDCG@10 of search_papers and of plain websearch_to_tsquery "
        "on the judged query set over the demo papers (loaded first if missing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", default=str(JUDGED_QUERIES_PATH), help="judged set (JSON)")
        parser.add_argument("--show", action="store_true", help="print each query's top 10")

    def handle(self, *args: Any, queries: Any, show: Any, **options: Any) -> None:
        judged = load_judged_queries(queries)
        keys = {key for item in judged for key in item.grades}
        if Paper.objects.filter(title_key__in=keys).count() < len(keys):
            report = ingest_demo_listing(path=settings.DEMO_LISTING_PATH)
            self.stdout.write(f"Loaded the demo listing: {report.as_dict()}")
        with connection.cursor() as cursor:  # word frequencies for the ranking's weights
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Paper._meta.db_table)}")
        demo_keys = Paper.objects.filter(source="demo").values("title_key")
        papers = Paper.objects.published().filter(title_key__in=demo_keys)

        names = list(RANKERS)
        header = f"{'query':<52} {'rel':>3}" + "".join(
            f" {name + ' P@10':>18} {'nDCG@10':>8}" for name in names
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        totals = {name: [0.0, 0.0] for name in names}
        for item in judged:
            row = f"{item.query[:52]:<52} {len(item.grades):>3}"
            for name in names:
                result = score(RANKERS[name], papers, item, K)
                totals[name][0] += result.precision
                totals[name][1] += result.ndcg
                row += f" {result.precision:>18.2f} {result.ndcg:>8.3f}"
            self.stdout.write(row)
            if show:
                for n, title in enumerate(top_titles(RANKERS[names[0]], papers, item.query, K), 1):
                    self.stdout.write(f"      {n:>2}. {title[:90]}")
        self.stdout.write("-" * len(header))
        ceiling = sum(min(len(item.grades), K) / K for item in judged) / len(judged)
        row = f"{f'mean over {len(judged)} queries':<52} {'':>3}"
        for name in names:
            precision, ndcg = (total / len(judged) for total in totals[name])
            row += f" {precision:>18.3f} {ndcg:>8.3f}"
        self.stdout.write(row)
        self.stdout.write(f"(the best possible mean P@10 on this set is {ceiling:.3f})")
