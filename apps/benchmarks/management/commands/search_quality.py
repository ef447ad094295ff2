from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from apps.ingest.services import ingest_demo_listing
from apps.papers.models import Paper
from apps.papers.search.relevance import (
    JUDGED_QUERIES_PATH,
    RANKERS,
    JudgedSet,
    load_judged_queries,
    load_tag_queries,
    score,
    top_titles,
)
from apps.papers.search.stats import search_terms_refresh

K = 10


class Command(BaseCommand):
    help = (
        "Print precision@10 and nDCG@10 of search_papers, of the ranking before BM25 and of "
        "plain websearch_to_tsquery on two judged sets over the demo papers (loaded first if "
        "missing): the curator's judged queries, and the curator's tags' names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", default=str(JUDGED_QUERIES_PATH), help="judged set (JSON)")
        parser.add_argument("--show", action="store_true", help="print each query's top 10")

    def handle(self, *args: Any, queries: Any, show: Any, **options: Any) -> None:
        sets = [JudgedSet("judged queries", load_judged_queries(queries)), load_tag_queries()]
        keys = {key for judged in sets for item in judged.queries for key in item.grades}
        if Paper.objects.filter(title_key__in=keys).count() < len(keys):
            report = ingest_demo_listing(path=settings.DEMO_LISTING_PATH)
            self.stdout.write(f"Loaded the demo listing: {report.as_dict()}")
        search_terms_refresh()  # the words' document frequencies, as ingest keeps them
        with connection.cursor() as cursor:  # the planner's statistics, which the old ranking read
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Paper._meta.db_table)}")
        demo_keys = Paper.objects.filter(source="demo").values("title_key")
        demo = Paper.objects.published().filter(title_key__in=demo_keys)
        for judged in sets:
            papers = demo.filter(title_key__in=judged.papers) if judged.papers else demo
            self._report(judged, papers, show)

    def _report(self, judged: JudgedSet, papers: Any, show: bool) -> None:
        names = list(RANKERS)
        header = f"{judged.name:<44} {'rel':>3}" + "".join(
            f" {name + ' P@10':>19} {'nDCG@10':>7}" for name in names
        )
        self.stdout.write("\n" + header)
        self.stdout.write("-" * len(header))
        totals = {name: [0.0, 0.0] for name in names}
        for item in judged.queries:
            row = f"{item.query[:44]:<44} {len(item.grades):>3}"
            for name in names:
                result = score(RANKERS[name], papers, item, K)
                totals[name][0] += result.precision
                totals[name][1] += result.ndcg
                row += f" {result.precision:>19.2f} {result.ndcg:>7.3f}"
            self.stdout.write(row)
            if show:
                for n, title in enumerate(top_titles(RANKERS[names[0]], papers, item.query, K), 1):
                    self.stdout.write(f"      {n:>2}. {title[:90]}")
        self.stdout.write("-" * len(header))
        count = len(judged.queries)
        ceiling = sum(min(len(item.grades), K) / K for item in judged.queries) / count
        row = f"{f'mean over {count} queries':<44} {'':>3}"
        for name in names:
            precision, ndcg = (total / count for total in totals[name])
            row += f" {precision:>19.3f} {ndcg:>7.3f}"
        self.stdout.write(row)
        self.stdout.write(f"(the best possible mean P@10 on this set is {ceiling:.3f})")
