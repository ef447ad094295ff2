from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...evaluation import LABELLED, METHODS, figures, labelled_load
from ...similar import recommend_refresh, space_fit_and_save


class Command(BaseCommand):
    help = "Similar papers and recommendations: evaluate the method, or rebuild everything now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["evaluate", "rebuild"])
        parser.add_argument(
            "--labelled", type=Path, default=LABELLED, help="JSON lines: title, abstract, tags"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "evaluate":
            self._evaluate(options["labelled"])
        else:
            space_fit_and_save()
            while not recommend_refresh(budget=60):
                self.stdout.write("…")
            self.stdout.write("Features and similar papers rebuilt.")

    def _evaluate(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"--labelled: no such file: {path}")
        papers = labelled_load(path)
        if len(papers) < 11:
            raise CommandError("--labelled: at least 11 labelled papers are needed")
        self.stdout.write(f"{len(papers)} labelled papers ({path.name}); 10 neighbours each\n")
        self.stdout.write(f"{'method':<50} {'tag share@10':>12} {'nDCG@10':>8}")
        results = [figures(papers, method) for method in METHODS]
        for row in results:
            self.stdout.write(f"{row.method:<50} {row.share:>12.3f} {row.ndcg:>8.3f}")
        base, ours = results[0], results[-1]
        self.stdout.write(
            f"\ngain over plain TF-IDF: share {100 * (ours.share - base.share):+.1f} points, "
            f"nDCG@10 {100 * (ours.ndcg - base.ndcg):+.1f} points"
        )
