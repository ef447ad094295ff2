"""Who sees and changes which list, on the pages and through the API: anonymous, the
owner (alice), another reader (bob) and staff, for private, link-shared and public
lists; guessed ids and tokens included. A list one may not see is a 404."""

import secrets

import pytest
from django.test import Client
from rest_framework.test import APIClient

from apps.lists.services import list_item_add, reading_list_create
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
PERSONAS = ("anonymous", "owner", "other", "staff")
LOGIN = "/accounts/login/"


@pytest.fixture
def people(alice, bob, admin_user):
    return {"anonymous": None, "owner": alice, "other": bob, "staff": admin_user}


@pytest.fixture
def lists(alice):
    paper = PaperFactory()
    made = {}
    for visibility in ("private", "link", "public"):
        made[visibility] = reading_list_create(
            owner=alice, name=f"Alice's {visibility} shelf", visibility=visibility
        )
        list_item_add(reading_list=made[visibility], paper=paper)
    return made


def site_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def statuses(people, request) -> dict[str, int | str]:
    got = {}
    for persona in PERSONAS:
        response = request(people[persona])
        got[persona] = (
            response["Location"].split("?")[0]
            if response.status_code == 302
            else response.status_code
        )
    return got


BY_ID = {  # the list's page and its export, by id
    "private": {"anonymous": 404, "owner": 200, "other": 404, "staff": 404},
    "link": {"anonymous": 404, "owner": 200, "other": 404, "staff": 404},
    "public": {"anonymous": 200, "owner": 200, "other": 200, "staff": 200},
}
BY_TOKEN = {  # the share link: a private list's link opens for nobody
    "private": dict.fromkeys(PERSONAS, 404),
    "link": dict.fromkeys(PERSONAS, 200),
    "public": dict.fromkeys(PERSONAS, 200),
}


@pytest.mark.parametrize("visibility", ["private", "link", "public"])
def test_list_page_and_export_by_id(people, lists, visibility):
    reading_list = lists[visibility]

    page = statuses(people, lambda u: site_client(u).get(f"/lists/{reading_list.pk}"))
    export = statuses(
        people, lambda u: site_client(u).get(f"/lists/{reading_list.pk}/export?format=ris")
    )

    assert page == BY_ID[visibility]
    assert export == BY_ID[visibility]


@pytest.mark.parametrize("visibility", ["private", "link", "public"])
def test_share_link_by_token(people, lists, visibility):
    token = lists[visibility].share_token

    page = statuses(people, lambda u: site_client(u).get(f"/lists/shared/{token}"))
    export = statuses(people, lambda u: site_client(u).get(f"/lists/shared/{token}/export"))

    assert page == BY_TOKEN[visibility]
    assert export == BY_TOKEN[visibility]


@pytest.mark.parametrize("visibility", ["private", "link", "public"])
def test_only_the_owner_changes_a_list_on_the_site(people, lists, visibility):
    reading_list = lists[visibility]
    item = reading_list.items.get()

    edit = statuses(
        people,
        lambda u: site_client(u).post(f"/lists/{reading_list.pk}/edit", {"name": "Renamed"}),
    )
    status = statuses(
        people,
        lambda u: site_client(u).post(
            f"/lists/{reading_list.pk}/items/{item.pk}", {"action": "status", "status": "read"}
        ),
    )

    expected = {"anonymous": LOGIN, "owner": f"/lists/{reading_list.pk}", "other": 404}
    assert edit == {**expected, "staff": 404}
    assert {k: v.split("#")[0] if isinstance(v, str) else v for k, v in status.items()} == {
        **expected,
        "staff": 404,
    }
    reading_list.refresh_from_db()
    assert reading_list.name == "Renamed"  # by its owner, once


@pytest.mark.parametrize("visibility", ["private", "link", "public"])
def test_api_reads(people, lists, visibility):
    reading_list = lists[visibility]
    base = f"/api/v1/lists/{reading_list.pk}"

    for path in (f"{base}/", f"{base}/items/", f"{base}/export?format=csl-json"):
        assert statuses(people, lambda u, path=path: api_client(u).get(path)) == BY_ID[visibility]


@pytest.mark.parametrize(
    ("visibility", "others"), [("private", 404), ("link", 404), ("public", 403)]
)
def test_api_writes_are_the_owners(people, lists, visibility, others):
    reading_list = lists[visibility]
    paper = reading_list.items.get().paper
    base = f"/api/v1/lists/{reading_list.pk}"

    def attempts(user):
        client = api_client(user)
        return [
            client.patch(f"{base}/", {"description": "x"}, format="json"),
            client.post(f"{base}/items/", {"paper": PaperFactory().public_id}, format="json"),
            client.patch(f"{base}/items/{paper.public_id}/", {"status": "read"}, format="json"),
            client.post(
                f"{base}/items/reorder",
                {"order": [i.paper.public_id for i in reading_list.items.order_by("-position")]},
                format="json",
            ),
            client.delete(f"{base}/items/{paper.public_id}/"),
        ]

    for persona, expected in {"anonymous": 401, "other": others, "staff": others}.items():
        assert [r.status_code for r in attempts(people[persona])] == [expected] * 5, persona
    assert reading_list.items.count() == 1
    assert [r.status_code for r in attempts(people["owner"])] == [200, 201, 200, 200, 204]


def test_guessed_ids_and_tokens_find_nothing(people, lists):
    missing = max(reading_list.pk for reading_list in lists.values()) + 1000
    guessed_token = secrets.token_urlsafe(24)

    for persona in PERSONAS:
        client, api = site_client(people[persona]), api_client(people[persona])
        assert client.get(f"/lists/{missing}").status_code == 404
        assert client.get(f"/lists/shared/{guessed_token}").status_code == 404
        assert api.get(f"/api/v1/lists/{missing}/").status_code == 404


def test_my_lists_are_mine_only(people, lists, bob):
    reading_list_create(owner=bob, name="Bob's own")

    names = [entry["name"] for entry in api_client(bob).get("/api/v1/lists/").json()]
    page = site_client(bob).get("/lists/").content.decode()

    assert names == ["Bob's own"]
    assert "Alice&#x27;s" not in page
    assert "Alice's" not in page
