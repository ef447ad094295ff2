"""The reader's digest settings and preview, the daily page's subscribe form, and the
links in mails: confirm a visitor's subscription, unsubscribe without signing in."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.http import AuthenticatedHttpRequest
from apps.accounts.models import User
from apps.accounts.ratelimit import rate_limited

from .. import services, tasks
from ..content import digest_papers
from ..forms import QuickSubscribeForm, SubscriptionForm, VisitorSubscribeForm
from ..mail import (
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    BadToken,
    NoSuchSubscription,
    digest_subject,
    subscription_for_token,
)
from ..models import Subscription

CONFIRM_MAX_AGE = int(timedelta(days=7).total_seconds())


def _subscription_of(user: User) -> Subscription | None:
    return (
        Subscription.objects.filter(user=user)
        .prefetch_related("include_tags", "exclude_tags", "categories")
        .first()
    )


@login_required
@rate_limited("digest_subscribe")
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    subscription = _subscription_of(request.user)
    form = SubscriptionForm(
        request.POST or None, initial=SubscriptionForm.initial_for(subscription)
    )
    verified = services.email_verified(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_save(user=request.user, preferences=form.preferences())
        except services.EmailNotVerified as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Digest settings saved.")
            return redirect("digest:settings")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "subscription": subscription, "verified": verified}
    return render(request, "digest/settings.html", context, status=status)


@login_required
@require_POST
def unsubscribe_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    subscription = Subscription.objects.filter(user=request.user).first()
    if subscription is not None:
        services.subscription_delete(subscription=subscription)
        messages.success(request, "You are unsubscribed: no more digests.")
    return redirect("digest:settings")


@login_required
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    subscription = _subscription_of(request.user) or Subscription(user=request.user)
    day = timezone.now().astimezone(subscription.zone).date()
    papers = digest_papers(subscription=subscription, digest_date=day)
    start, end = subscription.window(day)
    context = {
        "subscription": subscription,
        "subscribed": subscription.pk is not None,
        "papers": papers,
        "subject": digest_subject(subscription, day, len(papers)),
        "start": start,
        "end": end,
    }
    return render(request, "digest/preview.html", context)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or reverse("papers:today")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return reverse("papers:today")


@require_POST
@rate_limited("digest_subscribe")
def subscribe(request: HttpRequest) -> HttpResponse:
    """The daily page's form: a reader's frequency, or a visitor's address (double opt-in)."""
    if isinstance(request.user, User):
        return _subscribe_reader(request, request.user)
    form = VisitorSubscribeForm(request.POST)
    if not form.is_valid():
        errors = " ".join(str(error) for error in form.errors.get("email", []))
        messages.error(request, f"E-mail address: {errors}")
        return redirect(_back(request))
    subscription = services.subscription_subscribe_visitor(
        email=form.cleaned_data["email"], zone=form.cleaned_data["timezone"]
    )
    if subscription is not None:
        pk = subscription.pk
        transaction.on_commit(lambda: tasks.send_confirmation.delay(pk))
    # The same answer whether or not the address was subscribed already: nothing to learn.
    messages.success(request, "Check your inbox: follow the link in our mail to start your digest.")
    return redirect(_back(request))


def _subscribe_reader(request: HttpRequest, user: User) -> HttpResponse:
    form = QuickSubscribeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose daily or weekly.")
        return redirect(_back(request))
    current = _subscription_of(user)
    if current is not None:
        preferences = services.Preferences.of(current)
    else:
        preferences = services.Preferences(timezone=form.cleaned_data["timezone"])
    preferences.frequency = form.cleaned_data["frequency"]
    try:
        services.subscription_save(user=user, preferences=preferences)
    except services.EmailNotVerified as error:
        messages.error(request, str(error))
        return redirect(_back(request))
    messages.success(
        request,
        f"Subscribed: a {preferences.frequency} digest. Change it in your digest settings.",
    )
    return redirect(_back(request))


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A visitor's confirmation link: a page whose button confirms (a mail scanner's GET
    confirms nothing)."""
    try:
        subscription = subscription_for_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except BadToken:
        return render(request, "digest/bad_link.html", status=400)
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        return render(request, "digest/confirmed.html", {"subscription": subscription})
    return render(request, "digest/confirm.html", {"subscription": subscription})


# The token is the authority; mail providers' one-click POSTs (RFC 8058) carry no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = subscription_for_token(token, salt=UNSUBSCRIBE_SALT)
    except NoSuchSubscription:  # unsubscribed already: say so again
        return render(request, "digest/unsubscribed.html", {"email": ""})
    except BadToken:
        return render(request, "digest/bad_link.html", status=400)
    if request.method == "POST":
        email = subscription.recipient
        services.subscription_delete(subscription=subscription)
        return render(request, "digest/unsubscribed.html", {"email": email})
    return render(request, "digest/unsubscribe.html", {"subscription": subscription})
