"""Bulk loading in PostgreSQL: COPY, secondary indexes and foreign keys dropped and rebuilt.

Everything runs on Django's connection inside the caller's transaction: a
failure rolls the dropped indexes back with the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.apps import apps
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import NOT_PROVIDED, AutoField, BigAutoField, Model, SmallAutoField
from psycopg.copy import QueuedLibpqWriter

LINES_PER_WRITE = 2000
MAINTENANCE_WORK_MEM = "1GB"

# A table's unique and exclusion constraints and foreign keys, then its other
# non-primary indexes (those that back no constraint).
_CONSTRAINTS = """
    SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype IN ('u', 'x', 'f') ORDER BY contype, conname"""
_INDEXES = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
    WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS (
        SELECT FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
    ORDER BY 1"""


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def copy_text(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if isinstance(value, int | float):
        return str(value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def copy_rows(
    cursor: CursorWrapper,
    model: type[Model],
    columns: Sequence[str],
    lines: Iterable[str],
    *,
    freeze: bool = False,
) -> int:
    """COPY `lines` (tab-separated values of `columns`, in COPY text) into the model's table.

    The other columns get the model's default, as an INSERT through Django would (or
    the column's database default, where it has one);
    generated columns are PostgreSQL's, an auto primary key its sequence's. The
    rows go to the server from a thread while the caller produces the next ones.
    """
    defaults = {
        field.column: copy_text(field.get_db_prep_save(field.get_default(), connection))
        for field in model._meta.concrete_fields
        if field.column not in columns
        and not field.generated
        and field.db_default is NOT_PROVIDED  # the database fills those
        and not isinstance(field, AutoField | BigAutoField | SmallAutoField)
    }
    suffix = "".join(f"\t{value}" for value in defaults.values()) + "\n"
    names = ", ".join(quote(c) for c in [*columns, *defaults])
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    if freeze:
        statement += " WITH (FREEZE)"
    count = 0
    with cursor.cursor.copy(statement, writer=QueuedLibpqWriter(cursor.cursor)) as copy:
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) == LINES_PER_WRITE:
                copy.write(suffix.join(batch) + suffix)
                count += len(batch)
                batch = []
        if batch:
            copy.write(suffix.join(batch) + suffix)
            count += len(batch)
    return count


def reserve_ids(cursor: CursorWrapper, model: type[Model], count: int) -> int:
    """The first of `count` consecutive primary keys no row has and the sequence will not give."""
    table = model._meta.db_table
    cursor.execute(
        f"SELECT pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) FROM {quote(table)}",
        [table],
    )
    sequence, highest = cursor.fetchone()
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = max(cursor.fetchone()[0], highest + 1)
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
    return first


class DeferredIndexes:
    """Drops the tables' secondary indexes and constraints; `restore` rebuilds them.

    Primary keys stay (other tables' foreign keys need them); check constraints
    stay (cheap, checked row by row). Foreign keys come back validated in one
    join each instead of a trigger per row.
    """

    def __init__(self, cursor: CursorWrapper, models: Sequence[type[Model]]) -> None:
        self.cursor = cursor
        self.constraints: list[tuple[str, str, str, str]] = []
        self.indexes: list[str] = []
        for model in models:
            table = model._meta.db_table
            cursor.execute(_CONSTRAINTS, [quote(table)])
            self.constraints += [(table, name, sql, kind) for name, sql, kind in cursor.fetchall()]
            cursor.execute(_INDEXES, [quote(table)])
            for name, sql in cursor.fetchall():
                self.indexes.append(sql)
                cursor.execute(f"DROP INDEX {name}")
        self.constraints.sort(key=lambda constraint: constraint[3] != "f")  # foreign keys first
        for table, name, _sql, _kind in self.constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")

    def restore(self) -> None:
        self.cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        for sql in self.indexes:
            self.cursor.execute(sql)
        for table, name, sql, _kind in reversed(self.constraints):  # foreign keys last
            self.cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {sql}")


def referencing_closure(roots: Sequence[type[Model]]) -> list[type[Model]]:
    """The roots and every model whose rows hang off them through required foreign keys.

    Emptying these tables removes exactly the roots' rows and what they own; a
    nullable foreign key would make that untrue (its rows may belong to no root).
    """
    found = list(roots)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.related_model not in found:
                    continue
                if model in found:
                    continue
                if field.null:
                    raise ValueError(
                        f"{model._meta.label}.{field.name} may be empty: emptying "
                        f"{field.related_model._meta.label} would delete rows it does not own"
                    )
                found.append(model)
                changed = True
    return found


def truncate(cursor: CursorWrapper, models: Sequence[type[Model]]) -> None:
    tables = ", ".join(quote(m._meta.db_table) for m in models)
    cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")


def analyze(cursor: CursorWrapper, models: Sequence[type[Model]]) -> None:
    for model in models:
        cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
