"""Synthetic readers and what they do: accounts that can sign in, votes, staff picks."""

from __future__ import annotations

import random
from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.backends.utils import CursorWrapper

from apps.curation.models import DailyPick
from apps.papers.models import Vote

from . import vocab
from .bulk import copy_rows, reserve_ids
from .papers import PaperPlan
from .plan import DAY, Timestamps, Voters, day_of

USER_PREFIX = "synth-"
EDITOR = f"{USER_PREFIX}editor"
# Every synthetic account's password, so that a load test can sign in as any of them.
PASSWORD = "synth-password"
PICKS_PER_DAY = (3, 5)
PICK_NOTE_SHARE = 0.4


def reader_name(number: int) -> str:
    return f"{USER_PREFIX}{number:05d}"


def users_load(cursor: CursorWrapper, rng: random.Random, readers: int, *, start: int) -> int:
    """`readers` accounts (ids from the returned one on, consecutive) and a staff editor last.

    All share one password hash (hashing is slow on purpose), with a verified
    primary email address so that allauth lets them sign in.
    """
    first = reserve_ids(cursor, get_user_model(), readers + 1)
    password = make_password(PASSWORD)
    ts = Timestamps()
    given, surnames = vocab.GIVEN_NAMES, vocab.SURNAMES
    accounts = [
        (reader_name(n + 1), f"{rng.choice(given)} {rng.choice(surnames)}", False)
        for n in range(readers)
    ] + [(EDITOR, "Synthetic editor", True)]
    copy_rows(
        cursor,
        get_user_model(),
        ("id", "password", "username", "email", "is_staff", "display_name", "date_joined"),
        (
            f"{first + n}\t{password}\t{name}\t{name}@example.org\t{'t' if staff else 'f'}\t"
            f"{display}\t{ts(start - rng.randrange(365 * DAY))}"
            for n, (name, display, staff) in enumerate(accounts)
        ),
    )
    copy_rows(
        cursor,
        EmailAddress,
        ("user_id", "email", "verified", "primary"),
        (f"{first + n}\t{name}@example.org\tt\tt" for n, (name, _, _) in enumerate(accounts)),
    )
    return first


def votes_load(
    cursor: CursorWrapper,
    rng: random.Random,
    plan: PaperPlan,
    *,
    readers: int,
    first_user: int,
    freeze: bool,
) -> int:
    """The planned votes: distinct readers per paper, cast after publication."""
    total = sum(plan.vote_counts)
    first = reserve_ids(cursor, Vote, total)
    return copy_rows(
        cursor,
        Vote,
        ("id", "user_id", "paper_id", "created_at"),
        _vote_lines(rng, plan, readers=readers, first_user=first_user, first=first),
        freeze=freeze,
    )


def _vote_lines(
    rng: random.Random, plan: PaperPlan, *, readers: int, first_user: int, first: int
) -> Iterator[str]:
    voters, ts = Voters(rng, readers), Timestamps()
    vote_id = first
    for n, count in enumerate(plan.vote_counts):
        if not count:
            continue
        published = plan.times[n]
        delays = voters.delays(published, count, end=plan.end)
        for user, delay in zip(voters.draw(count), delays, strict=True):
            yield f"{vote_id}\t{first_user + user}\t{plan.first_id + n}\t{ts(published + delay)}"
            vote_id += 1


def picks_load(
    cursor: CursorWrapper, rng: random.Random, plan: PaperPlan, *, editor_id: int, freeze: bool
) -> int:
    """A few picks for every day with papers, among that day's most voted, some with a note."""
    return copy_rows(
        cursor,
        DailyPick,
        ("featured_on", "paper_id", "position", "note", "picked_by_id", "created_at"),
        _pick_lines(rng, plan, editor_id),
        freeze=freeze,
    )


def _pick_lines(rng: random.Random, plan: PaperPlan, editor_id: int) -> Iterator[str]:
    ts = Timestamps()
    start = 0
    while start < len(plan.times):
        day = plan.times[start] // DAY
        stop = start
        while stop < len(plan.times) and plan.times[stop] // DAY == day:
            stop += 1
        by_votes = sorted(range(start, stop), key=lambda n: -plan.vote_counts[n])
        count = min(stop - start, rng.randint(*PICKS_PER_DAY))
        picked = rng.sample(by_votes[: 3 * count], count)
        picked.sort(key=lambda n: -plan.vote_counts[n])
        created = ts(min(plan.end, (day + 1) * DAY - 1))
        for position, n in enumerate(picked, start=1):
            note = rng.choice(vocab.PICK_NOTES) if rng.random() < PICK_NOTE_SHARE else ""
            featured = day_of(plan.times[n]).isoformat()
            yield f"{featured}\t{plan.first_id + n}\t{position}\t{note}\t{editor_id}\t{created}"
        start = stop
