"""A reader in a real browser: sign up, verify, sign in, vote in place, search, open a paper."""

import re

import pytest
from django.core import mail

from apps.papers.models import Paper, Vote
from tests.factories import PaperFactory, UserFactory

PASSWORD = "correct horse battery staple"


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def todays_papers(noon_today):
    return [
        PaperFactory(title="Sparse attention at $O(n \\log n)$ cost", vote_count=2),
        PaperFactory(title="Unlearning under adversarial attacks"),
    ]


@pytest.fixture
def verified_reader(django_user_model):
    from allauth.account.models import EmailAddress

    reader = UserFactory(username="dana", email="dana@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    return reader


def sign_in(page, login="dana@example.org"):
    page.goto("/accounts/login/")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")


def test_sign_up_verify_the_mail_then_sign_in(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("erin@example.org")
    page.get_by_label("Display name").fill("Erin")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body)[0]
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    sign_in(page, login="erin@example.org")

    expect(page.get_by_role("link", name="Erin")).to_be_visible()


def test_voting_from_the_daily_page_changes_the_count_without_a_reload(
    page, todays_papers, verified_reader
):
    sign_in(page)
    page.goto("/")
    page.evaluate("window.notReloaded = true")
    card = page.locator(f"#p{todays_papers[0].pk}")
    button = card.get_by_role("button", name=re.compile("Upvote"))
    expect(card.locator("[data-vote-count]")).to_have_text("2")

    button.click()
    expect(card.locator("[data-vote-count]")).to_have_text("3")
    expect(card.get_by_role("button", name=re.compile("Upvote"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.activeElement.id") == f"vote-{todays_papers[0].pk}"
    assert Paper.objects.get(pk=todays_papers[0].pk).vote_count == 3

    card.get_by_role("button", name=re.compile("Upvote")).press("Enter")  # the keyboard too
    expect(card.locator("[data-vote-count]")).to_have_text("2")
    assert page.evaluate("window.notReloaded") is True


def test_an_anonymous_vote_goes_to_sign_in_and_is_cast_once_back(
    page, todays_papers, verified_reader
):
    paper = todays_papers[1]
    card = page.locator(f"#p{paper.pk}")
    page.goto("/papers/week")
    card.get_by_role("button", name=re.compile("Upvote")).click()

    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2Fpapers%2Fweek"))
    page.get_by_label("Login").fill("dana")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/papers/week")

    # The press made while signed out is cast on sign-in, once.
    button = card.get_by_role("button", name=re.compile("Upvote"))
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(card.locator("[data-vote-count]")).to_have_text("1")
    assert list(Vote.objects.values_list("user__username", "paper_id")) == [("dana", paper.pk)]
    assert Paper.objects.get(pk=paper.pk).vote_count == 1
    page.reload()
    expect(card.locator("[data-vote-count]")).to_have_text("1")
    expect(button).to_have_attribute("aria-pressed", "true")


def test_search_from_the_header(page, todays_papers):
    page.goto("/")
    page.get_by_role("searchbox", name="Search papers").fill("unlearning")
    page.get_by_role("searchbox", name="Search papers").press("Enter")

    page.wait_for_url(re.compile(r"/search\?q=unlearning"))
    expect(page.get_by_role("link", name="Unlearning under adversarial attacks")).to_be_visible()


def test_opening_a_paper_typesets_its_math(page, todays_papers):
    page.goto("/")
    page.get_by_role("link", name=re.compile("Sparse attention")).click()

    page.wait_for_url(f"**{todays_papers[0].get_absolute_url()}")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Sparse attention")
    expect(heading.locator(".katex")).to_have_count(1)


def test_the_theme_toggle_switches_and_is_remembered(page):
    page.emulate_media(color_scheme="light")
    page.goto("/")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")

    toggle.click()
    page.reload()

    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "true")
