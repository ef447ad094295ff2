import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import factory.random
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from papers_site.celery import app as celery_app

from .factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    """Seed factory_boy's Faker by test name: a test sees the same random words on every run."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Cached pages, card parts and API items are keyed by URL or paper id and versions,
    not by test, and rate-limit counters by user, IP and minute: each test starts
    without. Only those keys: the same Redis database holds the Celery broker's."""
    client = cache._cache.get_client(None, write=True)
    for pattern in ("page:*", "scope:*", "card:*", "api-item:*", "api-response:*", "ratelimit:*"):
        for key in client.scan_iter(match=f"{cache.key_prefix}*{pattern}"):
            client.delete(key)


@pytest.fixture
def noon_today():
    """The clock at noon UTC today, still ticking, for tests that list today's papers.

    A paper made at timezone.now() and the page asked for a moment later fall on
    two days when the run crosses midnight UTC. Today's date rather than a fixed
    one keeps this process's clock within hours of the browser's (its cookies)
    and of PostgreSQL's now(). Other processes (servers, Celery) keep real time.
    """
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        yield noon


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """MD5 instead of Argon2: users are made by the hundred. test_passwords checks the real list."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    """pytest-django's admin_client signs this one in: staff, so with an authenticator app."""
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", display_name="Alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", display_name="Bob")


@pytest.fixture
def curator(db):
    return UserFactory(username="curator", display_name="Curator", is_staff=True)


def _test_database_url(name: str | None = None) -> str:
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgresql://{quote(db['USER'])}{password}@{host}{port}/{name or db['NAME']}"


def _connect_to(name: str) -> None:
    """Point the default connection (and its pool) at another database of the same server."""
    connection.close()
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        connection.close_pool()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # ids differ from one database to another


class SpareDatabase:
    """An empty database on the test database's server, dropped after the test."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.url = _test_database_url(name)

    @contextmanager
    def connected(self) -> Iterator[None]:
        """Django's default connection reads and writes this database meanwhile."""
        home = connection.settings_dict["NAME"]
        _connect_to(self.name)
        try:
            yield
        finally:
            _connect_to(home)


@pytest.fixture
def spare_database(transactional_db):
    """For tests that migrate or restore a whole database: never the shared test database.

    Transactional, so the test's own rows are committed (pg_dump sees them) and
    CREATE DATABASE runs outside a transaction block.
    """
    name = f"{connection.settings_dict['NAME']}_spare"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield SpareDatabase(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_program(name: str) -> str:
    """pg_dump, pg_restore: the test server's own (beside its binary), else the one on PATH.

    An older pg_dump refuses a newer server, and Debian's PATH may hold an older one.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend_pid,) = cursor.fetchone()
    try:
        beside_server = Path(os.readlink(f"/proc/{backend_pid}/exe")).with_name(name)
    except OSError:  # a server on another machine, or another user's
        beside_server = None
    if beside_server is not None and beside_server.exists():
        return str(beside_server)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"no {name} beside the PostgreSQL server or on PATH")
    return found


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker process on the real broker, writing to the test database.

    Tests that use it need `transactional_db`: the worker cannot see data inside
    the test's own transaction.
    """
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    env = {**os.environ, "DATABASE_URL": database_url, "DATABASE_POOL": "false"}
    celery_app.control.purge()
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "papers_site", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-mingle", "--without-gossip",
         "--queues", "default,ingest,recommend,tagging", "--hostname", f"test-{os.getpid()}@%h"],
        cwd=BASE_DIR, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for_worker(process)
        yield process
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen) -> None:
    """Terminate, then kill what is still there after 15 seconds."""
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for_worker(process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {process.returncode}")
        if celery_app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not answer a ping in time")
