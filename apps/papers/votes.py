"""Casting and removing votes, with Paper.vote_count kept exact under concurrency.

Each service is one statement: the vote row's unique constraint decides whether
anything changed, and only then does the count move (under the paper's row lock)
and the paper's trending rows with it, in the same transaction. A vote that
changes nothing rewrites nothing.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from .models import Paper, Vote
from .page_cache import day_scopes, scopes_bump
from .trending import trending_bump

_PAPERS = Paper._meta.db_table
_VOTES = Vote._meta.db_table
# Each returns (the new count, or NULL if nothing changed; when the vote changed, its time;
# the count before).
_CAST = f"""
WITH inserted AS (
    INSERT INTO {_VOTES} (user_id, paper_id, created_at) VALUES (%(user)s, %(paper)s, now())
    ON CONFLICT ON CONSTRAINT vote_one_per_user_and_paper DO NOTHING
    RETURNING created_at
), counted AS (
    UPDATE {_PAPERS} SET vote_count = vote_count + 1
    WHERE id = %(paper)s AND EXISTS (SELECT FROM inserted) RETURNING vote_count
)
SELECT (SELECT vote_count FROM counted), (SELECT created_at FROM inserted),
    (SELECT vote_count FROM {_PAPERS} WHERE id = %(paper)s)
"""
_REMOVE = f"""
WITH deleted AS (
    DELETE FROM {_VOTES} WHERE user_id = %(user)s AND paper_id = %(paper)s RETURNING created_at
), counted AS (
    UPDATE {_PAPERS} SET vote_count = vote_count - 1
    WHERE id = %(paper)s AND EXISTS (SELECT FROM deleted) RETURNING vote_count
)
SELECT (SELECT vote_count FROM counted), (SELECT created_at FROM deleted),
    (SELECT vote_count FROM {_PAPERS} WHERE id = %(paper)s)
"""


def vote_cast(*, user: AbstractBaseUser, paper: Paper) -> int:
    """Upvote (idempotent); returns the paper's new vote count."""
    return _run(_CAST, user, paper, delta=1)


def vote_remove(*, user: AbstractBaseUser, paper: Paper) -> int:
    """Take an upvote back (idempotent); returns the paper's new vote count."""
    return _run(_REMOVE, user, paper, delta=-1)


def _run(sql: str, user: AbstractBaseUser, paper: Paper, *, delta: int) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, {"user": user.pk, "paper": paper.pk})
        row = cursor.fetchone()
        new_count, voted_at, old_count = row if row else (None, None, None)
        if isinstance(voted_at, datetime):
            trending_bump(paper_id=paper.pk, delta=delta, voted_at=voted_at)
            _pages_bump(paper)
    count = new_count if new_count is not None else old_count
    if count is None:
        raise Paper.DoesNotExist(f"no paper with id {paper.pk}")
    paper.vote_count = count
    return count


def _pages_bump(paper: Paper) -> None:
    """The cached pages showing the paper's count. Again once committed: a page cached
    from the old count in between would otherwise outlive the vote."""
    scopes = [f"paper:{paper.public_id}", *day_scopes(paper.listed_on)]
    scopes_bump(scopes)
    transaction.on_commit(lambda: scopes_bump(scopes))


_RECONCILE = f"""
UPDATE {_PAPERS} p SET vote_count = coalesce(v.n, 0)
FROM {_PAPERS} q LEFT JOIN (SELECT paper_id, count(*) AS n FROM {_VOTES} GROUP BY paper_id) v
    ON v.paper_id = q.id
WHERE p.id = q.id AND p.vote_count IS DISTINCT FROM coalesce(v.n, 0)
"""


def vote_counts_reconcile() -> int:
    """Set every paper's vote_count to its number of votes where they differ (rows written
    behind the services' back); returns how many papers were corrected."""
    with connection.cursor() as cursor:
        cursor.execute(_RECONCILE)
        return cursor.rowcount
