import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from apps.accounts.models import ApiToken
from apps.accounts.tokens import MAX_ACTIVE_TOKENS, token_create, token_revoke

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def client_with(header: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_only_a_hash_of_the_secret_is_stored(alice):
    token, secret = token_create(user=alice, name="laptop")

    assert secret.startswith("pap_")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    stored = ApiToken.objects.filter(pk=token.pk).values_list(flat=True)
    assert not any(secret in str(value) for value in stored)


def test_a_token_signs_in_as_its_owner(alice):
    _token, secret = token_create(user=alice, name="script")

    for scheme in ("Bearer", "Token", "bearer"):
        body = client_with(f"{scheme} {secret}").get("/api/v1/me/").json()
        assert (body["username"], body["auth"]) == ("alice", "token")


def test_use_is_recorded_at_most_every_few_minutes(alice, django_assert_num_queries):
    token, secret = token_create(user=alice, name="script")
    client = client_with(f"Bearer {secret}")

    client.get("/api/v1/me/")
    token.refresh_from_db()
    first_use = token.last_used_at
    with django_assert_num_queries(1):  # the token and its user; no write
        client.get("/api/v1/me/")

    assert first_use is not None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(hours=1))
    client.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(hours=1)


def test_a_revoked_token_is_a_401(alice):
    token, secret = token_create(user=alice, name="script")

    assert token_revoke(user=alice, token_id=token.pk)
    response = client_with(f"Bearer {secret}").get("/api/v1/papers/")

    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_nobody_revokes_someone_elses_token(alice, bob):
    token, secret = token_create(user=alice, name="script")

    assert not token_revoke(user=bob, token_id=token.pk)
    assert client_with(f"Bearer {secret}").get("/api/v1/me/").status_code == 200


def test_a_deactivated_users_token_is_a_401(alice):
    _token, secret = token_create(user=alice, name="script")
    alice.is_active = False
    alice.save()

    assert_error(client_with(f"Bearer {secret}").get("/api/v1/me/"), 401, "authentication_failed")


@pytest.mark.parametrize(
    "header",
    ["Bearer pap_wrong", "Bearer", "Bearer two parts", "Token pap_\u00e9t\u00e9"],
)
def test_bad_tokens_are_a_401_even_on_public_reads(header):
    response = client_with(header).get("/api/v1/papers/")

    assert_error(response, 401, "authentication_failed")
    assert "WWW-Authenticate" in response


def test_other_authorization_schemes_are_left_alone():
    assert client_with("Basic YWxpY2U6c2VjcmV0").get("/api/v1/papers/").status_code == 200


def test_token_names_are_required_and_tokens_are_limited(alice):
    with pytest.raises(ValidationError):
        token_create(user=alice, name="   ")
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(user=alice, name=f"t{n}")

    with pytest.raises(ValidationError):
        token_create(user=alice, name="one too many")
