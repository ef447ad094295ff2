"""Query parameters naming a day, an ISO week or a month, as half-open date ranges.

Bad values raise a ValidationError naming the parameter (a 400), never a 500.
"""

import re
from datetime import date, timedelta

from django.utils import timezone
from rest_framework.exceptions import ValidationError

from apps.papers.periods import MAX_YEAR, MIN_YEAR

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})", re.ASCII)
_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})", re.ASCII)


def today() -> date:
    return timezone.now().date()


def parse_day(value: str | None, param: str = "date") -> date:
    """YYYY-MM-DD; today (UTC) when absent."""
    if value in (None, ""):
        return today()
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise _invalid(param, f"'{value}' is not a date: use YYYY-MM-DD.") from None
    _check_year(day.year, param)
    return day


def parse_week(value: str | None, param: str = "week") -> tuple[date, date]:
    """ISO week YYYY-Www -> [Monday, next Monday); this week when absent."""
    if value in (None, ""):
        start = today() - timedelta(days=today().weekday())
        return start, start + timedelta(days=7)
    match = _WEEK.fullmatch(value)
    if not match:
        raise _invalid(param, f"'{value}' is not an ISO week: use YYYY-Www, e.g. 2025-W09.")
    year, week = int(match["year"]), int(match["week"])
    _check_year(year, param)
    try:
        start = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise _invalid(param, f"{year} has no week {week}.") from None
    return start, start + timedelta(days=7)


def parse_month(value: str | None, param: str = "month") -> tuple[date, date]:
    """YYYY-MM -> [first day, first day of the next month); this month when absent."""
    if value in (None, ""):
        first = today().replace(day=1)
    else:
        match = _MONTH.fullmatch(value)
        if not match or not 1 <= int(match["month"]) <= 12:
            raise _invalid(param, f"'{value}' is not a month: use YYYY-MM, e.g. 2025-02.")
        _check_year(int(match["year"]), param)
        first = date(int(match["year"]), int(match["month"]), 1)
    return first, (first + timedelta(days=32)).replace(day=1)


def _check_year(year: int, param: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _invalid(param, f"The year must be between {MIN_YEAR} and {MAX_YEAR}.")


def _invalid(param: str, message: str) -> ValidationError:
    return ValidationError({param: [message]})
