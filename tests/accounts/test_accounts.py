"""Sign-up with e-mail verification, sign-in, password reset and change, profile (allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from apps.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "purple monkey dishwasher 42"


def link_in_last_mail(path_prefix: str) -> str:
    match = re.search(rf"https?://testserver({re.escape(path_prefix)}\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match[1]


def sign_up(client, email="carol@example.org", **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post("/accounts/signup/", data)


def sign_in(client, login="carol@example.org", password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


@pytest.fixture
def verified_carol():
    carol = UserFactory(username="carol", email="carol@example.org")
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)
    return carol


def test_sign_up_sends_a_verification_mail_and_keeps_the_reader_out_until_verified(client):
    response = sign_up(client, display_name="Carol")

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["carol@example.org"]
    assert User.objects.get(email="carol@example.org").display_name == "Carol"
    assert sign_in(client).url == "/accounts/confirm-email/"  # not signed in yet
    assert "_auth_user_id" not in client.session


def test_the_mailed_link_verifies_the_address_and_then_sign_in_works(client):
    sign_up(client)
    confirm = link_in_last_mail("/accounts/confirm-email/")

    assert client.get(confirm).status_code == 200
    client.post(confirm)

    assert EmailAddress.objects.get(email="carol@example.org").verified
    client.logout()
    assert sign_in(client).url == "/"
    assert "_auth_user_id" in client.session


def test_sign_in_brings_the_reader_back_to_next(client, verified_carol):
    response = client.post(
        "/accounts/login/?next=/papers/2025-11-26",
        {"login": "carol", "password": PASSWORD, "next": "/papers/2025-11-26"},
    )

    assert response.url == "/papers/2025-11-26"


def test_a_wrong_password_is_a_form_error(client, verified_carol):
    response = sign_in(client, password="wrong")

    assert response.status_code == 200
    assert response.context["form"].errors


def test_failed_sign_ins_are_rate_limited_per_account(client, verified_carol):
    for _ in range(5):
        sign_in(client, password="wrong")

    response = sign_in(client)  # the right password, too late

    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in client.session


def test_sign_ups_are_rate_limited_per_ip(client):
    responses = [sign_up(client, email=f"reader{n}@example.org") for n in range(11)]

    assert [r.status_code for r in responses[:10]] == [302] * 10
    assert responses[10].status_code == 429
    assert b"Too many requests" in responses[10].content


def test_password_reset_by_mail(client, verified_carol):
    client.post("/accounts/password/reset/", {"email": "carol@example.org"})
    reset = link_in_last_mail("/accounts/password/reset/key/")

    form_url = client.get(reset).url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    verified_carol.refresh_from_db()
    assert verified_carol.check_password(NEW_PASSWORD)


def test_password_change(client, verified_carol):
    client.force_login(verified_carol)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    verified_carol.refresh_from_db()
    assert verified_carol.check_password(NEW_PASSWORD)


def test_sign_out_is_a_post(client, verified_carol):
    client.force_login(verified_carol)

    client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session


def test_the_profile_shows_the_address_and_saves_the_display_name(client, verified_carol):
    client.force_login(verified_carol)

    page = client.get("/accounts/profile/")
    saved = client.post("/accounts/profile/", {"display_name": "  Carol C.  "})

    assert b"carol@example.org" in page.content
    assert b"verified" in page.content
    assert b'href="/accounts/tokens/"' in page.content
    assert saved.url == "/accounts/profile/"
    verified_carol.refresh_from_db()
    assert verified_carol.display_name == "Carol C."


def test_the_profile_needs_a_signed_in_reader(client):
    response = client.get("/accounts/profile/")

    assert response.url == "/accounts/login/?next=/accounts/profile/"


def test_the_header_offers_sign_in_or_the_readers_name(client, verified_carol):
    assert b"Sign in" in client.get("/").content
    verified_carol.display_name = "Carol C."
    verified_carol.save()
    client.force_login(verified_carol)
    assert b"Carol C." in client.get("/").content


def test_account_pages_have_fixed_query_counts(client, verified_carol, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/accounts/login/")
    client.force_login(verified_carol)
    # user, e-mail addresses, reading lists, digest subscription (the session is cached)
    with django_assert_num_queries(4):
        assert client.get("/accounts/profile/").status_code == 200
