"""The daily page's digest form in a real browser: the browser's time zone goes along."""

from allauth.account.models import EmailAddress

from apps.digest.models import Subscription
from tests.factories import UserFactory

from .test_reader_flow import PASSWORD, expect, sign_in


def test_a_reader_subscribes_from_the_daily_page_in_their_time_zone(page, noon_today):
    reader = UserFactory(username="dana", email="dana@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    page.context.clear_cookies()
    page.emulate_media(color_scheme="dark")
    sign_in(page)

    page.goto("/")
    page.get_by_label("Send me the papers").select_option("weekly")
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_text("Subscribed: a weekly digest")).to_be_visible()
    subscription = Subscription.objects.get(user=reader)
    zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert subscription.frequency == "weekly"
    assert subscription.timezone == zone


def test_a_visitor_is_asked_to_confirm_by_mail(page, noon_today):
    page.goto("/")
    page.get_by_label("Your e-mail address").fill("visitor@example.org")
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_text("Check your inbox")).to_be_visible()
    assert Subscription.objects.get(email="visitor@example.org").confirmed_at is None
