"""A reader's training data: their own upvotes, saved papers and dismissals. Light on
purpose (no numpy, no scikit-learn): web processes read it on every /for-you."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from apps.accounts.models import User
from apps.lists.models import ReadingListItem
from apps.papers.models import Paper, Vote

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
    """Only this reader's own votes, own lists' items and own dismissals."""
    return History(
        upvoted=list(Vote.objects.filter(user=user).values_list("paper_id", flat=True)),
        saved=list(
            ReadingListItem.objects.filter(reading_list__owner=user)
            .values_list("paper_id", flat=True)
            .distinct()
        ),
        dismissed=list(Dismissal.objects.filter(user=user).values_list("paper_id", flat=True)),
    )


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
