"""Rows of a query written out in SQL, for the few hot paths where the ORM's Python costs
more than the query (apps.papers.reader_parts, apps.lists.memberships)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def raw_rows(
    sql: str, params: Sequence[Any] | Mapping[str, Any], **tables: type[Model]
) -> list[tuple]:
    """`sql` with each `{name}` replaced by that model's quoted table name, run with
    `params` (a list for `%s`, a mapping for `%(name)s`). An app names only its own
    tables (the import contracts)."""
    quoted = {
        name: connection.ops.quote_name(model._meta.db_table) for name, model in tables.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**quoted), params)
        return cursor.fetchall()
