"""The digest through a real SMTP server: parts, headers, papers by filters and time zone;
`manage.py digest send` twice sends once; empty digests are not sent; SMTP errors."""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from apps.digest.models import DigestSend, Subscription
from apps.digest.services import digest_send
from apps.papers.models import PaperTag

from ..factories import TagFactory
from .conftest import pick, verified_reader

pytestmark = pytest.mark.django_db
# A Monday, 07:00 UTC: 08:00 in Paris, 16:00 in Tokyo, 02:00 in New York.
AT = "2025-12-01T07:00:00Z"


def send(at: str = AT) -> dict:
    out = StringIO()
    call_command("digest", "send", "--at", at, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def picks():
    llm, vision = TagFactory(slug="llm"), TagFactory(slug="vision")
    pick(date(2025, 11, 29), "Picked on the 29th")
    paris = pick(date(2025, 11, 30), "Picked on the 30th", position=1)
    seen = pick(date(2025, 11, 30), "A vision paper on the 30th", position=2)
    PaperTag.objects.create(paper=paris.paper, tag=llm, origin="staff")
    PaperTag.objects.create(paper=seen.paper, tag=vision, origin="staff")
    return {"llm": llm, "vision": vision}


def test_each_reader_gets_the_picks_of_their_own_days_without_excluded_tags(smtp_settings, picks):
    paris = verified_reader("paris", timezone="Europe/Paris", hour=8)
    paris.exclude_tags.add(picks["vision"])
    verified_reader("tokyo", timezone="Asia/Tokyo", hour=8)
    verified_reader("newyork", timezone="America/New_York", hour=8)  # 02:00 there: not yet

    assert send() == {"due": 2, "sent": 2, "skipped_empty": 0, "failed": 0}

    (to_paris,) = smtp_settings.to("paris@example.org")
    text = to_paris.get_body(("plain",)).get_content()
    html = to_paris.get_body(("html",)).get_content()
    assert "Picked on the 30th" in text
    assert "Picked on the 30th" in html
    assert "vision paper" not in text
    assert "Picked on the 29th" not in text
    (to_tokyo,) = smtp_settings.to("tokyo@example.org")
    assert "Picked on the 29th" in to_tokyo.get_body(("plain",)).get_content()
    assert smtp_settings.to("newyork@example.org") == []


def test_the_message_has_both_parts_and_one_click_unsubscribe_headers(smtp_settings, picks):
    verified_reader("paris", timezone="Europe/Paris", hour=8)

    send()

    (message,) = smtp_settings.messages
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert "/digest/unsubscribe/" in link
    assert link in message.get_body(("plain",)).get_content()
    assert message["Subject"] == "Papers daily digest, 1 Dec 2025: 2 papers"
    text = message.get_body(("plain",)).get_content()
    assert "Ada Lovelace, Alan Turing" in text
    assert "0 votes" in text


def test_sending_twice_for_the_same_moment_sends_nothing_the_second_time(smtp_settings, picks):
    verified_reader("paris", timezone="Europe/Paris", hour=8)

    first, second = send(), send("2025-12-01T07:55:00Z")

    assert first["sent"] == 1
    assert second == {"due": 0, "sent": 0, "skipped_empty": 0, "failed": 0}
    assert len(smtp_settings.messages) == 1
    assert DigestSend.objects.get().status == "sent"


def test_an_empty_digest_is_recorded_and_not_sent(smtp_settings, picks):
    reader = verified_reader("paris", timezone="Europe/Paris", hour=8)
    reader.include_tags.add(TagFactory(slug="nothing-here"))

    assert send() == {"due": 1, "sent": 0, "skipped_empty": 1, "failed": 0}
    assert smtp_settings.messages == []
    assert DigestSend.objects.get().status == "empty"


def test_weekly_readers_get_it_on_their_weekday_over_the_week(smtp_settings, picks):
    verified_reader("monday", frequency="weekly", weekday=0, timezone="UTC", hour=7)
    verified_reader("tuesday", frequency="weekly", weekday=1, timezone="UTC", hour=7)

    send()

    (message,) = smtp_settings.messages
    assert "monday@" in message["To"]
    assert "weekly" in message["Subject"]
    assert "Picked on the 29th" in message.get_body(("plain",)).get_content()


def test_visitors_unconfirmed_get_nothing_and_new_subscriptions_start_after_their_hour(
    smtp_settings, picks
):
    Subscription.objects.create(email="visitor@example.org", timezone="UTC", hour=6)
    verified_reader(
        "late", timezone="UTC", hour=6, confirmed_at=datetime(2025, 12, 1, 6, 30, tzinfo=UTC)
    )

    assert send()["due"] == 0


def test_filters_by_included_category_or_tag(smtp_settings, picks):
    reader = verified_reader("paris", timezone="Europe/Paris", hour=8)
    reader.include_tags.add(picks["vision"])

    send()

    text = smtp_settings.messages[0].get_body(("plain",)).get_content()
    assert "vision paper" in text
    assert "Picked on the 30th" not in text


def test_an_smtp_error_is_retried_then_recorded(settings, picks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    verified_reader("paris", timezone="Europe/Paris", hour=8)

    assert send()["failed"] == 1
    record = DigestSend.objects.get()
    assert (record.status, record.attempts) == ("queued", 1)  # the mail worker retries it

    assert digest_send(send_id=record.pk, final_attempt=True) == "failed"
    record.refresh_from_db()
    assert record.attempts == 2
    assert "Connection" in record.error


def test_a_bad_moment_is_refused(smtp_settings):
    with pytest.raises(Exception, match="--at"):
        call_command("digest", "send", "--at", "yesterday")


def test_a_time_zone_written_behind_the_forms_back_does_not_stop_the_others(smtp_settings, picks):
    verified_reader("broken", timezone="Mars/Olympus", hour=0)
    verified_reader("paris", timezone="Europe/Paris", hour=8)

    assert send()["sent"] == 1
    assert smtp_settings.to("paris@example.org")
