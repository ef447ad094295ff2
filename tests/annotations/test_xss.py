"""Hostile notes render inert everywhere a note's HTML goes: the paper's discussion,
/notes, the API's body_html and the JSON-LD export."""

import json
import re

import lxml.html
import pytest
from rest_framework.test import APIClient

from apps.papers.markdown import markdown_render

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "![img](javascript:alert(1))",
    '<img src="x" onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    "<div <script>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "$x</span><script>alert(1)</script>$",
]
RUNS = {"script", "svg", "iframe", "img", "style", "math", "object", "embed", "form", "input"}


def assert_inert(html: str) -> None:
    """Parsed as a browser would (lxml's HTML parser): no element that runs or embeds,
    no event-handler attribute, no javascript: or data: URL. Escaped text is fine."""
    fragment = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for element in fragment.iter():
        assert element.tag not in RUNS, html
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), html
            if name.lower() in ("href", "src", "xlink:href", "action"):
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                assert scheme in ("", "http", "https", "mailto"), html


@pytest.mark.parametrize("body", HOSTILE)
def test_rendering_leaves_nothing_that_runs(body):
    assert_inert(markdown_render(body))


def test_hostile_notes_are_inert_on_the_page_notes_api_and_export(client, alice, paper, note):
    for body in HOSTILE:
        note(alice, body=body, visibility="public", tags=["<script>x</script>"])
    client.force_login(alice)

    discussion = client.get(f"/papers/{paper.public_id}/annotations").content.decode()
    notes_page = client.get("/notes").content.decode()
    api = APIClient()
    api.force_authenticate(alice)
    listed = api.get("/api/v1/annotations/?page_size=100").json()["results"]
    exported = json.loads(api.get("/api/v1/annotations/export").content)

    # The page's own <script> tags are allowed: look at what notes put there.
    for html in (discussion, notes_page):
        bodies = re.findall(
            r'<div class="annotation-body">(.*?)</div>\s*'
            r'(?:<ul|<div class="annotation-actions"|</article>)',
            html,
            re.S,
        )
        assert len(bodies) == len(HOSTILE)
        for body in bodies:
            assert_inert(body)
        assert "<script>x</script>" not in html
    assert len(listed) == len(HOSTILE)
    for item in listed:
        assert_inert(item["body_html"])
    html_bodies = [
        b["value"]
        for item in exported["first"]["items"]
        for b in item["body"]
        if b.get("format") == "text/html"
    ]
    assert len(html_bodies) == len(HOSTILE)
    for body in html_bodies:
        assert_inert(body)
