"""What the load benchmark reads and writes in the database: the sample, its users, the check."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from urllib.parse import quote

import psutil
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q

from apps.accounts.permissions import CURATORS_GROUP
from apps.lists.models import ReadingList
from apps.papers.models import Category, Paper, PaperTag, Tag, TagFollow, Vote
from apps.papers.periods import Period
from apps.papers.votes import vote_remove

from .figures import VoteTally
from .scenarios import Sample

BENCH_USER_PREFIX = "bench-user-"
# The web processes' libpq application_name: how their backends are told apart.
WEB_APPLICATION_NAME = "papers-bench-web"
SAMPLE_PAPERS = 5000  # titles read for the words; their ids are the papers requested
SAMPLE_DAYS = 60
SAMPLE_WORDS = 20
SAMPLE_PHRASES = 10
MEDIUM_SHARE = (0.01, 0.05)
FOLLOWED_TAGS = 3  # per bench user, of the sample's tags


def database_url() -> str:
    """The URL of the database this process uses (the test database under pytest)."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    host = quote(db["HOST"] or "", safe="")
    return f"postgresql://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sample_pick(*, rng: random.Random, common_query: str) -> Sample:
    papers = Paper.objects.published()
    days = list(
        papers.order_by("-listed_on").values_list("listed_on", flat=True).distinct()[:SAMPLE_DAYS]
    )
    rows = list(papers.order_by("?").values_list("arxiv_id", "short_id", "title")[:SAMPLE_PAPERS])
    titles = [title.lower() for _, _, title in rows]
    words, phrases = _title_vocabulary(titles, rng)
    tags = list(
        Tag.objects.filter(Exists(PaperTag.objects.filter(tag=OuterRef("pk"))))
        .order_by("?")
        .values_list("slug", flat=True)[:50]
    )
    categories = list(
        Category.objects.annotate(n=Count("primary_papers"))
        .filter(n__gt=0)
        .order_by("-n", "code")
        .values_list("code", flat=True)[:10]
    )
    return {
        "days": [day.isoformat() for day in days],
        "weeks": list(dict.fromkeys(Period.containing("week", day).slug for day in days)),
        "months": list(dict.fromkeys(Period.containing("month", day).slug for day in days)),
        "papers": [arxiv_id or short_id for arxiv_id, short_id, _ in rows[:500]],
        "tags": tags,
        "categories": categories,
        "rare_words": words["rare"],
        "medium_words": words["medium"],
        "phrases": phrases,
        "common_query": common_query,
        "public_lists": list(
            ReadingList.objects.public().order_by("?").values_list("pk", flat=True)[:200]
        ),
    }


def _title_vocabulary(
    titles: list[str], rng: random.Random
) -> tuple[dict[str, list[str]], list[str]]:
    """Rare and medium words (in one title; in 1-5 % of them, at least two) and frequent
    two-word phrases, none of them a stop word."""
    tokens = [re.findall(r"[a-z]+", title) for title in titles]
    stop = _stop_words({word for words in tokens for word in words if len(word) >= 3})
    documents = Counter(word for words in tokens for word in set(words) if len(word) >= 4)
    low = max(2, MEDIUM_SHARE[0] * len(titles))  # a handful of titles still has some
    high = max(low, MEDIUM_SHARE[1] * len(titles))
    rare = sorted(w for w, n in documents.items() if n == 1 and w not in stop)
    medium = sorted(w for w, n in documents.items() if low <= n <= high and w not in stop)
    pairs = Counter(
        pair
        for words in tokens
        for pair in {f"{a} {b}" for a, b in itertools.pairwise(words)}
        if all(len(w) >= 3 and w not in stop for w in pair.split())
    )
    phrases = [pair for pair, n in pairs.most_common(SAMPLE_PHRASES) if n > 1]
    return {
        "rare": rng.sample(rare, min(SAMPLE_WORDS, len(rare))),
        "medium": rng.sample(medium, min(SAMPLE_WORDS, len(medium))),
    }, phrases


def _stop_words(words: set[str]) -> set[str]:
    """The words PostgreSQL's English configuration drops (search ignores them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w "
            "WHERE numnode(plainto_tsquery('english', w)) = 0",
            [sorted(words)],
        )
        return {row[0] for row in cursor.fetchall()}


def bench_users_ensure(count: int, password: str) -> list[str]:
    """`bench-user-1`... with a verified e-mail (allauth) and `password` when created."""
    User = get_user_model()
    names = [f"{BENCH_USER_PREFIX}{n}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    hashed = make_password(password)  # once: hashing is slow on purpose
    User.objects.bulk_create(
        User(username=name, email=f"{name}@example.org", password=hashed)
        for name in names
        if name not in existing
    )
    for user in User.objects.filter(username__in=names):
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return names


def bench_follows_set(usernames: list[str], tags: list[str], rng: random.Random) -> int:
    """Each bench user follows FOLLOWED_TAGS of the sample's tags (and no other), as a
    reader who opens "My topics" does: one who follows none is shown an empty day.
    Returns how many follows there are."""
    users = list(get_user_model().objects.filter(username__in=usernames).order_by("username"))
    chosen = list(Tag.objects.filter(slug__in=tags).order_by("slug"))
    TagFollow.objects.filter(user__in=users).delete()
    follows = [
        TagFollow(user=user, tag=tag)
        for user in users
        for tag in rng.sample(chosen, min(FOLLOWED_TAGS, len(chosen)))
    ]
    TagFollow.objects.bulk_create(follows)
    return len(follows)


def bench_curators_grant(usernames: list[str]) -> None:
    """The curate permission for the /curate/ scenarios: the bench users join "curators"."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="curate", content_type__app_label="curation")
    )
    group.user_set.add(*get_user_model().objects.filter(username__in=usernames))


def bench_votes_clear() -> int:
    """Take back the bench users' votes (through the service: counts stay exact)."""
    votes = Vote.objects.filter(user__username__startswith=BENCH_USER_PREFIX)
    removed = 0
    for vote in votes.select_related("user", "paper"):
        vote_remove(user=vote.user, paper=vote.paper)
        removed += 1
    return removed


def vote_check(tally: VoteTally) -> dict[str, int | bool]:
    """Every acknowledged vote is a row, every acknowledged removal is not; counts match rows."""
    votes = Vote.objects.filter(user__username__startswith=BENCH_USER_PREFIX)
    rows = {
        (username, arxiv_id or short_id)
        for username, arxiv_id, short_id in votes.values_list(
            "user__username", "paper__arxiv_id", "paper__short_id"
        )
    } - tally.uncertain
    expected = tally.present - tally.uncertain
    touched = {paper_id for _, paper_id in [*tally.expected, *tally.uncertain]}
    papers = Paper.objects.filter(Q(arxiv_id__in=touched) | Q(short_id__in=touched))
    miscounted = papers.annotate(rows=Count("votes")).exclude(vote_count=F("rows")).count()
    result = {
        "upvotes_acknowledged": tally.up,
        "removals_acknowledged": tally.remove,
        "votes_expected": len(expected),
        "vote_rows": len(rows),
        "missing": len(expected - rows),
        "unexpected": len(rows - expected),
        "uncertain": len(tally.uncertain),
        "papers_checked": len(touched),
        "papers_miscounted": miscounted,
    }
    return {**result, "ok": result["missing"] == result["unexpected"] == miscounted == 0}


def web_backend_pids() -> list[int]:
    """The web processes' PostgreSQL backends and their parallel workers."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s OR leader_pid IN "
            "(SELECT pid FROM pg_stat_activity WHERE application_name = %s)",
            [WEB_APPLICATION_NAME, WEB_APPLICATION_NAME],
        )
        return [row[0] for row in cursor.fetchall()]


def postmaster() -> psutil.Process | None:
    """PostgreSQL's main process, if it runs on this machine where we can see it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone() or (0,)
    try:
        parent = psutil.Process(pid).parent()
        return parent if parent is not None and "postgres" in parent.name() else None
    except psutil.Error:
        return None
