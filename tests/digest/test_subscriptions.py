"""Subscribing from the settings page and the daily page, a visitor's double opt-in, the
signed unsubscribe link and RFC 8058 one-click POST, the preview and the staff view."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.signing import dumps

from apps.digest.mail import unsubscribe_url
from apps.digest.models import DigestSend, Subscription
from apps.digest.services import confirmation_send

from ..factories import TagFactory
from .conftest import verified_reader

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def verified_alice(alice):
    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    return alice


def test_a_reader_subscribes_from_the_settings_page(client, verified_alice):
    TagFactory(slug="llm")
    client.force_login(verified_alice)

    response = client.post("/digest/settings", {
        "frequency": "weekly", "weekday": "4", "hour": "7", "timezone": "Europe/Paris",
        "content": "trending", "include_tags": ["llm"],
    })  # fmt: skip

    assert response.status_code == 302
    subscription = Subscription.objects.get(user=verified_alice)
    assert (subscription.frequency, subscription.weekday, subscription.hour) == ("weekly", 4, 7)
    assert [t.slug for t in subscription.include_tags.all()] == ["llm"]
    assert subscription.confirmed_at is not None
    assert "weekly digest" in client.get("/accounts/profile/").content.decode()


def test_an_unverified_reader_is_told_to_verify_first(client, alice):
    client.force_login(alice)

    response = client.post("/digest/settings", {
        "frequency": "daily", "weekday": "0", "hour": "7", "timezone": "UTC", "content": "picks",
    }, follow=True)  # fmt: skip

    assert "not verified" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_bad_time_zone_is_a_form_error(client, verified_alice):
    client.force_login(verified_alice)

    response = client.post("/digest/settings", {
        "frequency": "daily", "weekday": "0", "hour": "7", "timezone": "Mars/Olympus",
        "content": "picks",
    })  # fmt: skip

    assert response.status_code == 400
    assert "Mars/Olympus" in response.content.decode()


def test_the_daily_page_form_subscribes_a_signed_in_reader(client, verified_alice, noon_today):
    client.force_login(verified_alice)
    page = client.get("/").content.decode()
    assert 'action="/digest/subscribe"' in page

    client.post("/digest/subscribe", {"frequency": "daily", "timezone": "Asia/Tokyo", "next": "/"})

    subscription = Subscription.objects.get(user=verified_alice)
    assert (subscription.frequency, subscription.timezone) == ("daily", "Asia/Tokyo")


def test_every_frequency_the_daily_page_offers_is_accepted(client, verified_alice, noon_today):
    client.force_login(verified_alice)
    page = client.get("/").content.decode()
    offered = re.findall(r'<option value="([a-z]+)">', page.split('name="frequency"', 1)[1])
    assert offered == ["daily", "weekly"]

    for frequency in offered:
        Subscription.objects.filter(user=verified_alice).delete()
        client.post("/digest/subscribe", {"frequency": frequency, "next": "/"})
        assert Subscription.objects.get(user=verified_alice).frequency == frequency

    page = client.get("/").content.decode()
    assert "You get a weekly digest at 08:00 (UTC)" in page
    assert 'name="frequency"' not in page  # told their digest, not offered a second one


def test_a_visitor_confirms_by_the_mailed_link_before_anything_is_sent(
    client, noon_today, django_capture_on_commit_callbacks
):
    assert 'name="email"' in client.get("/").content.decode()

    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/digest/subscribe", {"email": "visitor@example.org"})

    assert response.status_code == 302
    assert len(queued) == 1
    subscription = Subscription.objects.get(email="visitor@example.org")
    assert subscription.confirmed_at is None
    confirmation_send(subscription_id=subscription.pk)  # what the task does
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/digest/confirm/\S+", message.body)[0]
    assert "Yes, start my digest" in client.get(path_of(link)).content.decode()
    assert Subscription.objects.get().confirmed_at is None  # a GET confirms nothing

    client.post(path_of(link))

    assert Subscription.objects.get().confirmed_at is not None


def test_a_tampered_confirmation_link_is_refused(client):
    subscription = Subscription.objects.create(email="visitor@example.org")
    token = dumps({"s": subscription.pk, "e": "visitor@example.org"}, salt="wrong")

    assert client.post(f"/digest/confirm/{token}").status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def test_the_signed_link_unsubscribes_without_signing_in(client):
    subscription = verified_reader("reader")
    path = path_of(unsubscribe_url(subscription))

    assert "Stop the digest" in client.get(path).content.decode()
    assert Subscription.objects.exists()  # a GET (a mail scanner) changes nothing
    response = client.post(path)

    assert response.status_code == 200
    assert "unsubscribed" in response.content.decode()
    assert not Subscription.objects.exists()
    assert client.post(path).status_code == 200  # again: still unsubscribed


def test_one_click_unsubscribe_is_a_post_without_csrf_token(client):
    subscription = verified_reader("reader")
    path = path_of(unsubscribe_url(subscription))
    client.handler.enforce_csrf_checks = True

    response = client.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")  # fmt: skip

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_a_tampered_unsubscribe_token_is_refused(client):
    subscription = verified_reader("reader")
    path = path_of(unsubscribe_url(subscription))
    other = verified_reader("other")
    forged = dumps({"s": other.pk, "e": "whatever"}, salt="not-the-salt")

    assert client.post(path[:-3] + "abc").status_code == 400
    assert client.post(f"/digest/unsubscribe/{forged}").status_code == 400
    assert Subscription.objects.count() == 2


def test_a_link_names_no_address_and_dies_when_the_address_changes(client):
    subscription = verified_reader("reader")
    path = path_of(unsubscribe_url(subscription))
    assert "reader" not in b64decode_payload(path)
    subscription.user.email = "new@example.org"
    subscription.user.save()

    client.post(path)

    assert Subscription.objects.exists()  # another address's subscription now


def b64decode_payload(path: str) -> str:
    token = path.rsplit("/", 1)[1]
    return signing.b64_decode(token.split(":")[0].encode()).decode()


def test_the_preview_shows_what_the_digest_would_hold(client, verified_alice):
    client.force_login(verified_alice)

    response = client.get("/digest/preview")

    assert response.status_code == 200
    assert "nothing would be sent" in response.content.decode()


def test_staff_see_the_last_sends_and_failures(admin_client):
    subscription = verified_reader("reader")
    DigestSend.objects.create(subscription=subscription, digest_date="2025-12-01",
                              email="reader@example.org", status="failed",
                              error="SMTPServerDisconnected: gone")  # fmt: skip

    response = admin_client.get("/digest/sends")

    assert response.status_code == 200
    assert "SMTPServerDisconnected: gone" in response.content.decode()
