import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.ingest import services
from apps.ingest.models import IngestRun, Kind, Source
from apps.ingest.scheduling import source_run_enqueue
from apps.ingest.tasks import index_merge_dispatch


class Command(BaseCommand):
    help = (
        "Ingest files or URLs in the given format, or run a configured source now; "
        "prints one line of JSON with the counts and exits non-zero on any error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", nargs="?", choices=Kind.values)
        parser.add_argument("targets", nargs="*", metavar="PATH_OR_URL")
        parser.add_argument("--source", metavar="NAME", help="run this configured source now")

    def handle(self, *args: Any, format: Any, targets: Any, source: Any, **options: Any) -> None:
        if source:
            if format or targets:
                raise CommandError("give either --source NAME or FORMAT PATH_OR_URL..., not both")
            run, errors = self._run_source(source)
        elif format and targets:
            run, errors = services.documents_ingest(kind=format, targets=targets)
        else:
            raise CommandError("give FORMAT and at least one PATH_OR_URL, or --source NAME")
        index_merge_dispatch(run)
        if run.note:  # such as a feed that listed nothing today: not an error
            self.stderr.write(run.note)
        self.stdout.write(json.dumps(services.counts_line(run, errors)))
        if errors:
            raise CommandError(f"{len(errors)} error(s); see the JSON line above")

    def _run_source(self, name: str) -> tuple[IngestRun, list[str]]:
        try:
            source = Source.objects.get(name=name)
        except Source.DoesNotExist:
            raise CommandError(f"no source named {name!r}") from None
        run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)
        if run is None:
            raise CommandError(f"source {name!r} already has a queued or running run")
        services.source_run_execute(run_id=run.pk)
        run.refresh_from_db()
        return run, run.record_errors + ([run.error] if run.error else [])
