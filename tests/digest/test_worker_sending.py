"""Through real Celery workers on the `mail` queue and a real SMTP server: one message per
reader when the trigger runs twice, when two workers race, and after an SMTP retry."""

import time
from datetime import date

import pytest

from apps.digest import tasks
from apps.digest.models import DigestSend

from .conftest import pick, verified_reader

pytestmark = [pytest.mark.slow]
AT = "2025-12-01T07:00:00+00:00"


@pytest.fixture
def readers(transactional_db):
    pick(date(2025, 11, 30), "Picked on the 30th")
    return [verified_reader(f"reader{i}", timezone="Europe/Paris", hour=8) for i in range(6)]


def settle(inbox, expected: int) -> None:
    inbox.wait_for(expected)
    time.sleep(2)  # anything more that would come, would come now


def test_the_trigger_run_twice_sends_one_message_per_reader(mail_workers, smtp_server, readers):
    mail_workers(1)

    tasks.send_digests.delay(AT).get(timeout=30)
    tasks.send_digests.delay(AT).get(timeout=30)
    settle(smtp_server, len(readers))

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(r.user.email for r in readers)
    assert set(DigestSend.objects.values_list("status", flat=True)) == {"sent"}


def test_two_workers_racing_send_one_message_per_reader(mail_workers, smtp_server, readers):
    mail_workers(2)

    triggers = [tasks.send_digests.delay(AT) for _ in range(4)]
    for trigger in triggers:
        trigger.get(timeout=30)
    # And every send queued twice more, as a redelivery would: the claim lets one through.
    for send_id in DigestSend.objects.values_list("pk", flat=True):
        tasks.send_digest.delay(send_id)
        tasks.send_digest.delay(send_id)
    settle(smtp_server, len(readers))

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(r.user.email for r in readers)
    assert DigestSend.objects.count() == len(readers)


def test_an_smtp_refusal_is_retried_with_backoff_and_sent_once(mail_workers, smtp_server, readers):
    smtp_server.refuse_first = 2
    mail_workers(1)

    tasks.send_digests.delay(AT).get(timeout=30)
    settle(smtp_server, len(readers))

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(r.user.email for r in readers)
    attempts = sorted(DigestSend.objects.values_list("attempts", flat=True))
    assert sum(attempts) == len(readers) + 2
    assert set(DigestSend.objects.values_list("status", flat=True)) == {"sent"}
