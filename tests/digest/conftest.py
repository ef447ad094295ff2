import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from allauth.account.models import EmailAddress

from apps.curation.models import DailyPick
from apps.digest.models import Subscription
from papers_site.celery import app as celery_app

from ..conftest import BASE_DIR, _test_database_url, _wait_for_worker, stop_process
from ..factories import PaperFactory, UserFactory


class Inbox:
    """aiosmtpd handler: every message the server accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.refuse_first = 0  # answer this many messages "451: try again later"
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.refuse_first:
                self.refused += 1
                return "451 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.1)
        return self.messages


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free port of 127.0.0.1, collecting what it receives."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks readiness on the port given)
        probe.bind(("127.0.0.1", 0))
        inbox.port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """This process sends through the test's SMTP server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    return smtp_server


def start_mail_worker(smtp_port: int, name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DATABASE_POOL": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SITE_URL": "https://papers.example.org",
        "DIGEST_RETRY_BACKOFF_SECONDS": "0.5",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "papers_site", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-mingle", "--without-gossip",
         "--queues", "mail", "--hostname", f"{name}-{os.getpid()}@%h"],
        cwd=BASE_DIR, env=env, start_new_session=True,
    )  # fmt: skip


@pytest.fixture
def mail_workers(transactional_db, smtp_server):
    """Start n real Celery workers on the `mail` queue, sending to the test's SMTP server."""
    started: list[subprocess.Popen] = []
    celery_app.control.purge()

    def start(n: int = 1) -> list[subprocess.Popen]:
        for i in range(n):
            process = start_mail_worker(smtp_server.port, f"mail{i}")
            started.append(process)
            _wait_for_worker(process)
        return started

    yield start
    for process in started:
        stop_process(process)


def verified_reader(username: str, **subscription) -> Subscription:
    user = UserFactory(username=username)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    defaults = {"confirmed_at": datetime(2025, 1, 1, tzinfo=UTC)}
    return Subscription.objects.create(user=user, **{**defaults, **subscription})


def pick(day, title: str, position: int = 1, **paper) -> DailyPick:
    return DailyPick.objects.create(
        featured_on=day, paper=PaperFactory(title=title, **paper), position=position
    )
