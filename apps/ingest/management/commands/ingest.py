import json

from django.core.management.base import BaseCommand, CommandError

from apps.ingest import services
from apps.ingest.parsers.demo import ListingFormatError

FORMATS = {"demo": services.ingest_demo_listing}


class Command(BaseCommand):
    help = "Ingest a listing file in the given format; prints one line of JSON with the counts."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(FORMATS))
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, format, paths, **options):
        totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
        for path in paths:
            try:
                report = FORMATS[format](path=path).as_dict()
            except (OSError, UnicodeDecodeError, ListingFormatError) as exc:
                totals["errors"].append(f"{path}: {exc}")
                continue
            for key in ("created", "updated", "unchanged", "rejected"):
                totals[key] += report[key]
            totals["errors"].extend(f"{path}: {error}" for error in report["errors"])
        self.stdout.write(json.dumps(totals))
        if totals["errors"]:
            raise CommandError(f"{len(totals['errors'])} error(s); see the JSON line above")
