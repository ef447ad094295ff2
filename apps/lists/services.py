"""Writes to reading lists: every page, API endpoint and import goes through these.

Each raises ListError naming the field when the input cannot be used, before
anything is written. Changes to one list's items lock the list's row, so two
adds or reorders at once never hand out the same position or lose a move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from apps.papers.models import Paper

from .models import ReadingList, ReadingListItem, new_share_token

LISTS_PER_READER = 200
ITEMS_PER_LIST = 1000
NAME_MAX = 200
DESCRIPTION_MAX = 2000
NOTE_MAX = 5000
READ_LATER_NAME = "Read later"


class ListError(ValueError):
    """Input a list cannot take: `field` names what to fix."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def read_later_get(*, user: Any) -> ReadingList:
    """The reader's "Read later" list, made the first time it is needed (exactly one:
    a partial unique constraint holds when two requests make it at once)."""
    existing = ReadingList.objects.filter(owner=user, kind=ReadingList.Kind.READ_LATER).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ReadingList.objects.create(
                owner=user, kind=ReadingList.Kind.READ_LATER, name=READ_LATER_NAME
            )
    except IntegrityError:
        return ReadingList.objects.get(owner=user, kind=ReadingList.Kind.READ_LATER)


def _clean_text(field: str, value: str, *, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ListError(field, "must not be empty")
    if len(value) > limit:
        raise ListError(field, f"must be at most {limit} characters")
    return value


def _clean_choice(field: str, value: str, choices: type[Any]) -> str:
    if value not in choices.values:
        raise ListError(field, f"must be one of {', '.join(choices.values)}")
    return value


def reading_list_create(
    *,
    owner: Any,
    name: str,
    description: str = "",
    visibility: str = ReadingList.Visibility.PRIVATE,
) -> ReadingList:
    name = _clean_text("name", name, limit=NAME_MAX, required=True)
    description = _clean_text("description", description, limit=DESCRIPTION_MAX)
    visibility = _clean_choice("visibility", visibility, ReadingList.Visibility)
    if ReadingList.objects.filter(owner=owner).count() >= LISTS_PER_READER:
        raise ListError("name", f"a reader keeps at most {LISTS_PER_READER} lists")
    return ReadingList.objects.create(
        owner=owner, name=name, description=description, visibility=visibility
    )


def reading_list_update(
    *,
    reading_list: ReadingList,
    name: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
) -> ReadingList:
    """Rename, describe or change who sees a list; None leaves a field as it is."""
    changed = []
    if name is not None:
        reading_list.name = _clean_text("name", name, limit=NAME_MAX, required=True)
        changed.append("name")
    if description is not None:
        reading_list.description = _clean_text("description", description, limit=DESCRIPTION_MAX)
        changed.append("description")
    if visibility is not None:
        reading_list.visibility = _clean_choice("visibility", visibility, ReadingList.Visibility)
        changed.append("visibility")
    if changed:
        reading_list.save(update_fields=[*changed, "updated_at"])
    return reading_list


def reading_list_share_reset(*, reading_list: ReadingList) -> ReadingList:
    """A new share link; the old one stops working."""
    reading_list.share_token = new_share_token()
    reading_list.save(update_fields=["share_token", "updated_at"])
    return reading_list


def reading_list_delete(*, reading_list: ReadingList) -> None:
    if reading_list.is_read_later:
        raise ListError("list", "the Read later list cannot be deleted (empty it instead)")
    reading_list.delete()


def _lock(reading_list: ReadingList) -> None:
    ReadingList.objects.select_for_update().filter(pk=reading_list.pk).update(
        updated_at=timezone.now()
    )


@transaction.atomic
def list_items_add(
    *, reading_list: ReadingList, papers: Sequence[Paper], note: str = "", status: str = ""
) -> list[ReadingListItem]:
    """Append the papers not in the list yet, in the order given; answer the new items."""
    note = _clean_text("note", note, limit=NOTE_MAX)
    status = _clean_choice(
        "status", status or ReadingListItem.Status.TO_READ, ReadingListItem.Status
    )
    _lock(reading_list)
    held = set(reading_list.items.values_list("paper_id", flat=True))
    fresh = list({paper.pk: paper for paper in papers if paper.pk not in held}.values())
    if len(held) + len(fresh) > ITEMS_PER_LIST:
        raise ListError("paper", f"a list holds at most {ITEMS_PER_LIST} papers")
    last = reading_list.items.aggregate(last=Max("position"))["last"] or 0
    now = timezone.now()
    items = [
        ReadingListItem(
            reading_list=reading_list,
            paper=paper,
            position=last + offset,
            status=status,
            note=note,
            added_at=now,
        )
        for offset, paper in enumerate(fresh, start=1)
    ]
    return ReadingListItem.objects.bulk_create(items)


def list_item_add(
    *, reading_list: ReadingList, paper: Paper, note: str = "", status: str = ""
) -> tuple[ReadingListItem, bool]:
    """Add one paper at the end; adding it again changes nothing. (item, created)."""
    added = list_items_add(reading_list=reading_list, papers=[paper], note=note, status=status)
    if added:
        return added[0], True
    return ReadingListItem.objects.get(reading_list=reading_list, paper=paper), False


def list_item_update(
    *, item: ReadingListItem, status: str | None = None, note: str | None = None
) -> ReadingListItem:
    changed = []
    if status is not None:
        item.status = _clean_choice("status", status, ReadingListItem.Status)
        changed.append("status")
    if note is not None:
        item.note = _clean_text("note", note, limit=NOTE_MAX)
        changed.append("note")
    if changed:
        item.save(update_fields=changed)
        ReadingList.objects.filter(pk=item.reading_list_id).update(updated_at=timezone.now())
    return item


def list_item_remove(*, reading_list: ReadingList, paper: Paper) -> bool:
    deleted, _ = ReadingListItem.objects.filter(reading_list=reading_list, paper=paper).delete()
    if deleted:
        ReadingList.objects.filter(pk=reading_list.pk).update(updated_at=timezone.now())
    return bool(deleted)


@transaction.atomic
def list_items_reorder(*, reading_list: ReadingList, item_ids: Iterable[int]) -> None:
    """Put the items in the order given: every item of the list, each once."""
    order = list(item_ids)
    _lock(reading_list)
    items = {item.pk: item for item in reading_list.items.only("pk", "position")}
    if len(order) != len(set(order)) or set(order) != set(items):
        raise ListError("order", "must name every item of the list exactly once")
    moved = []
    for position, pk in enumerate(order, start=1):
        if items[pk].position != position:
            items[pk].position = position
            moved.append(items[pk])
    ReadingListItem.objects.bulk_update(moved, ["position"])


@transaction.atomic
def list_item_move(*, item: ReadingListItem, offset: int) -> None:
    """Move an item `offset` places (negative: up), stopping at either end."""
    reading_list = item.reading_list
    _lock(reading_list)
    order = list(reading_list.items.order_by("position", "pk").values_list("pk", flat=True))
    index = order.index(item.pk)
    order.insert(max(0, min(len(order) - 1, index + offset)), order.pop(index))
    list_items_reorder(reading_list=reading_list, item_ids=order)
