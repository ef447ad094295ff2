"""Subscribing, confirming, unsubscribing, and sending one digest."""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.models import Category, Tag

from .content import digest_papers
from .mail import confirmation_message, digest_message
from .models import DigestSend, Subscription

logger = logging.getLogger(__name__)
# What a retry may cure: the server refused for now, or could not be reached.
RETRYABLE = (smtplib.SMTPException, OSError)


class EmailNotVerified(Exception):
    """Subscribing needs a verified address."""


class SendFailed(Exception):
    """An SMTP error on an attempt that may be retried; the send is queued again."""


def email_verified(user: User) -> bool:
    return bool(user.email) and (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


@dataclass
class Preferences:
    frequency: str = Subscription.Frequency.DAILY
    hour: int = 8
    timezone: str = "UTC"
    content: str = Subscription.Content.PICKS
    weekday: int | None = None  # None: keep the current one (Monday for a new subscription)
    include_tags: list[Tag] = field(default_factory=list)
    exclude_tags: list[Tag] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)

    @classmethod
    def of(cls, subscription: Subscription) -> "Preferences":
        return cls(
            frequency=subscription.frequency,
            hour=subscription.hour,
            timezone=subscription.timezone,
            content=subscription.content,
            weekday=subscription.weekday,
            include_tags=list(subscription.include_tags.all()),
            exclude_tags=list(subscription.exclude_tags.all()),
            categories=list(subscription.categories.all()),
        )


@transaction.atomic
def subscription_save(*, user: User, preferences: Preferences) -> Subscription:
    """Create or replace the reader's subscription; their address must be verified."""
    if not email_verified(user):
        raise EmailNotVerified("Your e-mail address is not verified: confirm it to subscribe.")
    subscription = Subscription.objects.filter(user=user).first() or Subscription(user=user)
    subscription.frequency = preferences.frequency
    subscription.hour = preferences.hour
    subscription.timezone = preferences.timezone
    subscription.content = preferences.content
    if preferences.weekday is not None:
        subscription.weekday = preferences.weekday
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.save()
    subscription.include_tags.set(preferences.include_tags)
    subscription.exclude_tags.set(preferences.exclude_tags)
    subscription.categories.set(preferences.categories)
    return subscription


def subscription_subscribe_visitor(*, email: str, zone: str = "UTC") -> Subscription | None:
    """A visitor's subscription waiting for confirmation; None when that address is
    subscribed and confirmed already (nothing to send)."""
    email = email.strip()
    subscription, _created = Subscription.objects.get_or_create(
        user=None, email__iexact=email, defaults={"email": email, "timezone": zone}
    )
    return None if subscription.confirmed_at else subscription


def subscription_confirm(*, subscription: Subscription) -> bool:
    """Confirm a visitor's subscription; False when it was confirmed already."""
    return bool(
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
    )


def subscription_delete(*, subscription: Subscription) -> None:
    subscription.delete()


def confirmation_send(*, subscription_id: int) -> bool:
    subscription = Subscription.objects.filter(pk=subscription_id, confirmed_at=None).first()
    if subscription is None:
        return False
    confirmation_message(subscription).send()
    return True


def digest_send(*, send_id: int, final_attempt: bool = True) -> str:
    """Send one digest if this call claims it (queued -> sending: one caller wins);
    answers the send's status. An SMTP error queues it again (SendFailed) unless this
    was the final attempt, which records the failure."""
    claimed = DigestSend.objects.filter(pk=send_id, status=DigestSend.Status.QUEUED).update(
        status=DigestSend.Status.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return DigestSend.objects.filter(pk=send_id).values_list("status", flat=True).first() or ""
    send = DigestSend.objects.select_related("subscription__user").get(pk=send_id)
    subscription = send.subscription
    if subscription is None:  # unsubscribed since it was queued
        return _finish(send, DigestSend.Status.EMPTY, error="unsubscribed")
    papers = digest_papers(subscription=subscription, digest_date=send.digest_date)
    if not papers:
        return _finish(send, DigestSend.Status.EMPTY)
    try:
        get_connection().send_messages([digest_message(subscription, send.digest_date, papers)])
    except RETRYABLE as error:
        text = f"{type(error).__name__}: {error}"
        if final_attempt:
            logger.warning("digest %s to %s failed for good: %s", send_id, send.email, text)
            return _finish(send, DigestSend.Status.FAILED, error=text)
        DigestSend.objects.filter(pk=send_id).update(status=DigestSend.Status.QUEUED, error=text)
        raise SendFailed(text) from error
    return _finish(send, DigestSend.Status.SENT, count=len(papers))


def _finish(send: DigestSend, status: str, *, count: int = 0, error: str = "") -> str:
    DigestSend.objects.filter(pk=send.pk).update(
        status=status, paper_count=count, error=error, finished_at=timezone.now()
    )
    return status


@dataclass
class SendSummary:
    due: int = 0
    sent: int = 0
    skipped_empty: int = 0
    failed: int = 0

    def count(self, statuses: Iterable[str]) -> "SendSummary":
        for status in statuses:
            if status == DigestSend.Status.SENT:
                self.sent += 1
            elif status == DigestSend.Status.EMPTY:
                self.skipped_empty += 1
            else:
                self.failed += 1
        return self
