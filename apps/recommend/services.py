"""Recommendations for one reader (the "for you" page and the digest's "for you" option)."""

from datetime import datetime

from apps.accounts.models import User
from apps.papers.models import Paper


def papers_for_you(*, user: User, since: datetime, limit: int) -> list[Paper]:
    """The papers listed since `since` ranked for `user`, best first, at most `limit`.

    A placeholder until the recommender lands: it recommends nothing yet.
    """
    return []
