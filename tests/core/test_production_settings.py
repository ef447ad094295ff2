"""Production mode (DJANGO_DEBUG off): what it requires, what it turns on."""

import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR

from .production import production_env, production_settings, run_python

HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def test_check_deploy_passes_with_no_warning_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=production_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(name):
    result = run_python("import papers_site.settings", production_env(**{name: None}))

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} is not set. Production mode" in result.stderr


def test_debug_mode_has_default_hosts():
    hosts = production_settings("ALLOWED_HOSTS", DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS=None)

    assert hosts["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]", "testserver"]


def test_production_is_https_only_with_a_year_of_hsts_by_default():
    values = production_settings(*HTTPS_SETTINGS, "SECURE_PROXY_SSL_HEADER")

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_hsts_max_age_is_configurable():
    values = production_settings("SECURE_HSTS_SECONDS", DJANGO_HSTS_SECONDS="600")

    assert values["SECURE_HSTS_SECONDS"] == 600


def test_plain_http_switch_turns_redirect_hsts_and_secure_cookies_off():
    values = production_settings(*HTTPS_SETTINGS, DJANGO_HTTPS="false")

    assert not any(values.values()), values


def test_sentry_starts_only_where_a_dsn_is_set():
    code = "import papers_site.settings, sentry_sdk; print(sentry_sdk.get_client().is_active())"

    without = run_python(code, production_env())
    with_dsn = run_python(code, production_env(SENTRY_DSN="https://key@sentry.example.invalid/1"))

    assert (without.stdout.strip(), with_dsn.stdout.strip()) == ("False", "True")
