from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.papers.models import SearchCorpus
from apps.papers.search.stats import search_terms_rebuild, search_terms_refresh


class Command(BaseCommand):
    help = (
        "Count the search words of the papers added since the last count (ingest does it "
        "after each run), or with --rebuild every paper again (after many edits or deletions)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="count every paper again")

    def handle(self, *args: Any, rebuild: Any, **options: Any) -> None:
        if rebuild:
            search_terms_rebuild()
        else:
            search_terms_refresh()
        corpus = SearchCorpus.objects.get()
        self.stdout.write(f"{corpus.papers} papers counted, through id {corpus.counted_through}")
