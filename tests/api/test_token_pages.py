import pytest

from apps.accounts.models import ApiToken
from apps.accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def test_token_pages_need_a_sign_in(client):
    response = client.get("/accounts/tokens/")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.post("/accounts/tokens/new", {"name": "x"}).status_code == 302


def test_the_list_shows_only_my_tokens_without_secrets(client, alice, bob):
    mine, my_secret = token_create(user=alice, name="my laptop")
    token_create(user=bob, name="bobs server")
    client.force_login(alice)

    page = client.get("/accounts/tokens/").content.decode()

    assert "my laptop" in page
    assert mine.prefix in page
    assert my_secret not in page
    assert "bobs server" not in page


def test_creating_shows_the_secret_once(client, alice):
    client.force_login(alice)

    created = client.post("/accounts/tokens/new", {"name": "notebook"})
    listed = client.get("/accounts/tokens/").content.decode()

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"] or "max-age=0" in created["Cache-Control"]
    secret = created.context["secret"]
    assert secret in created.content.decode()
    assert secret not in listed
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["auth"] == (
        "token"
    )


def test_a_blank_name_is_a_form_error(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/tokens/new", {"name": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page(client, alice):
    token, secret = token_create(user=alice, name="old")
    client.force_login(alice)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke", follow=True)

    assert b"Token revoked" in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_revoking_someone_elses_token_does_nothing(client, alice, bob):
    token, _secret = token_create(user=bob, name="bobs")
    client.force_login(alice)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke", follow=True)

    assert b"No such active token" in response.content
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_post_only(client, alice):
    token, _secret = token_create(user=alice, name="t")
    client.force_login(alice)

    assert client.get(f"/accounts/tokens/{token.pk}/revoke").status_code == 405
