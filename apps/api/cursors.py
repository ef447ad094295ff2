"""The `cursor` query parameter: written by the paginator, read back strictly.

A cursor is unpadded URL-safe base64 of the JSON object

    {"o": ordering name, "d": "n" (next) | "p" (previous),
     "v": [the sort keys of the row at the page edge]}

Clients only ever copy it from a `next` / `previous` link, but anyone can forge
one, so every field is checked (type, range)
before it reaches SQL: a bad cursor is a 400 naming `cursor`, never a 500.
"""

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone

if TYPE_CHECKING:  # pagination imports this module
    from .pagination import Ordering

# Our own cursors are under 300 characters; anything much longer is not one of them.
MAX_LENGTH = 1024


class InvalidCursor(ValueError):
    """The reason a cursor was refused, for the 400's message."""


@dataclass(frozen=True)
class Position:
    backwards: bool  # a `previous` link: the rows before `values`
    values: list


def encode(ordering: "Ordering", values: list[Any], *, backwards: bool) -> str:
    payload: dict[str, Any] = {
        "o": ordering.name,
        "d": "p" if backwards else "n",
        "v": [_dump(value) for value in values],
    }
    token = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
    return token.decode().rstrip("=")


def decode(raw: str, ordering: "Ordering") -> Position:
    """The position a cursor names in `ordering`; InvalidCursor if it is not one we wrote."""
    payload = _load(raw)
    if not isinstance(payload, dict):
        raise InvalidCursor("not a JSON object")
    if payload.get("o") != ordering.name:
        raise InvalidCursor("it belongs to another ordering")
    if set(payload) != {"o", "d", "v"}:
        raise InvalidCursor("missing or unknown fields")
    if payload["d"] not in ("n", "p"):
        raise InvalidCursor("unknown direction")
    values = payload["v"]
    if not isinstance(values, list) or len(values) != len(ordering.keys):
        raise InvalidCursor("wrong number of sort keys")
    fields = [key.output_field for key in ordering.keys]
    return Position(
        backwards=payload["d"] == "p",
        values=[_read(field, value) for field, value in zip(fields, values, strict=True)],
    )


def _load(raw: str) -> object:
    if len(raw) > MAX_LENGTH:
        raise InvalidCursor("too long")
    try:
        data = base64.urlsafe_b64decode((raw + "=" * (-len(raw) % 4)).encode("ascii"))
        return json.loads(data)
    except (ValueError, UnicodeError, binascii.Error, RecursionError):
        raise InvalidCursor("not base64-encoded JSON") from None


def _read(field: models.Field, value: object) -> datetime | float:
    """A sort key's value, of the type and within the range of its database column."""
    if isinstance(field, models.DateTimeField):
        return _read_datetime(value)
    if isinstance(value, bool):  # a JSON true is not a number here
        raise InvalidCursor("a sort key has the wrong type")
    if isinstance(field, models.FloatField):
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise InvalidCursor("a sort key is not a finite number")
        return float(value)
    if isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if not isinstance(value, int) or not low <= value <= high:
            raise InvalidCursor("a sort key is not a whole number in range")
        return value
    raise TypeError(f"No cursor reader for {type(field).__name__}")


def _read_datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise InvalidCursor("a time is not a string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidCursor("a time is not an ISO 8601 date and time") from None
    if timezone.is_naive(moment):
        raise InvalidCursor("a time has no UTC offset")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00
        raise InvalidCursor("a time is out of range") from None


def _dump(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
