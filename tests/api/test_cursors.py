"""A forged or damaged `cursor` is a 400 naming the parameter, for every ordering: never a 500."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.papers.votes import vote_cast
from tests.factories import PaperFactory, UserFactory

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db
DAY = datetime(2025, 1, 1, 12, tzinfo=UTC)

# One list per ordering, each paging one paper at a time.
LISTS = {
    "published": "/api/v1/papers/?page_size=1",
    "votes": "/api/v1/papers/?ordering=votes&page_size=1",
    "trending": "/api/v1/papers/?ordering=trending&page_size=1",
    "relevance": "/api/v1/papers/?q=graph&page_size=1",
    "daily": "/api/v1/daily/?date=2025-01-01&page_size=1",
}

# Wrong values for a sort key, by the type of the good value. NaN and Infinity are
# what Python's json module writes for those floats (and reads back).
BAD_KEYS = {
    str: ["2025-13-01T00:00:00+00:00", "2025-01-01T00:00:00", "yesterday", 1735732800, None],
    int: ["1", 1.5, True, None, [], 2**63],
    float: ["0.5", True, None, float("nan"), float("inf")],
}


@pytest.fixture
def papers():
    voters = [UserFactory(username=f"voter{n}") for n in range(3)]
    papers = [
        PaperFactory(title=f"Graph networks {n}", published_at=DAY + timedelta(hours=n))
        for n in range(3)
    ]
    for n, paper in enumerate(papers):
        for voter in voters[: n + 1]:
            vote_cast(user=voter, paper=paper)
    return papers


def encode(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def valid_payload(api, url: str) -> dict:
    cursor = api.get(url).json()["next"].split("cursor=")[1].split("&")[0]
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def forged(payload: dict):
    """(what is wrong, cursor) pairs, each one field of a good payload damaged."""
    yield "bad base64", "%FF%FE"
    yield "truncated base64", encode(payload)[:-7] + "*"
    yield "not JSON", base64.urlsafe_b64encode(b"{'o': 1}").decode()
    yield "not UTF-8", base64.urlsafe_b64encode(b"\xff\xfe{}").decode()
    yield "too long", encode({**payload, "x": "a" * 2000})
    for other in ([], "published", 5, None):
        yield f"a JSON {type(other).__name__}", encode(other)
    for name in payload:
        yield f"without {name}", encode({k: v for k, v in payload.items() if k != name})
    yield "an unknown field", encode({**payload, "x": 1})
    yield "another ordering", encode({**payload, "o": "nope"})
    yield "ordering not a string", encode({**payload, "o": [payload["o"]]})
    for direction in ("x", 1, None):
        yield f"direction {direction!r}", encode({**payload, "d": direction})
    yield "values not a list", encode({**payload, "v": "abc"})
    yield "a value missing", encode({**payload, "v": payload["v"][:-1]})
    yield "a value too many", encode({**payload, "v": [*payload["v"], 1]})
    for i, good in enumerate(payload["v"]):
        for bad in BAD_KEYS[type(good)]:
            values = [*payload["v"]]
            values[i] = bad
            yield f"value {i} = {bad!r}", encode({**payload, "v": values})
    if type(payload["v"][0]) is int and payload["o"] != "daily":
        values = [-1, *payload["v"][1:]]  # a vote count
        yield "a negative vote count", encode({**payload, "v": values})


@pytest.mark.parametrize("ordering", LISTS)
def test_forged_cursors_are_a_400_naming_the_cursor(api, papers, ordering):
    url = LISTS[ordering]
    payload = valid_payload(api, url)
    assert payload["o"] == ordering

    for what, cursor in forged(payload):
        response = api.get(f"{url}&cursor={cursor}")
        assert response.status_code == 400, (what, response.content)
        assert_error(response, 400, "invalid", field="cursor")


def test_a_moment_from_the_old_trending_cursors_is_a_400(api, papers):
    """Trending cursors once carried the moment scores were computed for ("t"); the list
    now reads the kept scores, and such a cursor is refused, not half-followed."""
    url = LISTS["trending"]
    payload = {**valid_payload(api, url), "t": timezone.now().isoformat()}

    assert_error(api.get(f"{url}&cursor={encode(payload)}"), 400, "invalid", field="cursor")


def test_the_reason_is_in_the_message(api, papers):
    url = LISTS["trending"]
    payload = {**valid_payload(api, url), "o": "votes"}

    body = assert_error(api.get(f"{url}&cursor={encode(payload)}"), 400, "invalid", "cursor")

    assert "belongs to another ordering" in body["errors"]["cursor"][0]


@pytest.mark.parametrize("ordering", LISTS)
def test_a_cursor_within_bounds_is_followed(api, papers, ordering):
    """A cursor we wrote, read back exactly, is followed."""
    url = LISTS[ordering]
    payload = valid_payload(api, url)

    response = api.get(f"{url}&cursor={encode(payload)}")

    assert len(results(response)) == 1
