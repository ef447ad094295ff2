"""Casting and removing votes, with Paper.vote_count kept exact under concurrency.

Each service is one statement: the vote row's unique constraint decides whether
anything changed, and the count moves by exactly that, under the paper's row lock.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from .models import Paper

_CAST = """
WITH inserted AS (
    INSERT INTO papers_vote (user_id, paper_id, created_at) VALUES (%s, %s, now())
    ON CONFLICT ON CONSTRAINT vote_one_per_user_and_paper DO NOTHING
    RETURNING 1
)
UPDATE papers_paper SET vote_count = vote_count + (SELECT count(*) FROM inserted)
WHERE id = %s RETURNING vote_count
"""
_REMOVE = """
WITH deleted AS (
    DELETE FROM papers_vote WHERE user_id = %s AND paper_id = %s RETURNING 1
)
UPDATE papers_paper SET vote_count = vote_count - (SELECT count(*) FROM deleted)
WHERE id = %s RETURNING vote_count
"""


def vote_cast(*, user: AbstractBaseUser, paper: Paper) -> int:
    """Upvote (idempotent); returns the paper's new vote count."""
    return _run(_CAST, user, paper)


def vote_remove(*, user: AbstractBaseUser, paper: Paper) -> int:
    """Take an upvote back (idempotent); returns the paper's new vote count."""
    return _run(_REMOVE, user, paper)


def _run(sql: str, user: AbstractBaseUser, paper: Paper) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, paper.pk, paper.pk])
        row = cursor.fetchone()
    if row is None:
        raise Paper.DoesNotExist(f"no paper with id {paper.pk}")
    paper.vote_count = row[0]
    return row[0]
