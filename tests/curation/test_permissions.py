"""Every curation page and endpoint: anonymous is sent to sign in (401 in the API), a
reader gets 403, a curator and a superuser get in. Submissions: any signed-in reader."""

import pytest
from rest_framework.test import APIClient

from apps.curation.models import DailyPick
from apps.ingest.models import IngestRun, Kind, Source
from tests.factories import PaperFactory, UserFactory

from .conftest import make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    paper = PaperFactory(status="pending")
    published = PaperFactory()
    pick = DailyPick.objects.create(featured_on="2025-11-26", paper=published, position=1)
    source = Source.objects.create(name="rss", kind=Kind.ARXIV_RSS, url="http://127.0.0.1:9/")
    run = IngestRun.objects.create(source=source, kind=Kind.ARXIV_RSS, trigger="schedule")
    return {"paper": paper.public_id, "pick": pick.pk, "source": source.pk, "run": run.pk}


PAGES = [
    "/curate/",
    "/curate/picks/2025-11-26/",
    "/curate/ingest/",
    "/curate/ingest/runs/{run}/",
    "/curate/audit/",
]
ACTIONS = [
    ("/curate/papers/{paper}/decide", {"decision": "approve", "seen_status": "pending"}),
    ("/curate/papers/{paper}/tags", {"add": "nothing"}),
    ("/curate/papers/{paper}/pick", {"date": "2025-11-27"}),
    ("/curate/bulk", {"action": "approve", "papers": "{paper}:pending"}),
    ("/curate/picks/2025-11-26/add", {"paper": "{paper}"}),
    ("/curate/picks/2025-11-26/reorder", {"order": "{pick}"}),
    ("/curate/picks/2025-11-26/publish", {"published": "true"}),
    ("/curate/pick/{pick}/edit", {"note": "Read it."}),
    ("/curate/pick/{pick}/move", {"position": "1"}),
    ("/curate/ingest/sources/{source}/run", {}),
    ("/curate/pick/{pick}/remove", {}),
]
ENDPOINTS = [
    ("get", "/api/v1/curation/queue/", None),
    ("get", "/api/v1/curation/picks/", None),
    ("post", "/api/v1/curation/picks/", {"paper": "{paper}", "date": "2025-11-28"}),
    ("get", "/api/v1/curation/picks/{pick}/", None),
    ("patch", "/api/v1/curation/picks/{pick}/", {"note": "x"}),
    ("post", "/api/v1/curation/decisions/",
     {"paper": "{paper}", "decision": "reject", "seen_status": "pending"}),
    ("delete", "/api/v1/curation/picks/{pick}/", None),
]  # fmt: skip


def fill(value, world):
    if isinstance(value, dict):
        return {key: fill(item, world) for key, item in value.items()}
    return value.format(**world) if isinstance(value, str) else value


def persona(name: str):
    if name == "anonymous":
        return None
    if name == "reader":
        return UserFactory(username="reader")
    if name == "curator":
        return make_editor("curator1")
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_only_curators_open_the_dashboard(client, world, who):
    user = persona(who)
    if user:
        client.force_login(user)
    for url in PAGES:
        response = client.get(fill(url, world))
        if user is None:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code == 403, url
    for url, data in ACTIONS:
        response = client.post(fill(url, world), fill(data, world))
        assert response.status_code == (302 if user is None else 403), url
        if user is None:
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["curator", "superuser"])
def test_curators_and_superusers_use_every_page_and_action(client, world, who):
    client.force_login(persona(who))
    for url in PAGES:
        assert client.get(fill(url, world)).status_code == 200, url
    for url, data in ACTIONS:
        response = client.post(fill(url, world), fill(data, world))
        assert response.status_code in (200, 302), (url, response.status_code)


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("reader", 403), ("curator", None), ("superuser", None)]
)
def test_the_curation_api_needs_the_curate_permission(world, who, status):
    api = APIClient()
    user = persona(who)
    if user:
        api.force_authenticate(user)
    for method, url, body in ENDPOINTS:
        response = getattr(api, method)(fill(url, world), fill(body, world), format="json")
        if status is None:
            assert response.status_code in (200, 201, 204), (url, response.content)
        else:
            assert response.status_code == status, url


def test_any_signed_in_reader_submits_and_sees_their_submissions(client):
    assert client.get("/curate/submit/")["Location"].startswith("/accounts/login/")
    assert client.get("/curate/submissions/")["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory(username="reader"))

    assert client.get("/curate/submit/").status_code == 200
    assert client.get("/curate/submissions/").status_code == 200
