import pytest

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def test_validation_errors_name_each_parameter(api):
    body = assert_error(api.get("/api/v1/papers/?published_from=bad&min_votes=x"), 400, "invalid")

    assert set(body["errors"]) == {"published_from", "min_votes"}
    assert "published_from" in body["message"]
    assert "min_votes" in body["message"]


def test_a_single_bad_parameter_is_named_in_the_message(api):
    body = assert_error(api.get("/api/v1/daily/?date=tomorrow"), 400, "invalid", field="date")

    assert body["message"] == (
        "Invalid value for 'date': 'tomorrow' is not a date: use YYYY-MM-DD."
    )


def test_not_signed_in_is_a_401_and_signed_in_but_not_allowed_a_403(api, as_alice):
    anonymous = api.get("/api/v1/papers/?status=pending")
    user = as_alice.get("/api/v1/papers/?status=pending")

    assert_error(anonymous, 401, "not_authenticated")
    assert anonymous["WWW-Authenticate"]
    assert_error(user, 403, "permission_denied")
    assert "WWW-Authenticate" not in user


def test_me_needs_a_sign_in(api):
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")


def test_unknown_api_paths_are_a_json_404(api):
    for method in ("get", "post", "delete"):
        response = getattr(api, method)("/api/v1/nothing-here/")
        body = assert_error(response, 404, "not_found")
        assert "/api/v1/nothing-here/" in body["message"]


def test_unsupported_methods_are_a_405(as_alice):
    assert_error(as_alice.post("/api/v1/papers/"), 405, "method_not_allowed")
