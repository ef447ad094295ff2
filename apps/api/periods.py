"""Query parameters naming a day, an ISO week or a month, as half-open date ranges.

Written and bounded as on the site (apps.papers.periods); a bad value raises a
ValidationError naming the parameter (a 400), never a 500.
"""

from datetime import date

from django.utils import timezone
from rest_framework.exceptions import ValidationError

from apps.papers.periods import Period


def today() -> date:
    return timezone.now().date()


def parse_day(value: str | None, param: str = "date") -> date:
    """YYYY-MM-DD; today (UTC) when absent."""
    return _parse("day", value, param)[0]


def parse_week(value: str | None, param: str = "week") -> tuple[date, date]:
    """ISO week YYYY-Www -> [Monday, next Monday); this week when absent."""
    return _parse("week", value, param)


def parse_month(value: str | None, param: str = "month") -> tuple[date, date]:
    """YYYY-MM -> [first day, first day of the next month); this month when absent."""
    return _parse("month", value, param)


def _parse(kind: str, value: str | None, param: str) -> tuple[date, date]:
    try:
        period = (
            Period.containing(kind, today()) if value in (None, "") else Period.parse(kind, value)
        )
    except ValueError as error:
        raise ValidationError({param: [str(error)]}) from None
    return period.start, period.end
