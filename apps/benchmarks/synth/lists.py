"""Synthetic reading lists: each reader's Read later first, then named lists, with items
drawn from the papers (added after publication, mostly to read, some read)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from django.db.backends.utils import CursorWrapper

from apps.lists.models import ReadingList, ReadingListItem

from .bulk import copy_rows, reserve_ids
from .papers import PaperPlan
from .plan import DAY, Timestamps

ITEMS_PER_LIST = (3, 30)
LIST_NAMES = (
    "Thesis background", "Reading group", "To cite", "Retrieval", "Agents", "Benchmarks",
    "Efficient inference", "Alignment", "Surveys", "Vision-language", "Weekend reading",
    "Related work", "Reproduce", "Teaching", "Graph learning", "Speech",
)  # fmt: skip
# Of named lists: public, shared by link, the rest private.
VISIBILITY_WEIGHTS = (("public", 20), ("link", 10), ("private", 70))
VISIBILITY_STRIDE = 37  # coprime with the pool's 100 entries
STATUS_WEIGHTS = (("to_read", 60), ("reading", 15), ("read", 25))


def lists_load(
    cursor: CursorWrapper,
    rng: random.Random,
    plan: PaperPlan,
    *,
    lists: int,
    readers: int,
    first_user: int,
) -> dict[str, int]:
    """`lists` lists owned round-robin by the readers (a reader's first is Read later)."""
    if not lists or not readers or not plan.times:
        return {"lists": 0, "list_items": 0}
    first_list = reserve_ids(cursor, ReadingList, lists)
    owners = [first_user + n % readers for n in range(lists)]
    sizes = [rng.randint(*ITEMS_PER_LIST) for _ in range(lists)]
    copy_rows(
        cursor,
        ReadingList,
        ("id", "owner_id", "kind", "name", "visibility", "share_token", "created_at", "updated_at"),
        _list_lines(rng, plan, owners=owners, first=first_list, readers=readers),
    )
    total = sum(min(size, len(plan.times)) for size in sizes)
    first_item = reserve_ids(cursor, ReadingListItem, total)
    items = copy_rows(
        cursor,
        ReadingListItem,
        ("id", "reading_list_id", "paper_id", "position", "status", "added_at"),
        _item_lines(rng, plan, sizes=sizes, first_list=first_list, first_item=first_item),
    )
    return {"lists": lists, "list_items": items}


def _list_lines(
    rng: random.Random, plan: PaperPlan, *, owners: list[int], first: int, readers: int
) -> Iterator[str]:
    ts = Timestamps()
    created = ts(plan.times[0])
    updated = ts(plan.end)
    visibilities = [v for v, weight in VISIBILITY_WEIGHTS for _ in range(weight)]
    for n, owner in enumerate(owners):
        if n < readers:
            kind, name, visibility = "read_later", "Read later", "private"
        else:
            kind, name = "named", f"{rng.choice(LIST_NAMES)} {n // readers}"
            # A fixed stride through the weighted pool: every share appears in any
            # handful of lists, whatever the seed and the date do to the random draws.
            visibility = visibilities[(n - readers) * VISIBILITY_STRIDE % len(visibilities)]
        token = f"{rng.getrandbits(192):048x}"
        yield f"{first + n}\t{owner}\t{kind}\t{name}\t{visibility}\t{token}\t{created}\t{updated}"


def _item_lines(
    rng: random.Random, plan: PaperPlan, *, sizes: list[int], first_list: int, first_item: int
) -> Iterator[str]:
    ts = Timestamps()
    statuses = [s for s, weight in STATUS_WEIGHTS for _ in range(weight)]
    item_id = first_item
    for n, size in enumerate(sizes):
        # Recent papers more often, as readers save what they see on the lists.
        picks = {
            len(plan.times) - 1 - int(rng.random() ** 2 * len(plan.times)) for _ in range(size)
        }
        for position, paper in enumerate(sorted(picks), start=1):
            added = min(plan.end, plan.times[paper] + rng.randrange(1, 7 * DAY))
            status = rng.choice(statuses)
            yield (
                f"{item_id}\t{first_list + n}\t{plan.first_id + paper}\t{position}\t{status}\t"
                f"{ts(added)}"
            )
            item_id += 1
