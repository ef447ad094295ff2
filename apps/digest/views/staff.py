"""Staff: the last digests sent, counted by day and outcome, and the failures."""

from datetime import timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..models import DigestSend, Subscription

DAYS = 14


@staff_member_required
def sends(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - timedelta(days=DAYS)
    rows = (
        DigestSend.objects.filter(created_at__gte=since)
        .values("digest_date", "status")
        .annotate(n=Count("id"))
        .order_by("-digest_date")
    )
    by_day: dict = {}
    for row in rows:
        by_day.setdefault(row["digest_date"], {})[row["status"]] = row["n"]
    statuses = [status for status, _label in DigestSend.Status.choices]
    context = {
        "days": [(day, [counts.get(s, 0) for s in statuses]) for day, counts in by_day.items()],
        "statuses": DigestSend.Status.choices,
        "failures": DigestSend.objects.filter(
            created_at__gte=since, status=DigestSend.Status.FAILED
        )[:50],
        "latest": DigestSend.objects.all()[:50],
        "subscriptions": Subscription.objects.filter(confirmed_at__isnull=False).count(),
        "pending": Subscription.objects.filter(confirmed_at__isnull=True).count(),
        "window_days": DAYS,
    }
    return render(request, "digest/sends.html", context)
