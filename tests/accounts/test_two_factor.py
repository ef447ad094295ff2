"""Staff sign in with a TOTP code (allauth.mfa); the admin needs one, readers never do."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import TOTP_SECRET, UserFactory

from .totp import totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
ACTIVATE_URL = "/accounts/2fa/totp/activate/"


def staff(**kwargs):
    user = UserFactory(username="editor", is_staff=True, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, login="editor", password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


def test_staff_without_totp_are_sent_to_set_it_up_before_any_admin_page(client):
    client.force_login(staff(totp=False))

    for url in ("/admin/", "/admin/papers/paper/", "/admin/curation/dailypick/add/"):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, ACTIVATE_URL), url


def test_staff_without_totp_can_still_read_the_site_and_sign_out_of_the_admin(client):
    client.force_login(staff(totp=False))

    assert client.get("/").status_code == 200
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_readers_are_never_asked_for_a_second_factor(client, alice):
    client.force_login(alice)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/admin/", follow=True).status_code == 403  # not staff, not to TOTP set-up


def test_the_admins_own_sign_in_form_gives_way_to_the_sites(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


def test_staff_set_up_totp_from_the_page_they_are_sent_to_then_reach_the_admin(client):
    editor = staff(totp=False)
    sign_in(client)
    # Adding an authenticator asks for the password once more (allauth's reauthentication).
    reauthenticate = client.get(client.get("/admin/").url).url
    client.post(reauthenticate, {"password": PASSWORD})
    secret = client.get(ACTIVATE_URL).context["form"].secret

    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_sign_in_with_the_second_step_and_reach_the_admin(client):
    staff()  # with the authenticator app the factory gives staff (TOTP_SECRET)

    response = sign_in(client)

    assert response.url == reverse("mfa_authenticate")
    assert client.get("/admin/").url.startswith("/admin/login/")  # not signed in yet
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
