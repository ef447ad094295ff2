"""Pages shared by every signed-in reader, with each reader's own parts filled in.

A list or paper page looks the same to every signed-in reader but for a few parts: the
vote buttons (pressed or not, and their counts), the Save buttons and lists menus, the
name in the header, the digest form. While a page is rendered to be shared
(`sharing(request)`), the tags that draw those parts leave a hole instead (`hole(kind,
key)`: a marker no page text can hold, since PostgreSQL text holds no NUL and requests
with control characters are refused); `fill` then answers every hole of a kind with one
call of that kind's filler, in a fixed number of queries whatever the page shows. The
papers' holes share one query (`Fill.papers`): fresh counts and this reader's votes.

Kinds are registered by the app that owns them (`register`, from its `AppConfig.ready`),
so this app imports none of the apps above it. A view that reads something of the
reader's own outside a hole calls `personal(request)`, and its page is not shared (a
page that depends on something shared by several readers, such as the "My topics"
day's set of followed tags, is kept under a scope naming it instead).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from .models import Paper, Vote, short_title
from .raw_rows import raw_rows

logger = logging.getLogger(__name__)

_HOLE = re.compile(rb"\x00h:([a-z-]+):([0-9A-Za-z_-]*)\x00")
_SHARING = "_papers_sharing_page"
_PERSONAL = "_papers_personal_page"
_TOKEN = "_papers_page_token"


@dataclass(frozen=True)
class PaperFacts:
    """What a paper's own parts show: its address, label and count, and this reader's vote."""

    pk: int
    public_id: str
    title: str
    vote_count: int
    user_voted: bool

    @property
    def short_title(self) -> str:
        return short_title(self.title)


@dataclass
class Fill:
    """One request's holes, by kind, while they are filled."""

    request: HttpRequest
    keys: dict[str, list[str]]

    @property
    def csrf_token(self) -> str:
        return page_token(self.request)

    @cached_property
    def next_url(self) -> str:
        """Where the parts' forms send a reader without JavaScript back to."""
        return self.request.get_full_path()

    @cached_property
    def papers(self) -> dict[int, PaperFacts]:
        """The papers the page's paper holes name, by id, with their vote counts as of now
        and this reader's vote: one query for all of them."""
        ids = sorted({int(key) for kind in _PAPER_KINDS for key in self.keys.get(kind, ())})
        rows = _paper_rows(ids, self.request.user.pk)
        return {
            pk: PaperFacts(pk, arxiv_id or short_id, title, count, voted)
            for pk, arxiv_id, short_id, title, count, voted in rows
        }


# Written out rather than through the ORM: its In lookup and Exists subquery cost a
# millisecond of Python, most of a shared page's fill, for a query of a tenth of that.
_PAPER_ROWS = """
    SELECT p.id, p.arxiv_id, p.short_id, p.title, p.vote_count,
           EXISTS (SELECT 1 FROM {vote} v WHERE v.paper_id = p.id AND v.user_id = %s)
    FROM {paper} p WHERE p.id = ANY(%s)
"""


def _paper_rows(ids: list[int], user_id: int | None) -> list[tuple]:
    return raw_rows(_PAPER_ROWS, [user_id, ids], paper=Paper, vote=Vote) if ids else []


Filler = Callable[[Fill, list[str]], dict[str, str]]
_FILLERS: dict[str, Filler] = {}
_PAPER_KINDS: set[str] = set()


def register(kind: str, filler: Filler, *, papers: bool = False) -> None:
    """`filler(fill, keys)` answers the HTML of every hole of `kind` on a page, by key.
    `papers`: the keys are paper ids, loaded once for all such kinds (`Fill.papers`)."""
    _FILLERS[kind] = filler
    if papers:
        _PAPER_KINDS.add(kind)


def hole(kind: str, key: str | int = "") -> SafeString:
    return SafeString(f"\x00h:{kind}:{key}\x00")


def sharing(request: Any) -> bool:
    """Whether this request renders a page to be shared by signed-in readers."""
    return bool(getattr(request, _SHARING, False))


def start_sharing(request: HttpRequest) -> None:
    setattr(request, _SHARING, True)


def personal(request: HttpRequest) -> None:
    """The page being rendered shows something of this reader's outside any hole."""
    setattr(request, _PERSONAL, True)


def is_personal(request: HttpRequest) -> bool:
    return bool(getattr(request, _PERSONAL, False))


def page_token(request: HttpRequest) -> str:
    """The CSRF token for every form of the page being served: one masking a request
    (each draws 32 random characters), as a template's `csrf_token` is."""
    token = getattr(request, _TOKEN, None)
    if token is None:
        token = get_token(request)
        setattr(request, _TOKEN, token)
    return token


def fill(request: HttpRequest, body: bytes) -> bytes:
    """`body` with each hole replaced by this reader's part."""
    keys: dict[str, list[str]] = defaultdict(list)
    for match in _HOLE.finditer(body):
        keys[match[1].decode()].append(match[2].decode())
    if not keys:
        return body
    state = Fill(request, dict(keys))
    answers: dict[str, dict[str, bytes]] = {}
    for kind, kind_keys in keys.items():
        filler = _FILLERS.get(kind)
        if filler is None:  # a page stored by an older release
            logger.warning("reader parts: no filler for %r", kind)
            answers[kind] = {}
            continue
        answers[kind] = {key: html.encode() for key, html in filler(state, kind_keys).items()}
    return _HOLE.sub(lambda match: answers[match[1].decode()].get(match[2].decode(), b""), body)
