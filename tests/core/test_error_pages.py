"""With DEBUG off, errors answer with the site's own pages, not Django's bare ones."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

SITE_HEADER = '<header class="site-header">'


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/papers/2401.99999", 404, "Page not found"),
        ("/no/such/page", 404, "Page not found"),
        ("/test/forbidden", 403, "Not allowed"),
        ("/test/suspicious", 400, "Bad request"),
    ],
)
def test_an_error_gets_the_sites_own_page(client, path, status, heading):
    response = client.get(path)

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page(response)
    assert SITE_HEADER in page(response)
    assert 'id="site-search"' in page(response)


def test_the_404_page_works_for_a_signed_in_staff_member(client, curator):
    client.force_login(curator)

    response = client.get("/no/such/page")

    assert response.status_code == 404
    assert "Sign out" in page(response)


def test_the_403_page_offers_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/test/forbidden")

    assert '/accounts/login/?next=/test/forbidden"' in page(response)


def test_an_unknown_host_gets_the_sites_400_page(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in page(response)


def test_an_unhandled_error_gets_the_sites_500_page():
    client = Client(raise_request_exception=False)

    response = client.get("/test/broken")

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page(response)
    assert SITE_HEADER in page(response)
    assert "/static/css/site.css" in page(response)


def test_the_500_page_needs_no_database(django_assert_num_queries):
    # The database may be what failed: the page must render without it.
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page(response)
