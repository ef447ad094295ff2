"""The digest mail and the confirmation mail; the signed tokens their links carry."""

import hashlib
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from apps.papers.models import Paper

from .models import Subscription

UNSUBSCRIBE_SALT = "digest.unsubscribe"
CONFIRM_SALT = "digest.confirm"


class BadToken(Exception):
    """A link's token that was tampered with or has expired."""


class NoSuchSubscription(BadToken):
    """A genuine token whose subscription is gone (unsubscribed already)."""


def _fingerprint(email: str) -> str:
    """Binds a token to the address without writing the address into the link."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def _token(subscription: Subscription, salt: str) -> str:
    return signing.dumps(
        {"s": subscription.pk, "e": _fingerprint(subscription.recipient)}, salt=salt
    )


def subscription_for_token(token: str, *, salt: str, max_age: int | None = None) -> Subscription:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        subscription_id, email = data["s"], data["e"]
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise BadToken(str(error)) from error
    subscription = Subscription.objects.select_related("user").filter(pk=subscription_id).first()
    # Gone, or now another address's (a reader changed theirs): not this link's any more.
    if subscription is None or _fingerprint(subscription.recipient) != email:
        raise NoSuchSubscription(f"no subscription {subscription_id} for that address")
    return subscription


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("digest:unsubscribe", args=[_token(subscription, UNSUBSCRIBE_SALT)]))


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("digest:confirm", args=[_token(subscription, CONFIRM_SALT)]))


def digest_subject(subscription: Subscription, digest_date: date, count: int) -> str:
    kind = "weekly" if subscription.frequency == Subscription.Frequency.WEEKLY else "daily"
    papers = f"{count} paper{'s' if count != 1 else ''}"
    return f"{settings.SITE_NAME} {kind} digest, {digest_date:%-d %b %Y}: {papers}"


def digest_context(
    subscription: Subscription, digest_date: date, papers: list[Paper]
) -> dict[str, object]:
    return {
        "subscription": subscription,
        "digest_date": digest_date,
        "papers": papers,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        "subject": digest_subject(subscription, digest_date, len(papers)),
        "content_label": Subscription.Content(subscription.content).label,
    }


def digest_message(
    subscription: Subscription, digest_date: date, papers: list[Paper]
) -> EmailMultiAlternatives:
    """Plain text and HTML parts, with one-click unsubscribe (RFC 8058)."""
    context = digest_context(subscription, digest_date, papers)
    context["unsubscribe_url"] = link = unsubscribe_url(subscription)
    context["settings_url"] = absolute(reverse("digest:settings"))
    message = EmailMultiAlternatives(
        subject=str(context["subject"]),
        body=render_to_string("digest/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.recipient],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} digest <digest.{_host()}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("digest/email/digest.html", context), "text/html")
    return message


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    context = {"site_name": settings.SITE_NAME, "confirm_url": confirm_url(subscription)}
    return EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] Confirm your digest subscription",
        body=render_to_string("digest/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.recipient],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
