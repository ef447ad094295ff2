"""What every page carries: the header's search box, vendored scripts, theme support."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_header_has_a_labelled_get_search_box(client):
    html = client.get("/").content.decode()

    assert '<form class="nav-search" role="search" action="/search" method="get">' in html
    assert '<label class="visually-hidden" for="site-search">Search papers</label>' in html
    assert 'id="site-search" name="q"' in html


def test_scripts_and_styles_are_served_from_static_never_a_cdn(client):
    html = client.get("/").content.decode()

    # Scripts, styles and icons (a feed's <link rel="alternate"> is a page of the site).
    sources = re.findall(
        r'<(?:script|link)(?![^>]*rel="alternate")[^>]+(?:src|href)="([^"]+)"', html
    )
    assert "/static/vendor/htmx/htmx.min.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


def test_the_theme_toggle_is_a_labelled_button_hidden_until_javascript_runs(client):
    html = client.get("/").content.decode()

    assert re.search(r'<button type="button" class="theme-toggle"[^>]*hidden>', html)
    assert '<span class="visually-hidden">Dark theme</span>' in html


@pytest.mark.parametrize("path", ["/", "/search", "/papers/week", "/accounts/login/"])
def test_every_page_links_to_the_api_docs(client, path):
    html = client.get(path).content.decode()

    assert '<a href="/api/docs/">API</a>' in html


def test_the_header_search_box_knows_it_is_on_the_search_page(client):
    # The stylesheet hides it there on a phone, below the page's own search form.
    assert "data-on-search-page" in client.get("/search?q=attention").content.decode()
    assert "data-on-search-page" not in client.get("/").content.decode()
