"""Security headers and the Content-Security-Policy, with DEBUG off as the tests run."""

import pytest

from tests.factories import PaperFactory

from .production import production_settings

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_pages_forbid_sniffing_framing_and_cross_origin_openers(client, settings):
    assert settings.DEBUG is False

    response = client.get(f"/papers/{PaperFactory().public_id}")

    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_allow_only_the_sites_own_scripts_and_styles_none_inline(client):
    directives = csp_directives(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert not [v for values in directives.values() for v in values if "unsafe" in v]


def test_the_api_docs_page_runs_under_the_same_policy_with_its_script_external(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert csp_directives(response) == csp_directives(client.get("/"))
    assert b"<script>" not in response.content  # its init script comes from ?script
    assert client.get("/api/docs/?script").headers["Content-Type"] == "application/javascript"


def test_cookies_are_http_only(client, alice):
    response = client.get("/accounts/login/")
    client.post("/accounts/login/", {"login": "alice", "password": "correct horse battery staple"})

    assert response.cookies["csrftoken"]["httponly"] is True
    assert client.cookies["sessionid"]["httponly"] is True


@pytest.fixture
def production_https(settings):
    """The https settings production's environment makes (DJANGO_HTTPS on, behind a proxy)."""
    for name, value in production_settings(
        "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    ).items():  # fmt: skip
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)


def test_in_production_plain_http_is_redirected_to_https(client, production_https):
    response = client.get("/trending")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/trending"


def test_in_production_https_pages_have_hsts_and_secure_cookies(client, production_https):
    response = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.cookies["csrftoken"]["secure"] is True


def test_in_production_health_checks_are_answered_over_http(client, production_https):
    assert client.get("/healthz").status_code in (200, 503)
