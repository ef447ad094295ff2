"""Control characters and huge values in URLs are a 400 or a 404, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 shows as a 500, not as the exception
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/categories/%00",
        "/categories/cs.CL%00",
        "/papers/2401.01234%00",
        "/tags/a%1Fb",
        "/search?q=%00",
        "/search?q=attention&page=%00",
        "/?sort=new%7F",
        "/api/v1/papers/?category=%00",
        "/api/daily_papers?date=%00",
        "/accounts/login/?next=%2F%00",
    ],
)
def test_control_characters_in_the_url_are_a_bad_request(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers


def test_tabs_and_newlines_in_a_query_are_searched_as_spaces(client):
    assert client.get("/search?q=sparse%09attention%0Amodels").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/categories/" + "x" * 5000,
        "/tags/" + "a" * 5000,
        "/authors/99999999999999999999",
        "/?page=99999999999999999999",
        "/search?q=" + "attention " * 2000,
    ],
)
def test_huge_values_in_the_url_are_not_an_error(client, url):
    assert client.get(url).status_code in (200, 400, 404)


def test_under_the_api_the_bad_request_is_in_the_apis_error_format(client):
    response = client.get("/api/v1/papers/?q=%00")

    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "bad_request",
        "message": "Control character in the URL.",
        "errors": {},
    }
