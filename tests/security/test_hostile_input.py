"""Random and hostile values in every form and filter: never a 500.

Hypothesis draws values (huge ones, control characters, NUL, SQL and HTML fragments,
invalid UTF-8 as percent-escapes) for the site's GET parameters, the API's filters and
pagination, the Hugging Face endpoints and the POST forms. The parameter names come
from the forms, filter sets and serializers themselves, so a new filter is fuzzed too.
Examples are few and derandomised: the same ones run every time, in a few seconds.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.api.filters import PaperFilterSet
from apps.api.views.hf import HfDailyQuerySerializer, HfSearchQuerySerializer
from apps.papers.models import PaperTag
from apps.papers.search.forms import SearchForm
from tests.factories import PaperFactory, TagFactory

pytestmark = pytest.mark.django_db
PAPER_ID = "2411.99999"

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FRAGMENTS = [
    "' OR 1=1 --",
    "'; DROP TABLE papers_paper; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "\x00",
    "%00",
    "\\",
    "../../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "2025-02-30",
    "0000-00-00",
    "9999-12-31",
    "2025-W53",
    "2025-W00",
    "2025-13",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "\u202e\u200b\ufeff",
    "☃" * 3,
    "a" * 5000,
]

hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=40),
    st.text(st.characters(max_codepoint=0x1F), max_size=10),
    st.text(min_size=1, max_size=3).map(lambda s: s * 3000),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
)
# Bytes that are not UTF-8 (lone continuation bytes, overlong forms), percent-escaped.
invalid_utf8 = st.binary(min_size=1, max_size=12).map(
    lambda raw: "".join(f"%{byte:02X}" for byte in b"\xff" + raw)
)
query_value = st.one_of(hostile_text.map(lambda value: quote(value, safe="")), invalid_utf8)


def query_string(names: list[str]) -> st.SearchStrategy[str]:
    pairs = st.lists(st.tuples(st.sampled_from(names), query_value), min_size=1, max_size=4)
    return pairs.map(lambda items: "&".join(f"{name}={value}" for name, value in items))


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 shows as a status, not an exception
    return client


@pytest.fixture(autouse=True)
def _papers_and_no_limits(settings, noon_today):
    """Lists with papers on them, and no rate limit cutting the examples short."""
    tag = TagFactory(slug="transformers")
    for paper in [PaperFactory(arxiv_id=PAPER_ID), *PaperFactory.create_batch(2)]:
        PaperTag.objects.create(paper=paper, tag=tag, origin=PaperTag.Origin.STAFF)
    settings.RATE_LIMITS = {}
    settings.ACCOUNT_RATE_LIMITS = False
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "write": None},
    }


def assert_no_server_error(response, url):
    assert response.status_code < 500, f"{response.status_code} for {url[:300]!r}"


LIST_PAGES = [
    "/",
    "/papers/2025-11-26",
    "/papers/week",
    "/papers/week/2025-W48",
    "/papers/month/2025-11",
    "/trending",
    "/tags/transformers",
    "/categories/cs.CL",
]
SITE_PARAMETERS = {
    **{page: ["sort", "page"] for page in LIST_PAGES},
    "/trending": ["window", "sort", "page"],
    "/papers/jump": ["date", "period"],
    "/search": [*SearchForm.base_fields, "page"],
}


@FUZZ
@given(data=st.data())
def test_the_sites_query_parameters(client, data):
    page = data.draw(st.sampled_from(sorted(SITE_PARAMETERS)))
    url = f"{page}?{data.draw(query_string(SITE_PARAMETERS[page]))}"

    assert_no_server_error(client.get(url), url)


API_LISTS = {
    "/api/v1/papers/": [*PaperFilterSet.base_filters, "cursor", "page_size"],
    "/api/v1/daily/": ["date", "cursor", "page_size"],
    "/api/v1/weekly/": ["week", "cursor", "page_size"],
    "/api/v1/monthly/": ["month", "cursor", "page_size"],
    "/api/daily_papers": list(HfDailyQuerySerializer().fields),
    "/api/papers/search": list(HfSearchQuerySerializer().fields),
}


@FUZZ
@given(data=st.data())
def test_the_apis_filters_and_pagination(client, alice, data):
    endpoint = data.draw(st.sampled_from(sorted(API_LISTS)))
    url = f"{endpoint}?{data.draw(query_string(API_LISTS[endpoint]))}"
    if data.draw(st.booleans()):
        client.force_login(alice)

    assert_no_server_error(client.get(url), url)


@FUZZ
@given(value=hostile_text, status=st.sampled_from(["status", "ordering", "tag"]))
def test_the_api_filters_as_staff(client, admin_user, value, status):
    client.force_login(admin_user)
    url = f"/api/v1/papers/?{status}={quote(value, safe='')}"

    assert_no_server_error(client.get(url), url)


@FUZZ
@given(paper_id=hostile_text)
def test_paper_ids_in_the_path(client, paper_id):
    for template in ("/papers/{}", "/api/v1/papers/{}/", "/api/papers/{}", "/tags/{}"):
        url = template.format(quote(paper_id, safe=""))
        assert_no_server_error(client.get(url), url)


form_value = st.one_of(hostile_text, st.just(""))


@FUZZ
@given(action=form_value, next_url=form_value, htmx=st.booleans())
def test_the_vote_form(client, alice, action, next_url, htmx):
    client.force_login(alice)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.post(
        f"/papers/{PAPER_ID}/vote", {"action": action, "next": next_url}, **headers
    )

    assert_no_server_error(response, f"vote {action!r} {next_url!r}")


@FUZZ
@given(email=form_value, display_name=form_value, password=form_value)
def test_the_sign_up_form(client, email, display_name, password):
    data = {"email": email, "display_name": display_name, "password1": password,
            "password2": password}  # fmt: skip

    assert_no_server_error(client.post("/accounts/signup/", data), repr(data)[:300])


@FUZZ
@given(login=form_value, password=form_value, email=form_value)
def test_the_sign_in_and_password_reset_forms(client, login, password, email):
    signed_in = client.post("/accounts/login/", {"login": login, "password": password})
    reset = client.post("/accounts/password/reset/", {"email": email})

    assert_no_server_error(signed_in, f"login {login!r}")
    assert_no_server_error(reset, f"reset {email!r}")


@FUZZ
@given(name=form_value)
def test_the_token_form(client, alice, name):
    client.force_login(alice)

    assert_no_server_error(client.post("/accounts/tokens/new", {"name": name}), repr(name))


@FUZZ
@given(body=st.one_of(query_string(["action", "next", "name", "email", "login"]), st.binary()))
def test_raw_form_bodies_with_invalid_utf8(client, alice, body):
    client.force_login(alice)
    raw = body if isinstance(body, bytes) else body.encode()
    for url in (f"/papers/{PAPER_ID}/vote", "/accounts/tokens/new", "/accounts/login/"):
        response = client.generic(
            "POST", url, data=raw, content_type="application/x-www-form-urlencoded"
        )
        assert_no_server_error(response, f"{url} {raw[:100]!r}")


@FUZZ
@given(body=st.one_of(hostile_text, st.binary().map(lambda raw: raw.decode("latin-1"))))
def test_api_vote_bodies(client, alice, body):
    client.force_login(alice)

    response = client.generic(
        "PUT", f"/api/v1/papers/{PAPER_ID}/vote", data=body, content_type="application/json"
    )

    assert_no_server_error(response, repr(body)[:200])
