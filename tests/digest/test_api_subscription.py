"""/api/v1/me/subscription: GET, PUT, DELETE in exactly the issue's shape."""

import pytest
from allauth.account.models import EmailAddress
from rest_framework.test import APIClient

from apps.digest.models import Subscription

from ..factories import CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/subscription"
BODY = {
    "frequency": "weekly",
    "hour": 7,
    "timezone": "Europe/Paris",
    "content": "trending",
    "include_tags": ["llm"],
    "exclude_tags": ["vision"],
    "categories": ["cs.CL"],
}


@pytest.fixture
def api(alice):
    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    TagFactory(slug="llm"), TagFactory(slug="vision"), CategoryFactory(code="cs.CL")
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_put_then_get_answers_the_same_shape(api, alice):
    put = api.put(URL, BODY, format="json")

    assert put.status_code == 200
    assert put.json() == {**BODY, "weekday": 0}  # a new weekly subscription comes on Mondays
    assert api.get(URL).json() == {**BODY, "weekday": 0}
    assert Subscription.objects.get(user=alice).confirmed_at is not None


def test_the_weekday_is_set_kept_when_absent_and_changed(api, alice):
    assert api.put(URL, {**BODY, "weekday": 4}, format="json").json()["weekday"] == 4
    assert api.put(URL, BODY, format="json").json()["weekday"] == 4  # absent: unchanged
    assert api.put(URL, {**BODY, "weekday": 6}, format="json").json()["weekday"] == 6
    assert Subscription.objects.get(user=alice).weekday == Subscription.Weekday.SUNDAY


def test_get_without_subscription_is_a_404(api):
    response = api.get(URL)

    assert response.status_code == 404
    assert response.json()["message"] == "You have no digest subscription."


def test_delete_unsubscribes(api, alice):
    api.put(URL, BODY, format="json")

    assert api.delete(URL).status_code == 204
    assert not Subscription.objects.filter(user=alice).exists()
    assert api.delete(URL).status_code == 204


def test_an_unverified_address_is_a_400_that_says_so(api, alice):
    EmailAddress.objects.filter(user=alice).update(verified=False)

    response = api.put(URL, BODY, format="json")

    assert response.status_code == 400
    assert "not verified" in response.json()["errors"]["email"][0]


@pytest.mark.parametrize(
    ("field", "value"),
    [("hour", 24), ("timezone", "Mars/Olympus"), ("content", "all"), ("frequency", "hourly"),
     ("include_tags", ["no-such-tag"]), ("categories", ["xx.YY"]), ("weekday", 7)],
)  # fmt: skip
def test_bad_values_are_400s_naming_the_field(api, field, value):
    response = api.put(URL, {**BODY, field: value}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Subscription.objects.exists()


def test_anonymous_callers_get_a_401():
    assert APIClient().get(URL).status_code == 401
