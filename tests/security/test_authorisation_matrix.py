"""Who may open what: every URL of the site and the API, requested by four personas.

The table below says, for each route of the URL resolver and each method tried, what
an anonymous visitor, a reader (alice, who owns the token and the vote), another
reader (bob) and staff (a superuser with an authenticator app) get. A status is a
number; a string is a redirect (301/302) whose Location starts with it.

A route the table does not cover fails `test_every_url_has_a_row`: a new page or
endpoint adds its rows here (README, "Authorisation matrix"). Admin pages of every
registered model get ADMIN_MODEL_ROWS, so a new admin model is covered by itself;
custom admin URLs need their own rows.
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from apps.accounts.models import ApiToken
from apps.accounts.tokens import token_create
from apps.curation.models import DailyPick
from apps.ingest.models import IngestRun, Kind, RawPayload, Source
from apps.papers.models import Author, PaperTag, TagFollow
from apps.papers.search.stats import search_terms_refresh
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory, TagFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
ADMIN = "/admin/"
REAUTH = "/accounts/reauthenticate/"
# The owner last: the others try alice's token before she revokes it.
PERSONAS = ("anonymous", "other", "staff", "reader")


Expected = int | str | tuple[int, ...]


@dataclass(frozen=True)
class Row:
    method: str
    anonymous: Expected
    reader: Expected
    other: Expected
    staff: Expected
    path: str | None = None  # for regex routes; else the route with its parameters filled
    data: tuple[tuple[str, str], ...] = ()  # a POST's form data

    def expected(self, persona: str) -> Expected:
        return getattr(self, persona)


def everyone(method: str, status: Expected, **extra) -> Row:
    return Row(method, status, status, status, status, **extra)


def signed_in(method: str, status: Expected, anonymous: Expected = LOGIN, **extra) -> Row:
    return Row(method, anonymous, status, status, status, **extra)


def staff_only(method: str, status: Expected = 200, others: Expected = ADMIN_LOGIN, **extra) -> Row:
    return Row(method, others, others, others, status, **extra)


VOTE = (("action", "up"),)

MATRIX: dict[str, list[Row]] = {
    # --- the reader's site
    "": [everyone("GET", 200)],
    "papers/<day:day>": [everyone("GET", 200)],
    "papers/week": [everyone("GET", 200)],
    "papers/month": [everyone("GET", 200)],
    "papers/week/<isoweek:week>": [everyone("GET", 200)],
    "papers/month/<month:month>": [everyone("GET", 200)],
    "papers/jump": [everyone("GET", "/papers/", path="/papers/jump?date=2025-11-26")],
    "trending": [everyone("GET", 200)],
    "tags/<slug:slug>": [everyone("GET", 200)],
    "categories/<str:code>": [everyone("GET", 200)],
    "authors/<int:pk>": [everyone("GET", 200)],
    "papers/<paper_id:public_id>": [everyone("GET", 200)],
    "papers/<paper_id:public_id>/vote": [
        everyone("GET", 405),
        Row("POST", LOGIN, "/papers/", "/papers/", "/papers/", data=VOTE),
    ],
    "search": [everyone("GET", 200, path="/search?q=scaling")],
    # --- tagging: following a tag (readers), rules and tagger versions (curators)
    "tags/<slug:slug>/follow": [
        everyone("GET", 200),
        Row("POST", LOGIN, "/tags/", "/tags/", "/tags/", data=(("follow", "1"),)),
    ],
    "curate/tags/": [Row("GET", LOGIN, 403, 403, 200)],
    "curate/tags/<slug:slug>/rules": [
        Row("GET", LOGIN, 403, 403, 200),
        Row("POST", LOGIN, 403, 403, 400, data=(("kind", "regex"), ("pattern", "("))),
    ],
    "curate/tags/<slug:slug>/rules/preview": [
        Row(
            "GET",
            LOGIN,
            403,
            403,
            200,
            path="/curate/tags/multimodal/rules/preview"
            "?kind=keyword&pattern=scaling&weight=1&title_weight=2",
        ),
    ],
    "curate/tags/rules/<int:pk>/toggle": [
        everyone("GET", 405),
        Row("POST", LOGIN, 403, 403, 404, path="/curate/tags/rules/999999/toggle"),
    ],
    "curate/tags/versions/<int:pk>/activate": [
        everyone("GET", 405),
        Row("POST", LOGIN, 403, 403, 404, path="/curate/tags/versions/999999/activate"),
    ],
    "healthz": [everyone("GET", (200, 503))],  # 503 while no Celery worker runs
    "metrics": [everyone("GET", 404)],  # without METRICS_TOKEN's bearer token
    # --- accounts (allauth and ours)
    "accounts/profile/": [signed_in("GET", 200)],
    "accounts/login/": [Row("GET", 200, "/", "/", "/")],
    "accounts/logout/": [Row("GET", "/", 200, 200, 200), signed_in("POST", "/", anonymous="/")],
    "accounts/inactive/": [everyone("GET", 200)],
    "accounts/signup/": [Row("GET", 200, "/", "/", "/")],
    "accounts/reauthenticate/": [signed_in("GET", 200)],
    "accounts/email/": [signed_in("GET", 200)],
    "accounts/confirm-email/": [everyone("GET", 200)],
    "accounts/password/change/": [signed_in("GET", 200)],
    "accounts/password/set/": [signed_in("GET", "/accounts/password/change/")],
    "accounts/password/reset/": [everyone("GET", 200)],
    "accounts/login/code/confirm/": [Row("GET", LOGIN, "/", "/", "/")],
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": [
        everyone("GET", 200, path="/accounts/confirm-email/not-a-key/")
    ],
    "accounts/password/reset/key/done/": [everyone("GET", 200)],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        everyone("GET", 200, path="/accounts/password/reset/key/1-not-a-key/")
    ],
    "accounts/password/reset/done/": [everyone("GET", 200)],
    "accounts/2fa/": [signed_in("GET", 200)],
    # Readers have no authenticator; staff have one but no recovery codes. Changing either
    # asks for the password again first (a forced sign-in is not a recent one).
    "accounts/2fa/authenticate/": [Row("GET", LOGIN, "/", "/", "/")],
    "accounts/2fa/reauthenticate/": [Row("GET", LOGIN, REAUTH, REAUTH, 200)],
    "accounts/2fa/totp/activate/": [signed_in("GET", REAUTH)],
    "accounts/2fa/totp/deactivate/": [Row("GET", LOGIN, 404, 404, REAUTH)],
    "accounts/2fa/recovery-codes/": [Row("GET", LOGIN, 404, 404, 404)],
    "accounts/2fa/recovery-codes/generate/": [signed_in("GET", REAUTH)],
    "accounts/2fa/recovery-codes/download/": [Row("GET", LOGIN, 404, 404, 404)],
    "accounts/tokens/": [signed_in("GET", 200)],
    "accounts/tokens/new": [
        everyone("GET", 405),
        signed_in("POST", 200, data=(("name", "a script"),)),
    ],
    # Alice's token: bob and staff are sent back to their own list ("No such active token");
    # test_only_the_owner_revokes_a_token checks it is still active then.
    "accounts/tokens/<int:token_id>/revoke": [
        everyone("GET", 405),
        signed_in("POST", "/accounts/tokens/"),
    ],
    # --- the API
    "api/v1/papers/": [everyone("GET", 200)],
    "api/v1/papers/<paper_id:public_id>/": [everyone("GET", 200), Row("PUT", 401, 405, 405, 405)],
    "api/v1/papers/<paper_id:public_id>/vote": [
        Row("PUT", 401, 200, 200, 200),
        Row("DELETE", 401, 200, 200, 200),
        Row("GET", 401, 405, 405, 405),
    ],
    "api/v1/daily/": [everyone("GET", 200)],
    "api/v1/weekly/": [everyone("GET", 200)],
    "api/v1/monthly/": [everyone("GET", 200)],
    "api/v1/tags/": [everyone("GET", 200), Row("POST", 401, 405, 405, 405)],
    "api/v1/categories/": [everyone("GET", 200)],
    "api/v1/me/": [Row("GET", 401, 200, 200, 200)],
    "api/daily_papers": [everyone("GET", 200)],
    "api/papers/search": [everyone("GET", 200, path="/api/papers/search?q=scaling")],
    "api/papers/<paper_id:public_id>": [everyone("GET", 200)],
    "api/schema/": [everyone("GET", 200)],
    "api/docs/": [everyone("GET", 200)],
    "api/^": [everyone("GET", 404, path="/api/no-such-endpoint")],
    # --- the admin (its model pages: ADMIN_MODEL_ROWS)
    "admin/": [staff_only("GET")],
    "admin/login/": [Row("GET", LOGIN, 403, 403, "/admin/")],
    "admin/logout/": [staff_only("GET", 405, ADMIN), staff_only("POST", 200, ADMIN)],
    "admin/password_change/": [staff_only("GET")],
    "admin/password_change/done/": [staff_only("GET")],
    "admin/autocomplete/": [staff_only("GET", 403)],
    "admin/jsi18n/": [staff_only("GET")],
    "admin/r/<path:content_type_id>/<path:object_id>/": [
        staff_only("GET", "http://testserver/papers/")
    ],
    "admin/^(?P<app_label>auth|accounts|papers|ingest|curation|account|mfa)/$": [
        staff_only("GET", path="/admin/papers/")
    ],
    "admin/(?P<url>.*)$": [staff_only("GET", 404, path="/admin/no-such-page/")],
    "admin/accounts/user/<id>/password/": [staff_only("GET")],
    # Model admins that refuse adding or deleting (the rest: ADMIN_MODEL_ROWS).
    "admin/accounts/apitoken/add/": [staff_only("GET", 403)],
    "admin/ingest/ingestrun/add/": [staff_only("GET", 403)],
    "admin/papers/trendingscore/add/": [staff_only("GET", 403)],
    "admin/papers/trendingscore/<path:object_id>/delete/": [staff_only("GET", 403)],
    "admin/papers/searchcorpus/add/": [staff_only("GET", 403)],
    "admin/papers/searchcorpus/<path:object_id>/delete/": [staff_only("GET", 403)],
    "admin/papers/searchterm/add/": [staff_only("GET", 403)],
    "admin/papers/searchterm/<path:object_id>/delete/": [staff_only("GET", 403)],
    "admin/papers/tagfollow/add/": [staff_only("GET", 403)],
    "admin/papers/tagfollow/<path:object_id>/delete/": [staff_only("GET", 403)],
    "admin/papers/vote/add/": [staff_only("GET", 403)],
    "admin/papers/vote/<path:object_id>/delete/": [staff_only("GET", 403)],
}

# Every registered model's admin pages (route suffix after admin/<app>/<model>/).
ADMIN_MODEL_ROWS: dict[str, list[Row]] = {
    "": [staff_only("GET")],
    "add/": [staff_only("GET")],
    "<path:object_id>/history/": [staff_only("GET")],
    "<path:object_id>/delete/": [staff_only("GET")],
    "<path:object_id>/change/": [staff_only("GET")],
    "<path:object_id>/": [staff_only("GET", "/admin/")],  # redirects to .../change/
}


def admin_model_matrix() -> dict[str, list[Row]]:
    rows = {}
    for model in admin.site._registry:
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        rows.update({prefix + suffix: row for suffix, row in ADMIN_MODEL_ROWS.items()})
    return rows


def routes(patterns=None, prefix: str = ""):
    """Every route of the URL resolver, as its full pattern text."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, text)
        else:
            assert isinstance(pattern, URLPattern)
            yield text


def full_matrix() -> dict[str, list[Row]]:
    return {**admin_model_matrix(), **MATRIX}


def test_every_url_has_a_row():
    covered = full_matrix()

    assert sorted(set(routes()) - covered.keys()) == []
    assert sorted(covered.keys() - set(routes())) == []  # no row for a removed URL


@pytest.fixture
def world(alice, bob, admin_user):
    """One real object of every kind a URL names, owned by alice where it is owned."""
    paper = PaperFactory(listed_on=date(2025, 11, 26))
    tag = TagFactory()
    PaperTag.objects.create(paper=paper, tag=tag, origin=PaperTag.Origin.STAFF)
    TagFollow.objects.create(user=alice, tag=tag)
    vote_cast(user=alice, paper=paper)
    token, _secret = token_create(user=alice, name="alice's script")
    for user in (alice, bob, admin_user):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    source = Source.objects.create(name="rss-cl", kind=Kind.ARXIV_RSS, url="http://127.0.0.1:9/")
    IngestRun.objects.create(source=source, kind=Kind.ARXIV_RSS, trigger="schedule")
    RawPayload.objects.create(
        paper=paper, kind=Kind.HF_DAILY, payload={}, fetched_at=timezone.now()
    )
    DailyPick.objects.create(
        featured_on=paper.listed_on, paper=paper, position=1, picked_by=admin_user
    )
    Group.objects.create(name="editors")
    search_terms_refresh()  # the search terms' tables: a row each
    return {
        "public_id": paper.public_id,
        "day": paper.listed_on.isoformat(),
        "week": "{}-W{:02d}".format(*paper.listed_on.isocalendar()[:2]),
        "month": paper.listed_on.strftime("%Y-%m"),
        "slug": tag.slug,
        "code": paper.primary_category.code,
        "pk": str(Author.objects.first().pk),
        "token_id": str(token.pk),
        "id": str(alice.pk),
        "content_type_id": str(ContentType.objects.get_for_model(paper).pk),
        "paper": paper,
    }


_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def url_for(route: str, row: Row, world: dict) -> str:
    if row.path:
        return row.path
    values = dict(world)
    if route.startswith("admin/") and "<path:object_id>" in route:
        app_label, model_name = route.split("/")[1:3]
        if app_label != "r":
            model = next(
                m for m in admin.site._registry
                if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
            )  # fmt: skip
            values["object_id"] = str(model._default_manager.order_by("pk").first().pk)
        else:
            values["object_id"] = str(world["paper"].pk)
    return "/" + _PARAMETER.sub(lambda match: values[match[1]], route)


def client_for(persona: str, users: dict) -> Client:
    client = Client(raise_request_exception=False)
    if users[persona] is not None:
        client.force_login(users[persona])
    return client


def outcome(response) -> int | str:
    if response.status_code in (301, 302):
        return response["Location"]
    return response.status_code


def matches(expected: Expected, got: int | str) -> bool:
    if isinstance(expected, str):
        return isinstance(got, str) and got.startswith(expected)
    if isinstance(expected, tuple):
        return got in expected
    return got == expected


def test_each_persona_gets_what_the_table_says(world, alice, bob, admin_user, noon_today):
    users = {"anonymous": None, "reader": alice, "other": bob, "staff": admin_user}
    clients = {persona: client_for(persona, users) for persona in PERSONAS}
    wrong = []
    for route, rows in full_matrix().items():
        for row in rows:
            url = url_for(route, row, world)
            for persona in PERSONAS:
                # The logout row signs the persona out: sign in afresh for each request.
                client = client_for(persona, users) if row.method == "POST" else clients[persona]
                response = client.generic(
                    row.method,
                    url,
                    data="&".join(f"{k}={v}" for k, v in row.data),
                    content_type="application/x-www-form-urlencoded",
                )
                got = outcome(response)
                if not matches(row.expected(persona), got):
                    wrong.append(f"{row.method} {url} as {persona}: {got!r}, table says "
                                 f"{row.expected(persona)!r}")  # fmt: skip
    assert wrong == []


def test_only_the_owner_revokes_a_token(client, alice, bob):
    token, _secret = token_create(user=alice, name="alice's script")
    client.force_login(bob)

    client.post(f"/accounts/tokens/{token.pk}/revoke")

    assert ApiToken.objects.active().filter(pk=token.pk).exists()
