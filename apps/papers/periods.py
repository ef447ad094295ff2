"""Days, ISO weeks and months as half-open date ranges, within the years the site serves.

The site's pages and the API share the bounds and the way periods are written
(2025-11-26, 2025-W48, 2025-11): a year outside them or an impossible date is
a 404 on a page and a 400 in the API, never date arithmetic overflowing into a 500.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

MIN_YEAR, MAX_YEAR = 1900, 2999
FIRST_DAY, LAST_DAY = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)
PERIOD_KINDS = ("day", "week", "month")
# How each kind is written in URLs and query parameters (the URL converters use these).
PATTERNS = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-W\d{2}", "month": r"\d{4}-\d{2}"}
FORMATS = {"day": "YYYY-MM-DD", "week": "YYYY-Www", "month": "YYYY-MM"}
_EXAMPLES = {"week": "2025-W09", "month": "2025-02"}
_NAMES = {"day": "a date", "week": "an ISO week", "month": "a month"}


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def validate_served_date(day: date) -> None:
    if not year_in_range(day.year):
        raise ValidationError(
            "The date must fall in the years %(first)s to %(last)s.",
            code="out_of_range",
            params={"first": MIN_YEAR, "last": MAX_YEAR},
        )


class ServedDateField(forms.DateField):
    """A date in the years the site serves: the search form's and the API's date parameters."""

    default_validators = [validate_served_date]


class OutOfRange(ValueError):
    """A period in a year the site does not serve."""


def period_start(kind: str, text: str) -> date:
    """The first day of the period `text` writes; ValueError saying why if it writes none."""
    if not re.fullmatch(PATTERNS[kind], text, re.ASCII):
        raise _not_a(kind, text)
    year = int(text[:4])
    if not year_in_range(year):
        raise OutOfRange(f"The year must be between {MIN_YEAR} and {MAX_YEAR}.")
    try:
        if kind == "week":
            return date.fromisocalendar(year, int(text[6:]), 1)
        if kind == "month":
            return date(year, int(text[5:7]), 1)
        return date.fromisoformat(text)
    except ValueError:
        if kind == "week":
            raise ValueError(f"{year} has no week {int(text[6:])}.") from None
        raise _not_a(kind, text) from None


def _not_a(kind: str, text: str) -> ValueError:
    example = f", e.g. {_EXAMPLES[kind]}" if kind != "day" else ""
    return ValueError(f"'{text}' is not {_NAMES[kind]}: use {FORMATS[kind]}{example}.")


@dataclass(frozen=True)
class Period:
    kind: str  # "day", "week" or "month"
    start: date
    end: date  # exclusive

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        """Raises OutOfRange when the period's year (a week's ISO year) is out of bounds."""
        if not year_in_range(day.year):
            raise OutOfRange(f"{day} is not in the years {MIN_YEAR} to {MAX_YEAR}")
        if kind == "week":
            start = day - timedelta(days=day.weekday())
            if not year_in_range(start.isocalendar().year):
                raise OutOfRange(f"the week of {day} is not in the years {MIN_YEAR} to {MAX_YEAR}")
            return cls("week", start, start + timedelta(days=7))
        if kind == "month":
            start = day.replace(day=1)
            return cls("month", start, (start + timedelta(days=32)).replace(day=1))
        return cls("day", day, day + timedelta(days=1))

    @classmethod
    def parse(cls, kind: str, text: str) -> "Period":
        """The period `text` writes (2025-11-26, 2025-W48, 2025-11); ValueError if none."""
        return cls.containing(kind, period_start(kind, text))

    @classmethod
    def _containing_or_none(cls, kind: str, day: date) -> "Period | None":
        try:
            return cls.containing(kind, day)
        except OutOfRange:
            return None

    @property
    def slug(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        return self.start.isoformat()

    @property
    def title(self) -> str:
        if self.kind == "week":
            last = self.end - timedelta(days=1)
            year, week, _ = self.start.isocalendar()
            return f"Week {week}, {year} · {self.start:%-d %b} to {last:%-d %b %Y}"
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"{self.start:%A %-d %B %Y}"

    @property
    def short_title(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"Week {week}, {year}"
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"{self.start:%a %-d %b}"

    def url(self) -> str:
        if self.kind == "day" and self.start == timezone.localdate():
            return reverse("papers:today")
        return reverse(f"papers:{self.kind}", args=[self.slug])

    @property
    def previous(self) -> "Period | None":
        """The period before, unless it lies before the first year served."""
        return self._containing_or_none(self.kind, self.start - timedelta(days=1))

    @property
    def next(self) -> "Period | None":
        """The following period, unless it starts in the future or after the last year served."""
        if self.end > timezone.localdate():
            return None
        return self._containing_or_none(self.kind, self.end)

    @property
    def wider(self) -> list["Period"]:
        """The week and month this period lies in (those longer than it), where served."""
        longer = PERIOD_KINDS[PERIOD_KINDS.index(self.kind) + 1 :]
        periods = (self._containing_or_none(kind, self.start) for kind in longer)
        return [period for period in periods if period is not None]

    @property
    def is_current(self) -> bool:
        return self.start <= timezone.localdate() < self.end
