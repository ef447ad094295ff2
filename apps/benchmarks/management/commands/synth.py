import json
from dataclasses import fields
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.benchmarks.synth import (
    EDITOR,
    PASSWORD,
    SOURCE,
    SynthOptions,
    SynthRefused,
    reader_name,
    synth_run,
)


class Command(BaseCommand):
    help = (
        "Fill a database of its own with synthetic papers (titles and abstracts from a word "
        "model of the demo papers over a long-tailed vocabulary), authors, categories, tags, "
        "readers, votes and daily staff picks, in bulk (COPY, indexes rebuilt after, ANALYZE). "
        f"It refuses a database holding any paper not made by it (source '{SOURCE}'), and "
        "one holding its own data unless --reset, which first removes the synthetic papers "
        "with everything attached to them (votes, picks, links), the authors on no paper and "
        f"the synthetic accounts. Every account ({reader_name(1)}..., {EDITOR}) has the "
        f"password '{PASSWORD}'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--papers", type=int, required=True)
        parser.add_argument("--users", type=int, required=True, help="reader accounts")
        parser.add_argument("--votes", type=int, required=True)
        parser.add_argument(
            "--annotations", type=int, default=0, help="annotations: notes, passages and replies"
        )
        parser.add_argument(
            "--lists",
            type=int,
            default=0,
            help="reading lists, Read later first (3-30 papers each)",
        )
        parser.add_argument("--seed", type=int, default=0, help="same seed, same data")
        parser.add_argument("--reset", action="store_true", help="replace earlier synthetic data")
        parser.add_argument("--yes", action="store_true", help="run even with DEBUG off")

    def handle(self, *args: Any, yes: Any, **options: Any) -> None:
        if not settings.DEBUG and not yes:
            raise CommandError(
                "This replaces the database's papers with synthetic ones; pass --yes."
            )
        wanted = SynthOptions(**{f.name: options[f.name] for f in fields(SynthOptions)})
        if min(wanted.papers, wanted.users, wanted.votes) < 0:
            raise CommandError("--papers, --users and --votes cannot be negative")
        try:
            result = synth_run(wanted, report=self.stdout.write)
        except (SynthRefused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Sign in as {reader_name(1)} ... {reader_name(wanted.users)} (readers) or {EDITOR} "
            f"(staff) with the password {PASSWORD!r}."
        )
        self.stdout.write(
            json.dumps(
                {
                    "counts": result.counts,
                    "seconds": {**result.seconds, "total": round(sum(result.seconds.values()), 2)},
                    "cpu_seconds": result.cpu_seconds,
                }
            )
        )
