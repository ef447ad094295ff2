"""Which of a reader's lists hold which papers: the save control on every card."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from apps.papers.raw_rows import raw_rows

from .models import ReadingList, ReadingListItem


@dataclass
class Memberships:
    """A reader's lists (Read later first) and, per paper id, the ids of those holding it."""

    lists: list[ReadingList]
    holding: dict[int, set[int]] = field(default_factory=dict)

    def known(self, paper_id: int) -> bool:
        return paper_id in self.holding

    def lists_holding(self, paper_id: int) -> list[ReadingList]:
        ids = self.holding.get(paper_id, set())
        return [reading_list for reading_list in self.lists if reading_list.pk in ids]

    def add_papers(self, paper_ids: Iterable[int]) -> None:
        """Read the memberships of these papers in one query."""
        wanted = {pk for pk in paper_ids if pk not in self.holding}
        if not wanted:
            return
        found: dict[int, set[int]] = defaultdict(set)
        if self.lists:
            rows = ReadingListItem.objects.filter(
                reading_list__in=[reading_list.pk for reading_list in self.lists],
                paper_id__in=wanted,
            ).values_list("paper_id", "reading_list_id")
            for paper_id, list_id in rows:
                found[paper_id].add(list_id)
        self.holding.update({pk: found.get(pk, set()) for pk in wanted})


def memberships_for(user: Any, paper_ids: Iterable[int] = ()) -> Memberships:
    lists = list(ReadingList.objects.owned_by(user).order_by("kind", "name", "pk"))
    lists.sort(key=lambda reading_list: not reading_list.is_read_later)
    memberships = Memberships(lists)
    memberships.add_papers(paper_ids)
    return memberships


def memberships_holding(user: Any, paper_ids: Iterable[int]) -> Memberships:
    """Like `memberships_for`, in one query, knowing only the lists that hold one of these
    papers: enough for the closed controls of a page (not for an open menu)."""
    wanted = set(paper_ids)
    rows = _holding_rows(user.pk, sorted(wanted)) if wanted and user.is_authenticated else []
    lists: dict[int, ReadingList] = {}
    holding: dict[int, set[int]] = {pk: set() for pk in wanted}
    for paper_id, list_id, kind, name in rows:
        lists.setdefault(list_id, ReadingList(pk=list_id, kind=kind, name=name))
        holding[paper_id].add(list_id)
    ordered = sorted(lists.values(), key=lambda rl: (not rl.is_read_later, rl.kind, rl.name, rl.pk))
    return Memberships(ordered, holding)


# Written out rather than through the ORM, whose join and In lookup cost a millisecond of
# Python on every signed-in page for a query of a tenth of that.
_HOLDING = """
    SELECT i.paper_id, l.id, l.kind, l.name
    FROM {item} i JOIN {list} l ON l.id = i.reading_list_id
    WHERE l.owner_id = %s AND i.paper_id = ANY(%s)
"""


def _holding_rows(user_id: int, paper_ids: list[int]) -> list[tuple]:
    return raw_rows(_HOLDING, [user_id, paper_ids], item=ReadingListItem, list=ReadingList)
