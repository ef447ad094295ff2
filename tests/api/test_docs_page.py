"""The API docs page (Swagger UI): reachable, in the reader's colour scheme, no inline code."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_the_dark_mode_stylesheet_and_script(client):
    html = client.get("/api/docs/").content.decode()

    assert '<link rel="stylesheet" href="/static/css/api-docs.css">' in html
    assert '<script src="/static/js/api-docs.js"></script>' in html
    assert finders.find("css/api-docs.css")
    assert finders.find("js/api-docs.js")


def test_the_docs_page_has_no_inline_script_style_or_event_handler(client):
    # A Content-Security-Policy without 'unsafe-inline' must not break it.
    html = client.get("/api/docs/").content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert re.findall(r"\son[a-z]+=", html) == []


def test_the_docs_page_script_comes_from_the_docs_url(client):
    html = client.get("/api/docs/").content.decode()
    (script_url,) = re.findall(r'<script src="(/api/docs/\?[^"]*)"', html)

    response = client.get(script_url.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in response.content.decode()
    assert '"/api/schema/"' in response.content.decode()


def test_the_docs_page_links_back_to_the_site(client, settings):
    html = client.get("/api/docs/").content.decode()

    assert f'<a class="docs-brand" href="/">{settings.SITE_NAME}</a>' in html
