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
    months: list[str]  # YYYY-MM
    papers: list[str]  # public ids, in random order
    tags: list[str]  # slugs of tags with papers
    categories: list[str]  # codes, most papers first
    rare_words: list[str]  # in one title of the sampled ones
    medium_words: list[str]  # in 1 to 5 % of them
    phrases: list[str]  # two words found side by side in several titles
    common_query: str  # every word very common
    public_lists: list[int]  # ids of public reading lists (may be empty)


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
    curates: bool = False  # the bench users get the curate permission (the curators group)
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


def monthly(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/papers/month/{rng.choice(sample['months'])}", session)


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


def list_page(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """A public reading list's page, or the reader's own lists when there are none."""
    lists = sample.get("public_lists") or []
    return _get(f"/lists/{rng.choice(lists)}" if lists else "/lists/", session)


def list_add(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """The Save button of a card as htmx posts it: into Read later, or out again."""
    headers = {
        **_write_headers(session),
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    paper_id = rng.choice(sample["papers"][:VOTE_PAPERS])
    body = urlencode({"list": "read_later", "action": rng.choice(("add", "remove"))})
    return Request("POST", f"/lists/save/{paper_id}", headers, body)


def lists_api(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    lists = sample.get("public_lists") or []
    if lists and rng.random() < 0.5:
        return _get(f"/api/v1/lists/{rng.choice(lists)}/items/", session)
    return _get("/api/v1/lists/", session)


# Feeds (apps.digest): what feed readers poll, rendered once per FEED_CACHE_SECONDS.
def feeds(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    kind = rng.choice(("rss", "atom"))
    choices = [f"/feeds/daily/{kind}", f"/feeds/trending/{kind}"]
    if sample["tags"]:
        choices.append(f"/feeds/tags/{rng.choice(sample['tags'])}/{kind}")
    if sample["categories"]:
        choices.append(f"/feeds/categories/{rng.choice(sample['categories'])}/{kind}")
    return _get(rng.choice(choices), session)


def feed_search(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/feeds/search/rss", session, q=rng.choice(sample["medium_words"]))


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


def annotations_paper(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """A paper page's notes and discussion (the fragment the page loads with htmx)."""
    return _get(f"/papers/{rng.choice(sample['papers'])}/annotations", session)


def notes(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/notes", session) if rng.random() < 0.7 else _get("/notes", session, q="method")


def api_annotations(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    if rng.random() < 0.5:
        return _get("/api/v1/annotations/", session, paper=rng.choice(sample["papers"]))
    return _get("/api/v1/annotations/", session, mine="true")


def curate_queue(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/curate/", session, **({"sort": "score"} if rng.random() < 0.3 else {}))


def curate_picks(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/curate/picks/{rng.choice(sample['days'])}/", session)


def curate_oversight(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/curate/ingest/" if rng.random() < 0.5 else "/curate/audit/", session)


# Tag curation (issue 12): a tag's rules page, "Test this rule" as its button sends it,
# and the review queue narrowed to a tag (its applied tags and pending suggestions).
def curate_tag_rules(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/curate/tags/{rng.choice(sample['tags'])}/rules", session)


def curate_tag_preview(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """A keyword rule with a word of the sample, tested (htmx GET of the rule form)."""
    query = {"kind": "keyword", "pattern": rng.choice(sample["medium_words"])}
    query |= {"weight": "1", "title_weight": "2"}
    request = _get(f"/curate/tags/{rng.choice(sample['tags'])}/rules/preview", session, **query)
    return Request("GET", request.path, {**request.headers, "HX-Request": "true"})


def curate_tag_queue(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/curate/", session, tag=rng.choice(sample["tags"]))


def mixed(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    """One request of a reader's session, drawn from MIX (what the sample cannot serve left out)."""
    offered = {name for name, value in sample.items() if value}
    usable = [(build, weight) for build, needs, weight in MIX if offered.issuperset(needs)]
    builders, weights = zip(*usable, strict=True)
    return rng.choices(builders, weights)[0](sample, session, rng)


def for_you(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get("/for-you", session)


def api_similar(sample: Sample, session: Session | None, rng: random.Random) -> Request:
    return _get(f"/api/v1/papers/{rng.choice(sample['papers'])}/similar/", session)


SCENARIOS: dict[str, Scenario] = {
    "daily": Scenario(daily, needs=("days",)),
    "daily-signed-in": Scenario(daily, signed_in=True, needs=("days",)),
    "weekly": Scenario(weekly, needs=("weeks",)),
    "monthly": Scenario(monthly, needs=("months",)),
    "monthly-signed-in": Scenario(monthly, signed_in=True, needs=("months",)),
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
    "annotations-paper": Scenario(annotations_paper, signed_in=True, needs=("papers",)),
    "notes": Scenario(notes, signed_in=True),
    "api-annotations": Scenario(api_annotations, signed_in=True, needs=("papers",)),
    "list-page": Scenario(list_page, signed_in=True),
    "list-add": Scenario(list_add, signed_in=True, needs=("papers",)),
    "lists-api": Scenario(lists_api, signed_in=True),
    "curate-queue": Scenario(curate_queue, signed_in=True, curates=True),
    "curate-picks": Scenario(curate_picks, signed_in=True, curates=True, needs=("days",)),
    "curate-oversight": Scenario(curate_oversight, signed_in=True, curates=True),
    "curate-tag-rules": Scenario(curate_tag_rules, signed_in=True, curates=True, needs=("tags",)),
    "curate-tag-preview": Scenario(
        curate_tag_preview, signed_in=True, curates=True, needs=("tags", "medium_words")
    ),
    "curate-tag-queue": Scenario(curate_tag_queue, signed_in=True, curates=True, needs=("tags",)),
    # Recommendations (issue 14): the paper page with its similar papers for a signed-in
    # reader (the copy shared by signed-in readers, rendered once per paper and change);
    # the similar papers in the API; /for-you from the kept ranking.
    "paper-signed-in": Scenario(paper, signed_in=True, needs=("papers",)),
    "api-similar": Scenario(api_similar, needs=("papers",)),
    "for-you": Scenario(for_you, signed_in=True),
    "feeds": Scenario(feeds),
    "feed-search": Scenario(feed_search, needs=("medium_words",)),
    # Not in the default run: `--scenarios mixed --users 200 --duration 300` is the soak test.
    "mixed": Scenario(mixed, signed_in=True, needs=("days", "papers")),
}
