"""Every migration of the project's apps runs backward and forward again on a populated database.

On a database of its own (spare_database): going back to zero drops every table,
which the shared test database must never see.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.curation.models import DailyPick
from apps.papers.models import Paper, Vote

from ..factories import site_with_data

pytestmark = pytest.mark.slow
PROJECT_APPS = {
    config.label for config in apps.get_app_configs() if config.name.startswith("apps.")
}


def project_migrations() -> list[tuple[str, str]]:
    """(app, migration) of the project's apps, in the order a fresh database applies them."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    return [(m.app_label, m.name) for m, _ in plan if m.app_label in PROJECT_APPS]


def step_back(migrations: list[tuple[str, str]], *, keep_first: bool = False) -> None:
    """Unapply the migrations one at a time, newest first (and whatever depends on each),
    down to each app's first migration (kept) or to zero."""
    for index in reversed(range(len(migrations))):
        app = migrations[index][0]
        earlier = [n for a, n in migrations[:index] if a == app]
        if earlier or not keep_first:
            call_command("migrate", app, earlier[-1] if earlier else "zero", verbosity=0)


def counts() -> tuple[int, int, int]:
    return Paper.objects.count(), Vote.objects.count(), DailyPick.objects.count()


def test_every_migration_reverses_and_reapplies_with_data_in_the_tables(spare_database):
    with spare_database.connected():
        call_command("migrate", verbosity=0)
        made = site_with_data()
        migrations = project_migrations()

        # Each app back to its first migration (and an app whose first migration needs
        # a later one of another, like curation's, to zero), then forward with the rows.
        step_back(migrations, keep_first=True)
        call_command("migrate", verbosity=0)

        assert Paper.objects.count() == made["papers"]
        again = site_with_data()
        assert counts()[0] == made["papers"] + again["papers"]

        step_back(migrations)  # to zero: every table of the project's apps dropped
        assert not {Paper._meta.db_table, DailyPick._meta.db_table} & set(
            connection.introspection.table_names()
        )
        for app, name in migrations:
            call_command("migrate", app, name, verbosity=0)
        call_command("migrate", verbosity=0)

        assert counts() == (0, 0, 0)
        last = site_with_data()
        assert counts() == (last["papers"], last["votes"], last["picks"])
        assert not MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
