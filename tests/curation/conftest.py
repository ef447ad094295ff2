import os
import socket

import pytest
from django.contrib.auth.models import Group, Permission
from rest_framework.test import APIClient

from apps.accounts.permissions import CURATORS_GROUP
from tests.api.conftest import _fresh_throttles  # noqa: F401  (autouse: API throttle counters)
from tests.factories import PaperFactory, UserFactory


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The stand-in arXiv API of the submission tests. The Celery worker (a session fixture)
# takes its settings from the environment when it starts: set before any test runs.
ARXIV_PORT = _free_port()
ARXIV_API_URL = f"http://127.0.0.1:{ARXIV_PORT}/api/query"
os.environ["ARXIV_API_URL"] = ARXIV_API_URL


def curators_group() -> Group:
    """The group migration 0002 makes; made again after a transactional test's flush."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="curate", content_type__app_label="curation")
    )
    return group


def make_editor(username: str = "editor", **fields) -> object:
    user = UserFactory(username=username, display_name=username.title(), **fields)
    user.groups.add(curators_group())
    return user


@pytest.fixture
def editor(db):
    """A curator: in the curators group, not staff, not a superuser."""
    return make_editor("editor")


@pytest.fixture
def other_editor(db):
    return make_editor("olga")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def editor_api(editor):
    api = APIClient()
    api.force_authenticate(editor)
    return api


@pytest.fixture
def pending_paper(db):
    return PaperFactory(status="pending", source="arxiv-api")
