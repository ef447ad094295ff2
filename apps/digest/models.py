"""Digest subscriptions (readers' and confirmed visitors') and one record per digest sent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import now


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    class Content(models.TextChoices):
        PICKS = "picks", "The staff's picks"
        TRENDING = "trending", "Trending"
        FOR_YOU = "for-you", "For you"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    # A reader's subscription; or a visitor's (no user), by address alone.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="digest_subscription",
    )
    email = models.EmailField(blank=True, help_text="A visitor's address (readers: their own).")
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    hour = models.PositiveSmallIntegerField(default=8)
    timezone = models.CharField(max_length=64, default="UTC")
    content = models.CharField(max_length=8, choices=Content.choices, default=Content.PICKS)
    include_tags = models.ManyToManyField("papers.Tag", blank=True, related_name="+")
    exclude_tags = models.ManyToManyField("papers.Tag", blank=True, related_name="+")
    categories = models.ManyToManyField("papers.Category", blank=True, related_name="+")
    # None until a visitor follows the confirmation link: nothing is sent before.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(user__isnull=True), name="subscription_visitor_once"
            ),
            models.CheckConstraint(condition=Q(hour__lte=23), name="subscription_hour_of_day"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="subscription_weekday"),
        ]
        indexes = [models.Index(fields=["hour"], name="subscription_hour_idx")]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.frequency} at {self.hour}:00 {self.timezone})"

    @property
    def recipient(self) -> str:
        return self.user.email if self.user_id and self.user else self.email

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def scheduled_at(self, digest_date: date) -> datetime:
        """The moment the digest of `digest_date` (a day in the reader's zone) is due."""
        return datetime.combine(digest_date, time(self.hour), tzinfo=self.zone)

    def window(self, digest_date: date) -> tuple[datetime, datetime]:
        """The span the digest of `digest_date` covers: the day or week before it is due."""
        end = self.scheduled_at(digest_date)
        days = 7 if self.frequency == self.Frequency.WEEKLY else 1
        return end - timedelta(days=days), end


class DigestSendQuerySet(models.QuerySet):
    def recent(self, days: int = 14) -> DigestSendQuerySet:
        return self.filter(created_at__gte=timezone.now() - timedelta(days=days))


class DigestSend(models.Model):
    """One digest for one subscription and day: created once (the unique key), claimed by
    exactly one worker before the mail goes out."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        EMPTY = "empty", "Nothing to send"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        Subscription, null=True, on_delete=models.SET_NULL, related_name="sends"
    )
    digest_date = models.DateField(help_text="The day it is for, in the reader's time zone.")
    email = models.EmailField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    paper_count = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DigestSendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "digest_date"], name="digestsend_once_per_day"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="digestsend_status_idx")]

    def __str__(self) -> str:
        return f"{self.email} {self.digest_date}: {self.status}"
