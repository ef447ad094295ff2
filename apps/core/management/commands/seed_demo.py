import json
import os
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.ingest.tasks import ingest_demo_listing
from apps.papers.models import Paper

DEMO_STAFF_USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "For development: load the demo papers through the Celery ingest task when the "
        "database holds no paper, and (re)set the demo staff account's password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=180.0)

    def handle(self, *args: Any, timeout: float, **options: Any) -> None:
        if Paper.objects.exists():
            self.stdout.write("Papers already loaded; not loading the demo listing.")
        else:
            self.stdout.write("Loading the demo listing through the Celery worker...")
            result = ingest_demo_listing.delay(str(settings.DEMO_LISTING_PATH))
            try:
                counts = result.get(timeout=timeout)
            except Exception as exc:
                raise CommandError(f"demo ingest failed: {exc}") from exc
            self.stdout.write(f"Demo ingest: {json.dumps(counts)}")

        password = os.environ.get("DEMO_STAFF_PASSWORD") or secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_STAFF_USERNAME,
            defaults={"display_name": "Demo editor", "email": "editor@example.org"},
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        # Staff sign in through allauth, which wants a verified address before anything.
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff account: username={user.username} password={password}")
        )
