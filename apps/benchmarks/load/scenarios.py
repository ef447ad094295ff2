"""What each scenario of the load benchmark asks the site: name -> request builder.

A builder gets the sample the database offered at start-up (days, papers, words...),
the signed-in user's session (or None) and the virtual user's random generator, and
returns one request as plain data: the locust driver sends it, tests can too.
To add a scenario (/notes, list pages...), write a builder and add a row to SCENARIOS.
No Django here: the driver imports this module under gevent.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict
from urllib.parse import urlencode

# The driver gives up on a request after this long (gunicorn kills a worker after 30 s).
REQUEST_TIMEOUT_SECONDS = 60.0
# Votes go to the first papers of the sample only, so removals often find a vote.
VOTE_PAPERS = 100
TRENDING_WINDOWS = ("24h", "7d", "30d")
API_ORDERINGS = ("votes", "published", "trending")


class Sample(TypedDict):
    days: list[str]  # YYYY-MM-DD, days with papers, newest first
    weeks: list[str]  # YYYY-Www
    papers: list[str]  # public ids, in random order
    tags: list[str]  # slugs of tags with papers
    categories: list[str]  # codes, most papers first
    rare_words: list[str]  # in one title of the sampled ones
    medium_words: list[str]  # in 1 to 5 % of them
    phrases: list[str]  # two words found side by side in several titles
    common_query: str  # every word very common


class Session(TypedDict):
    username: str
    cookie: str  # the Cookie header: sessionid and csrftoken
    csrf_token: str


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    vote: tuple[str, str] | None = None  # (paper id, "up" or "remove"): checked afterwards


Build = Callable[[Sample, "Session | None", random.Random], Request]


@dataclass(frozen=True)
class Scenario:
    build: Build
    signed_in: bool = False
    needs: tuple[str, ...] = ()  # Sample entries that must not be empty

    def missing(self, sample: Sample) -> list[str]:
        """What the sample lacks for this scenario (it is skipped, saying so)."""
        return [need for need in self.needs if not sample.get(need)]


def _get(path: str, session: Session | None, **query: str) -> Request:
    headers = {"Cookie": session["cookie"]} if session else {}
    return Request("GET", f"{path}?{urlencode(query)}" if query else path, headers)


def _write_headers(session: Session | None) -> dict[str, str]:
    if session is None:
        raise ValueError("a vote needs a signed-in session")
    return {"Cookie": session["cookie"], "X-CSRFToken": session["csrf_token"]}


def daily(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    path = "/" if rng.random() < 0.5 else f"/papers/{rng.choice(sample['days'])}"
    return _get(path, session)


def weekly(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/papers/week/{rng.choice(sample['weeks'])}", session)


def trending(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/trending", session, window=rng.choice(TRENDING_WINDOWS))


def paper(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/papers/{rng.choice(sample['papers'])}", session)


def tag(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/tags/{rng.choice(sample['tags'])}", session)


def tag_follow_button(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """The follow button a tag page lazy-loads (htmx)."""
    return _get(f"/tags/{rng.choice(sample['tags'])}/follow", session)


def my_topics(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """A day's papers in the reader's followed topics."""
    return _get(f"/papers/{rng.choice(sample['days'])}", session, topics="mine")


def search_rare(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/search", session, q=rng.choice(sample["rare_words"]))


def search_medium(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/search", session, q=rng.choice(sample["medium_words"]))


def search_phrase(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/search", session, q=f'"{rng.choice(sample["phrases"])}"')


def search_common(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/search", session, q=sample["common_query"])


def api_papers(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(
        "/api/v1/papers/",
        session,
        category=rng.choice(sample["categories"]),
        ordering=rng.choice(API_ORDERINGS),
    )


def api_daily(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/api/v1/daily/", session, date=rng.choice(sample["days"]))


def hf_daily(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/api/daily_papers", session, date=rng.choice(sample["days"]))


def hf_search(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/api/papers/search", session, q=rng.choice(sample["medium_words"]))


def _vote_target(sample: Sample, rng: random.Random) -> tuple[str, str]:
    return rng.choice(sample["papers"][:VOTE_PAPERS]), rng.choice(("up", "remove"))


def vote(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """The site's vote button as htmx posts it (answered with the new button, 200)."""
    paper_id, action = _vote_target(sample, rng)
    headers = {
        **_write_headers(session),
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = urlencode({"action": action})
    return Request("POST", f"/papers/{paper_id}/vote", headers, body, vote=(paper_id, action))


def vote_api(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    paper_id, action = _vote_target(sample, rng)
    method = "PUT" if action == "up" else "DELETE"
    path = f"/api/v1/papers/{paper_id}/vote"
    return Request(method, path, _write_headers(session), vote=(paper_id, action))


# A reader's session as a whole (the soak test: many readers at once, for minutes):
# mostly browsing, some searching, some voting. Weights, by builder.
MIX: tuple[tuple[Build, tuple[str, ...], int], ...] = (
    (daily, ("days",), 4),
    (weekly, ("weeks",), 1),
    (trending, (), 1),
    (paper, ("papers",), 4),
    (tag, ("tags",), 1),
    (search_rare, ("rare_words",), 1),
    (search_medium, ("medium_words",), 1),
    (search_phrase, ("phrases",), 1),
    (api_papers, ("categories",), 1),
    (vote, ("papers",), 2),
)


def mixed(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """One request of a reader's session, drawn from MIX (what the sample cannot serve left out)."""
    offered = {name for name, value in sample.items() if value}
    usable = [(build, weight) for build, needs, weight in MIX if offered.issuperset(needs)]
    builders, weights = zip(*usable, strict=True)
    return rng.choices(builders, weights)[0](sample, session, rng)


SCENARIOS: dict[str, Scenario] = {
    "daily": Scenario(daily, needs=("days",)),
    "daily-signed-in": Scenario(daily, signed_in=True, needs=("days",)),
    "weekly": Scenario(weekly, needs=("weeks",)),
    "trending": Scenario(trending),
    "paper": Scenario(paper, needs=("papers",)),
    "tag": Scenario(tag, needs=("tags",)),
    "tag-follow-button": Scenario(tag_follow_button, signed_in=True, needs=("tags",)),
    "my-topics": Scenario(my_topics, signed_in=True, needs=("days",)),
    "search-rare": Scenario(search_rare, needs=("rare_words",)),
    "search-medium": Scenario(search_medium, needs=("medium_words",)),
    "search-phrase": Scenario(search_phrase, needs=("phrases",)),
    "search-common": Scenario(search_common, needs=("common_query",)),
    "api-papers": Scenario(api_papers, needs=("categories",)),
    "api-daily": Scenario(api_daily, needs=("days",)),
    "hf-daily": Scenario(hf_daily, needs=("days",)),
    "hf-search": Scenario(hf_search, needs=("medium_words",)),
    "vote": Scenario(vote, signed_in=True, needs=("papers",)),
    "vote-api": Scenario(vote_api, signed_in=True, needs=("papers",)),
    # Not in the default run: `--scenarios mixed --users 200 --duration 300` is the soak test.
    "mixed": Scenario(mixed, signed_in=True, needs=("days", "papers")),
}
