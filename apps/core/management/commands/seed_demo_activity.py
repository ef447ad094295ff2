from typing import Any

from django.core.management.base import BaseCommand

from apps.core.demo_activity import demo_activity_seed, is_demo_database


class Command(BaseCommand):
    help = (
        "For the demo database only: give the demo papers readers' votes, staff picks with "
        "notes, tags and categories (what `make screenshots` shows). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_demo_database():
            self.stdout.write(
                self.style.WARNING(
                    "Not the demo database (papers from other sources): nothing seeded."
                )
            )
            return
        counts = demo_activity_seed()
        self.stdout.write(
            "Demo activity: " + ", ".join(f"{name} {count}" for name, count in counts.items())
        )
