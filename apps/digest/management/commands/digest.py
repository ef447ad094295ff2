"""`manage.py digest send [--at ISO-DATETIME]`: what beat triggers, in this process."""

import json
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.digest import schedule, services
from apps.digest.tasks import retry_countdown, send_digest


class Command(BaseCommand):
    help = "Send the digests due at a moment (default now); ends with one JSON line of counts."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="send the digests due now, or at --at")
        send.add_argument("--at", help="an ISO 8601 date and time (UTC unless it says)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = timezone.now()
        if options["at"]:
            try:
                at = datetime.fromisoformat(options["at"])
            except ValueError as error:
                raise CommandError(f"--at: not an ISO 8601 date and time: {error}") from error
            if timezone.is_naive(at):
                at = at.replace(tzinfo=UTC)
        send_ids = schedule.sends_create_due(at=at)
        summary = services.SendSummary(due=len(send_ids))
        for send_id in send_ids:
            try:
                status = services.digest_send(send_id=send_id, final_attempt=False)
            except services.SendFailed as error:
                # Not out now: the mail worker retries it with backoff, then records it.
                self.stderr.write(f"digest {send_id}: {error}; retried by the mail worker")
                send_digest.apply_async((send_id,), countdown=retry_countdown(0))
                status = "failed"
            summary.count([status])
        self.stdout.write(json.dumps(summary.__dict__))
