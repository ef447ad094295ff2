"""A reader's training data: their own upvotes, saved papers and dismissals. Light on
purpose (no numpy, no scikit-learn): web processes read it on every /for-you."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from apps.accounts.models import User
from apps.lists.models import ReadingList, ReadingListItem
from apps.papers.models import Paper, Vote
from apps.papers.raw_rows import raw_rows

from .models import Dismissal, PaperNeighbours


@dataclass(frozen=True)
class History:
    upvoted: list[int]
    saved: list[int]
    dismissed: list[int]

    @property
    def positives(self) -> list[int]:
        return list(dict.fromkeys(self.upvoted + self.saved))


def reader_history(user: User) -> History:
    """Only this reader's own votes, own lists' items and own dismissals: one query."""
    ((upvoted, saved, dismissed),) = raw_rows(
        f"SELECT {HISTORY_ARRAYS.format(user='%(user)s')}", {"user": user.pk}, **HISTORY_TABLES
    )
    return History(upvoted=upvoted, saved=saved, dismissed=dismissed)


# Written out: the ORM's three array subqueries cost a millisecond of Python on every
# /for-you, ten times the query. The upvoted, saved and dismissed papers' ids, in that
# order (raw_rows fills in the tables; `{user}`, the reader's parameter).
HISTORY_TABLES = {
    "vote": Vote,
    "item": ReadingListItem,
    "list": ReadingList,
    "dismissal": Dismissal,
}
HISTORY_ARRAYS = """
    ARRAY(SELECT paper_id FROM {{vote}} WHERE user_id = {user}),
    ARRAY(SELECT DISTINCT i.paper_id FROM {{item}} i
          JOIN {{list}} l ON l.id = i.reading_list_id WHERE l.owner_id = {user}),
    ARRAY(SELECT paper_id FROM {{dismissal}} WHERE user_id = {user})
"""


def history_stamp(history: History) -> str:
    """Changes whenever the reader's training data does."""
    text = "|".join(
        ",".join(map(str, sorted(set(ids))))
        for ids in (history.upvoted, history.saved, history.dismissed)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def similar_papers(paper: Paper) -> list[tuple[int, float]]:
    """The paper's kept similar papers: (paper id, score), most similar first."""
    row = PaperNeighbours.objects.filter(paper_id=paper.pk).first()
    if row is None:
        return []
    return list(zip(row.similar_ids, row.similar_scores, strict=True))
