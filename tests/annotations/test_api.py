"""/api/v1/annotations/ and its W3C JSON-LD export."""

import json

import pytest
from rest_framework.test import APIClient

from apps.annotations.models import Annotation
from tests.api.helpers import assert_error, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/annotations/"


@pytest.fixture
def as_alice(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(alice)}")
    return client


def test_create_by_token_needs_no_csrf_and_answers_201_with_the_object(as_alice, paper):
    start = paper.abstract.index("power law")
    payload = {
        "paper": paper.public_id, "body": "Which $\\alpha$?", "tags": ["Exponent"],
        "visibility": "public", "field": "abstract",
        "selector": {"exact": "power law", "prefix": "falls as a ", "suffix": " in the"},
    }  # fmt: skip

    response = as_alice.post(URL, payload, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "paper", "version", "body", "body_html", "visibility", "selector", "orphaned",
            "reply_to", "created", "updated"} <= set(body)  # fmt: skip
    assert body["paper"] == paper.public_id
    assert body["version"] == paper.version
    assert body["selector"] == {"exact": "power law", "prefix": paper.abstract[start - 32 : start],
                                "suffix": paper.abstract[start + 9 : start + 41], "start": start,
                                "end": start + 9}  # fmt: skip
    assert body["tags"] == ["exponent"]
    assert body["orphaned"] is False
    assert '<span data-math="inline">\\(\\alpha\\)</span>' in body["body_html"]


def test_whole_paper_note_and_reply(as_alice, paper, bob, note):
    parent = note(bob)

    whole = as_alice.post(URL, {"paper": paper.public_id, "body": "Overall fine"}, format="json")
    reply = as_alice.post(
        URL, {"paper": paper.public_id, "body": "Agreed", "reply_to": parent.pk}, format="json"
    )

    assert whole.status_code == 201
    assert whole.json()["selector"] is None
    assert whole.json()["visibility"] == "private"
    assert reply.status_code == 201
    assert reply.json()["reply_to"] == parent.pk
    assert reply.json()["visibility"] == "public"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "x"}, "paper"),
        ({"paper": "2999.99999", "body": "x"}, "paper"),
        ({"paper": "{paper}", "body": ""}, "body"),
        ({"paper": "{paper}", "body": "x", "visibility": "friends"}, "visibility"),
        (
            {
                "paper": "{paper}",
                "body": "x",
                "field": "abstract",
                "selector": {"exact": "absent words here"},
            },
            "selector",
        ),
        ({"paper": "{paper}", "body": "x", "selector": {"exact": "power law"}}, "field"),
        ({"paper": "{paper}", "body": "x", "reply_to": 999999}, "reply_to"),
        ({"paper": "{paper}", "body": "x", "tags": ["a" * 51]}, "tags.0"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(as_alice, paper, payload, field):
    payload = {k: (paper.public_id if v == "{paper}" else v) for k, v in payload.items()}

    assert_error(as_alice.post(URL, payload, format="json"), 400, "invalid", field)
    assert not Annotation.objects.exists()


def test_list_filters_paper_tag_visibility_mine(as_alice, alice, bob, paper, note):
    mine_private = note(alice, visibility="private", tags=["x"])
    mine_public = note(alice, visibility="public")
    bobs_public = note(bob, visibility="public", tags=["x"])
    note(bob, visibility="private", tags=["x"])

    def ids(query=""):
        response = as_alice.get(URL + query)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids() == {mine_private.pk, mine_public.pk, bobs_public.pk}
    assert ids("?mine=true") == {mine_private.pk, mine_public.pk}
    assert ids("?visibility=public") == {mine_public.pk, bobs_public.pk}
    assert ids("?tag=x") == {mine_private.pk, bobs_public.pk}
    assert ids(f"?paper={paper.public_id}") == {mine_private.pk, mine_public.pk, bobs_public.pk}
    assert ids("?paper=2999.99999") == set()
    assert_error(as_alice.get(URL + "?visibility=friends"), 400, "invalid", "visibility")


def test_patch_and_delete_mine_only(as_alice, alice, bob, note):
    mine, bobs_public, bobs_private = note(alice), note(bob), note(bob, visibility="private")

    edited = as_alice.patch(f"{URL}{mine.pk}/", {"body": "<b>new</b> text"}, format="json")
    assert edited.status_code == 200
    assert edited.json()["body_html"] == "<p>&lt;b&gt;new&lt;/b&gt; text</p>\n"
    assert (
        as_alice.patch(f"{URL}{bobs_public.pk}/", {"body": "x"}, format="json").status_code == 403
    )
    assert (
        as_alice.patch(f"{URL}{bobs_private.pk}/", {"body": "x"}, format="json").status_code == 404
    )
    assert as_alice.delete(f"{URL}{bobs_private.pk}/").status_code == 404
    assert as_alice.delete(f"{URL}{bobs_public.pk}/").status_code == 403
    assert as_alice.delete(f"{URL}{mine.pk}/").status_code == 204
    assert Annotation.objects.count() == 2


def test_session_writes_need_csrf(alice, paper):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(URL, {"paper": paper.public_id, "body": "x"}, format="json")

    assert response.status_code == 403


def test_anonymous_reads_the_public_discussion_but_cannot_write(alice, paper, note):
    public, private = note(alice), note(alice, visibility="private")
    client = APIClient()

    assert [item["id"] for item in client.get(URL).json()["results"]] == [public.pk]
    assert client.get(f"{URL}{private.pk}/").status_code == 404
    assert (
        client.post(URL, {"paper": paper.public_id, "body": "x"}, format="json").status_code == 401
    )
    assert client.get(f"{URL}export").status_code == 401


def test_export_is_a_w3c_annotation_collection_holding_every_note(as_alice, alice, bob, note):
    passage = note(alice, visibility="private", tags=["t1"])
    whole = note(alice, exact="", body="whole paper")
    parent = note(bob)
    reply = note(alice, exact="", body="a reply", reply_to=parent)

    response = as_alice.get(f"{URL}export")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 3
    items = data["first"]["items"]
    assert data["first"]["type"] == "AnnotationPage"
    assert [item["id"].rsplit("/", 2)[-2] for item in items] == [
        str(a.pk) for a in (passage, whole, reply)
    ]
    for item in items:
        assert item["type"] == "Annotation"
        assert item["id"].startswith("http")
        assert item["motivation"] in ("commenting", "replying")
        body = Annotation.objects.get(pk=item["id"].rsplit("/", 2)[-2]).body
        assert item["body"][0] == {"type": "TextualBody", "format": "text/markdown",
                                   "value": body, "purpose": "commenting"}  # fmt: skip
        assert item["target"]
    selector = items[0]["target"]["selector"]
    assert items[0]["target"]["source"] == f"https://arxiv.org/abs/{passage.paper.arxiv_id}v1"
    quote, position = selector["refinedBy"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": passage.exact,
        "prefix": passage.prefix,
        "suffix": passage.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": passage.start, "end": passage.end}
    assert {"type": "TextualBody", "value": "t1", "purpose": "tagging"} in items[0]["body"]
    assert "selector" not in items[1]["target"]
    assert items[2]["motivation"] == "replying"
    assert items[2]["target"].endswith(f"/{parent.pk}/")
