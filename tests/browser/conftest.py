"""Playwright driving Debian's Chromium against pytest-django's live_server.

Skipped, with the reason shown by `-ra`, where /usr/bin/chromium or the
playwright package is missing. Never downloads a browser.
"""

import os
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from tests.curation.conftest import curators_group
from tests.factories import UserFactory

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def _async_unsafe_orm():
    """Let the ORM run while Playwright's sync API keeps an event loop running in this thread.

    Only while the browser is up: Django's check that no ORM call runs inside an
    event loop stays on for every other test in the worker.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_async_unsafe_orm):
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM}: `apt-get install -y chromium` "
            "(.ci/run installs it)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package")
    with sync_api.sync_playwright() as playwright:  # stopping it ends the event loop
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    cache.clear()  # allauth's rate-limit counters
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
    cache.clear()


@pytest.fixture
def curator_signed_in(page):
    """Erika, a curator with a verified address, signed in through the login form."""
    editor = UserFactory(username="erika", email="erika@example.org", password=PASSWORD)
    editor.groups.add(curators_group())
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    page.goto("/accounts/login/")
    page.get_by_label("Login").fill("erika@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")
    return editor
