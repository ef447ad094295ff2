"""The main pages run under the Content-Security-Policy without one violation, htmx included."""

import re

import pytest
from allauth.account.models import EmailAddress

from tests.factories import PaperFactory, UserFactory

from .test_reader_flow import expect, sign_in


@pytest.fixture
def csp_violations(page):
    """What the console reports as blocked by the policy, on every page the test opens."""
    reported = []
    page.on(
        "console",
        lambda message: (
            reported.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return reported


@pytest.fixture
def paper(noon_today):
    return PaperFactory(title="Sparse attention at $O(n \\log n)$ cost", vote_count=2)


def test_main_pages_load_without_a_csp_violation(page, csp_violations, paper):
    paper_page = f"/papers/{paper.public_id}"
    for path in ["/", "/search?q=sparse+attention", "/accounts/login/", paper_page]:
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        assert response.headers["content-security-policy"], path

    expect(page.locator(".katex").first).to_be_attached()  # the paper page's scripts ran
    assert csp_violations == []


def test_the_api_docs_run_swagger_ui_without_a_csp_violation(page, csp_violations):
    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert csp_violations == []


def test_htmx_voting_works_under_the_policy(page, csp_violations, paper):
    reader = UserFactory(username="dana", email="dana@example.org")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    sign_in(page)
    page.goto("/")
    page.evaluate("window.notReloaded = true")
    card = page.locator(f"#p{paper.pk}")

    card.get_by_role("button", name=re.compile("Upvote")).click()

    expect(card.locator("[data-vote-count]")).to_have_text("3")
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations == []
