"""Passwords are hashed with Argon2; older hashes still sign in and are rehashed then."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from papers_site import settings as project_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"

# The project's setting: tests run with a fast hasher (tests/conftest.py).
PRODUCTION_HASHERS = project_settings.PASSWORD_HASHERS


def test_argon2_hashes_new_passwords_and_the_old_hashers_stay_for_existing_ones():
    assert PRODUCTION_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PRODUCTION_HASHERS


def test_a_pbkdf2_password_signs_in_and_is_rehashed_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    carol = UserFactory(username="carol", password=None)
    carol.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    carol.save()
    EmailAddress.objects.create(user=carol, email=carol.email, verified=True, primary=True)

    response = client.post("/accounts/login/", {"login": "carol", "password": PASSWORD})

    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.password.startswith("argon2$argon2id$")
    assert carol.check_password(PASSWORD)
