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
from apps.annotations.services import annotation_create
from apps.curation.audit import audit_record
from apps.curation.models import DailyPick, Submission
from apps.digest.models import DigestSend, Subscription
from apps.ingest.models import IngestRun, Kind, RawPayload, Source
from apps.lists.services import list_item_add, read_later_get, reading_list_create
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


def curators(
    method: str, status: Expected, anonymous: Expected = LOGIN, readers: Expected = 403, **extra
) -> Row:
    return Row(method, anonymous, readers, readers, status, **extra)


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
    "curate/tags/rules/<int:pk>/edit": [
        Row("GET", LOGIN, 403, 403, 404, path="/curate/tags/rules/999999/edit"),
        Row("POST", LOGIN, 403, 403, 404, path="/curate/tags/rules/999999/edit"),
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
    # --- reading lists (issue 10): `list_id` is alice's private Read later list (it cannot
    # be deleted, so the delete row changes nothing); `token` shares another list of hers by
    # link. tests/lists/test_authorisation.py goes through every visibility.
    "lists/": [signed_in("GET", 200)],
    "lists/new": [everyone("GET", 405), signed_in("POST", "/lists/", data=(("name", "Mine"),))],
    "lists/<int:list_id>": [Row("GET", 404, 200, 404, 404)],
    "lists/<int:list_id>/edit": [
        everyone("GET", 405),
        Row("POST", LOGIN, "/lists/", 404, 404, data=(("name", "Renamed"),)),
    ],
    "lists/<int:list_id>/delete": [Row("POST", LOGIN, "/lists/", 404, 404)],
    "lists/<int:list_id>/share-link": [Row("POST", LOGIN, "/lists/", 404, 404)],
    "lists/<int:list_id>/items/<int:item_id>": [
        everyone("GET", 405),
        Row("POST", LOGIN, "/lists/", 404, 404, data=(("action", "status"), ("status", "read"))),
    ],
    "lists/<int:list_id>/reorder": [Row("POST", LOGIN, 400, 404, 404)],  # no `order` given
    "lists/<int:list_id>/export": [Row("GET", 404, 200, 404, 404)],
    "lists/<int:list_id>/import": [Row("POST", LOGIN, 400, 404, 404)],  # no file given
    "lists/shared/<str:token>": [everyone("GET", 200)],
    "lists/shared/<str:token>/export": [everyone("GET", 200)],
    "lists/readers/<int:user_id>": [everyone("GET", 200)],
    "lists/save/<paper_id:public_id>": [everyone("GET", 405), signed_in("POST", "/papers/")],
    "lists/menu/<paper_id:public_id>": [signed_in("GET", 200), everyone("POST", 405)],
    "me/votes": [signed_in("GET", 200)],
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
    "api/v1/lists/": [signed_in("GET", 200, anonymous=401), Row("POST", 401, 400, 400, 400)],
    "api/v1/lists/<int:list_id>/": [
        Row("GET", 404, 200, 404, 404),
        Row("DELETE", 401, 400, 404, 404),  # Read later is never deleted
    ],
    "api/v1/lists/<int:list_id>/items/": [Row("GET", 404, 200, 404, 404)],
    "api/v1/lists/<int:list_id>/items/reorder": [Row("POST", 401, 400, 404, 404)],
    "api/v1/lists/<int:list_id>/items/<paper_id:public_id>/": [Row("PATCH", 401, 400, 404, 404)],
    "api/v1/lists/<int:list_id>/export": [Row("GET", 404, 200, 404, 404)],
    "api/daily_papers": [everyone("GET", 200)],
    "api/papers/search": [everyone("GET", 200, path="/api/papers/search?q=scaling")],
    "api/papers/<paper_id:public_id>": [everyone("GET", 200)],
    # --- recommendations (issue 14)
    "api/v1/papers/<paper_id:public_id>/similar/": [
        everyone("GET", 200),
        Row("POST", 401, 405, 405, 405),
    ],
    "for-you": [signed_in("GET", 200)],
    "for-you/weight": [
        signed_in("GET", 405, 405),
        signed_in("POST", "/for-you", data=(("trending", "40"),)),
    ],
    "for-you/dismiss/<paper_id:public_id>": [
        signed_in("GET", 405, 405),
        signed_in("POST", "/for-you"),
    ],
    "api/schema/": [everyone("GET", 200)],
    "api/docs/": [everyone("GET", 200)],
    "api/^": [everyone("GET", 404, path="/api/no-such-endpoint")],
    # --- annotations: alice's public note (tests/annotations/test_visibility.py covers
    # private and hidden notes, every persona, and guessed ids)
    "papers/<paper_id:public_id>/annotations": [everyone("GET", 200)],
    "papers/<paper_id:public_id>/annotations/new": [
        everyone("GET", 405),
        signed_in("POST", "/papers/", data=(("body", "a note"),)),
    ],
    "annotations/<int:annotation_id>/edit": [Row("GET", LOGIN, 200, 403, 403)],
    "annotations/<int:annotation_id>/delete": [everyone("GET", 405)],
    "annotations/<int:annotation_id>/upvote": [
        Row("POST", LOGIN, 403, "/papers/", "/papers/", data=(("action", "up"),))
    ],
    "annotations/<int:annotation_id>/report": [everyone("GET", 405)],
    "annotations/reported": [staff_only("GET")],
    "annotations/<int:annotation_id>/hide": [everyone("GET", 405)],
    "annotations/<int:annotation_id>/restore": [everyone("GET", 405)],
    "notes": [signed_in("GET", 200)],
    "api/v1/annotations/": [everyone("GET", 200)],
    "api/v1/annotations/<int:annotation_id>/": [
        everyone("GET", 200),
        Row("PATCH", 401, 200, 403, 403),
    ],
    "api/v1/annotations/export": [Row("GET", 401, 200, 200, 200)],
    # --- digest and feeds (issue 13)
    "digest/settings": [signed_in("GET", 200)],
    "digest/settings/unsubscribe": [
        signed_in("GET", 405),
        signed_in("POST", "/digest/settings"),
    ],
    "digest/preview": [signed_in("GET", 200)],
    "digest/subscribe": [
        everyone("GET", 405),
        Row("POST", "/", "/", "/", "/", data=(("email", "v@example.org"), ("frequency", "daily"))),
    ],
    # A forged token: refused whoever asks.
    "digest/confirm/<str:token>": [
        everyone("GET", 400, path="/digest/confirm/forged:token"),
        everyone("POST", 400, path="/digest/confirm/forged:token"),
    ],
    "digest/unsubscribe/<str:token>": [
        everyone("GET", 400, path="/digest/unsubscribe/forged:token"),
        everyone("POST", 400, path="/digest/unsubscribe/forged:token"),
    ],
    "digest/sends": [staff_only("GET")],
    "feeds/daily/rss": [everyone("GET", 200), everyone("POST", 405)],
    "feeds/daily/atom": [everyone("GET", 200)],
    "feeds/trending/rss": [everyone("GET", 200)],
    "feeds/trending/atom": [everyone("GET", 200)],
    "feeds/tags/<slug:slug>/rss": [everyone("GET", 200)],
    "feeds/tags/<slug:slug>/atom": [everyone("GET", 200)],
    "feeds/categories/<str:code>/rss": [everyone("GET", 200)],
    "feeds/categories/<str:code>/atom": [everyone("GET", 200)],
    "feeds/search/rss": [everyone("GET", 200, path="/feeds/search/rss?q=scaling")],
    "feeds/search/atom": [everyone("GET", 200, path="/feeds/search/atom?q=scaling")],
    # Alice's Read later, private: no feed for anyone, her included (a public list's
    # feed: tests/digest/test_feeds.py).
    "feeds/lists/<int:list_id>/rss": [everyone("GET", 404)],
    "feeds/lists/<int:list_id>/atom": [everyone("GET", 404)],
    # The readers subscribed from the daily page's form above (digest/subscribe).
    "api/v1/me/subscription": [
        Row("GET", 401, 200, 200, 200),
        Row("PUT", 401, 400, 400, 400),  # no body: 400 naming the fields
        Row("DELETE", 401, 204, 204, 204),
        Row("POST", 401, 405, 405, 405),
    ],
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
    "admin/^(?P<app_label>auth|accounts|papers|ingest|curation|digest|account|mfa)/$": [
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
    "admin/digest/digestsend/add/": [staff_only("GET", 403)],
    "admin/curation/auditentry/add/": [staff_only("GET", 403)],
    "admin/curation/auditentry/<path:object_id>/delete/": [staff_only("GET", 403)],
    # --- curation (issue 11): staff is a superuser, so a curator; readers get 403.
    # tests/curation/test_permissions.py checks a curator who is not staff as well.
    "curate/": [curators("GET", 200)],
    "curate/bulk": [everyone("GET", 405), curators("POST", 400, data=(("action", "approve"),))],
    "curate/papers/<paper_id:public_id>/decide": [
        curators("POST", "/curate/", data=(("decision", "approve"), ("seen_status", "pending")))
    ],
    "curate/papers/<paper_id:public_id>/tags": [curators("POST", "/curate/")],
    "curate/papers/<paper_id:public_id>/pick": [
        curators("POST", "/curate/picks/2025-11-27/", data=(("date", "2025-11-27"),))
    ],
    "curate/picks/": [curators("GET", "/curate/picks/")],
    "curate/picks/<str:day>/": [curators("GET", 200)],
    "curate/picks/<str:day>/add": [curators("POST", "/curate/picks/", data=(("paper", "x"),))],
    "curate/picks/<str:day>/reorder": [curators("POST", "/curate/picks/")],
    "curate/picks/<str:day>/publish": [curators("POST", "/curate/picks/")],
    "curate/pick/<int:pick_id>/edit": [curators("POST", "/curate/picks/", data=(("note", "A"),))],
    "curate/pick/<int:pick_id>/move": [
        curators("POST", "/curate/picks/", data=(("position", "1"),))
    ],
    "curate/ingest/": [curators("GET", 200)],
    "curate/ingest/sources/<int:source_id>/run": [curators("POST", 200)],  # a run is active
    "curate/ingest/runs/<int:run_id>/": [curators("GET", 200)],
    "curate/audit/": [curators("GET", 200), curators("POST", 405, anonymous=405, readers=405)],
    "curate/submit/": [signed_in("GET", 200), signed_in("POST", 400, data=(("arxiv_id", "no"),))],
    "curate/submissions/": [signed_in("GET", 200)],
    "curate/submissions/<int:submission_id>/": [Row("GET", LOGIN, 200, 404, 404)],
    "api/v1/curation/queue/": [Row("GET", 401, 403, 403, 200)],
    "api/v1/curation/decisions/": [Row("GET", 401, 403, 403, 405), Row("POST", 401, 403, 403, 400)],
    "api/v1/curation/picks/": [Row("GET", 401, 403, 403, 200), Row("POST", 401, 403, 403, 400)],
    "api/v1/curation/picks/<int:pick_id>/": [
        Row("GET", 401, 403, 403, 200),
        Row("PATCH", 401, 403, 403, 200),
        Row("PUT", 401, 403, 403, 405),
    ],
    # Last: it removes the world's pick.
    "curate/pick/<int:pick_id>/remove": [curators("POST", "/curate/picks/")],
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
    run = IngestRun.objects.create(source=source, kind=Kind.ARXIV_RSS, trigger="schedule")
    RawPayload.objects.create(
        paper=paper, kind=Kind.HF_DAILY, payload={}, fetched_at=timezone.now()
    )
    pick = DailyPick.objects.create(
        featured_on=paper.listed_on, paper=paper, position=1, picked_by=admin_user
    )
    submission = Submission.objects.create(submitted_by=alice, raw="2401.00001",
                                           arxiv_id="2401.00001")  # fmt: skip
    audit_record(actor=admin_user, action="pick", obj=pick, paper=paper)
    Group.objects.create(name="editors")
    search_terms_refresh()  # the search terms' tables: a row each
    annotation = annotation_create(owner=alice, paper=paper, body="A note", visibility="public")
    read_later = read_later_get(user=alice)
    item, _created = list_item_add(reading_list=read_later, paper=paper)
    shared = reading_list_create(owner=alice, name="Shared", visibility="link")
    visitor = Subscription.objects.create(email="visitor@example.org")
    DigestSend.objects.create(subscription=visitor, digest_date=paper.listed_on,
                              email=visitor.email, status="sent")  # fmt: skip
    return {
        "annotation_id": str(annotation.pk),
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
        "list_id": str(read_later.pk),
        "item_id": str(item.pk),
        "token": shared.share_token,
        "user_id": str(alice.pk),
        "paper": paper,
        "pick_id": str(pick.pk),
        "source_id": str(source.pk),
        "run_id": str(run.pk),
        "submission_id": str(submission.pk),
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
