"""The header at a laptop's and a phone's width, and the API docs in the reader's colour scheme."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory


def signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def visible_search_boxes(page) -> int:
    return sum(box.is_visible() for box in page.get_by_role("searchbox").all())


@pytest.mark.parametrize("display_name", ["Curator", "Maximiliana Wolfeschlegelsteinhausen"])
def test_a_staff_members_header_leaves_the_search_box_usable_at_1366px(
    page, live_server, display_name
):
    staff = UserFactory(username="curator", display_name=display_name, is_staff=True)
    signed_in(page, live_server, staff).set_viewport_size({"width": 1366, "height": 768})

    page.goto("/")

    assert page.get_by_role("link", name="Admin").is_visible()
    assert page.get_by_role("searchbox", name="Search papers").bounding_box()["width"] >= 200


def test_the_search_page_on_a_phone_shows_one_search_box(page):
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/search?q=attention")
    assert visible_search_boxes(page) == 1

    page.goto("/")  # elsewhere the header's box is the only one
    assert visible_search_boxes(page) == 1


@pytest.mark.parametrize(
    ("scheme", "chosen", "background"),
    [
        ("light", None, "rgb(250, 250, 250)"),
        ("dark", None, "rgb(28, 32, 34)"),
        ("dark", "light", "rgb(250, 250, 250)"),  # the site's theme toggle wins
    ],
)
def test_the_api_docs_follow_the_readers_colour_scheme(page, scheme, chosen, background):
    page.emulate_media(color_scheme=scheme)
    if chosen:
        page.goto("/")
        page.evaluate(f"localStorage.setItem('theme', '{chosen}')")

    page.goto("/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()

    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
