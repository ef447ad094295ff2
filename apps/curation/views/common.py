"""What the dashboard's views share: dates from the URL or a form, the day's picks URL."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.periods import year_in_range
from apps.papers.views.common import BadParameter


def parse_day(raw: str | None, name: str = "date") -> date:
    try:
        day = date.fromisoformat((raw or "").strip())
    except ValueError:
        day = None
    if day is None or not year_in_range(day.year):
        raise BadParameter(name, "must be a date written YYYY-MM-DD, in the years 1900 to 2999")
    return day


def today() -> date:
    return timezone.localdate()


def acting_user(request: HttpRequest) -> User:
    """The signed-in user the decorators let through (never anonymous here)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user
