"""Which subscriptions are due at a moment, and their send records (created once each)."""

import logging
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.utils import timezone

from .models import DigestSend, Subscription

logger = logging.getLogger(__name__)
_SENDS = DigestSend._meta.db_table
# One statement for every due subscription: the unique key makes a second trigger (beat
# firing twice, two schedulers, the command beside beat) create nothing.
_CREATE = f"""
INSERT INTO {_SENDS} (subscription_id, digest_date, email, status, attempts, paper_count,
                      error, created_at)
SELECT s, d, e, 'queued', 0, 0, '', %(now)s
FROM unnest(%(subscriptions)s::bigint[], %(dates)s::date[], %(emails)s::text[]) AS t(s, d, e)
ON CONFLICT (subscription_id, digest_date) DO NOTHING
RETURNING id
"""


def _due_in_zone(zone_name: str, at: datetime) -> Q:
    """Subscriptions of this zone whose digest of the local day is due at `at`: past their
    hour (on their weekday, weekly), confirmed before that hour, not created yet."""
    local = at.astimezone(ZoneInfo(zone_name))
    midnight = datetime.combine(local.date(), time(), tzinfo=ZoneInfo(zone_name))
    scheduled = ExpressionWrapper(
        Value(midnight) + F("hour") * Value(timedelta(hours=1)), output_field=DateTimeField()
    )
    created = DigestSend.objects.filter(subscription=OuterRef("pk"), digest_date=local.date())
    return (
        Q(timezone=zone_name, hour__lte=local.hour, confirmed_at__lte=scheduled)
        & (Q(frequency="daily") | Q(frequency="weekly", weekday=local.weekday()))
        & Q(~Exists(created))
    )


def subscriptions_due(*, at: datetime) -> list[tuple[Subscription, date]]:
    """Each due subscription with the local day (as a date) its digest is for."""
    zones = list(Subscription.objects.values_list("timezone", flat=True).distinct())
    if not zones:
        return []
    due = Q(pk__in=[])
    for zone_name in zones:
        try:
            due |= _due_in_zone(zone_name, at)
        except (ZoneInfoNotFoundError, ValueError):  # written behind the forms' back
            logger.error("digest: subscriptions with an unknown time zone %r skipped", zone_name)
    subscriptions = (
        Subscription.objects.filter(due)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .select_related("user")
        .order_by("pk")
    )
    return [(sub, at.astimezone(sub.zone).date()) for sub in subscriptions]


def sends_create_due(*, at: datetime | None = None) -> list[int]:
    """Create the send record of every subscription due at `at` (default now); the ids of
    those created by this call (none for a moment already handled)."""
    at = at or timezone.now()
    due = [(sub, day) for sub, day in subscriptions_due(at=at) if sub.recipient]
    if not due:
        return []
    params: dict[str, Any] = {
        "now": timezone.now(),
        "subscriptions": [sub.pk for sub, _day in due],
        "dates": [day for _sub, day in due],
        "emails": [sub.recipient for sub, _day in due],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CREATE, params)
        return [row[0] for row in cursor.fetchall()]


def sends_never_tried() -> list[int]:
    """Sends created a while ago whose task never ran (lost between commit and queue)."""
    cutoff = timezone.now() - timedelta(seconds=settings.DIGEST_REQUEUE_AFTER_SECONDS)
    return list(
        DigestSend.objects.filter(
            status=DigestSend.Status.QUEUED,
            attempts=0,
            created_at__lt=cutoff,
            created_at__gte=cutoff - timedelta(days=1),
        ).values_list("pk", flat=True)
    )
