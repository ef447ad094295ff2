"""Daily picks: add, remove, reorder, annotate and publish a day's picks, audited.

A day's writes are serialised by an advisory lock on the day, so two curators
adding at once never exceed the limit or take the same position.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max

from apps.accounts.models import User
from apps.papers.models import Paper
from apps.papers.page_cache import SITE, day_scopes, scopes_bump

from ..audit import audit_record
from ..models import DailyPick

_DAY_LOCK = 0x5049_0000  # "PI" + the day's ordinal


class PickError(Exception):
    """A pick refused; `field` names what is wrong (paper, date, position)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def max_picks_per_day() -> int:
    return settings.CURATION_MAX_PICKS_PER_DAY


def _lock_day(day: date) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DAY_LOCK + day.toordinal()])


def _state(pick: DailyPick) -> dict[str, Any]:
    return {
        "date": pick.featured_on.isoformat(),
        "position": pick.position,
        "note": pick.note,
        "published": pick.published,
    }


def _changed(day: date) -> None:
    scopes_bump([SITE, *day_scopes(day)])


def day_picks(day: date) -> list[DailyPick]:
    return list(
        DailyPick.objects.filter(featured_on=day)
        .select_related("paper", "picked_by")
        .order_by("position")
    )


def pick_add(
    *, paper: Paper, day: date, user: User, note: str = "", published: bool = False
) -> DailyPick:
    """Append the paper to the day's picks (a draft unless `published`)."""
    with transaction.atomic():
        _lock_day(day)
        picks = DailyPick.objects.filter(featured_on=day)
        if picks.filter(paper=paper).exists():
            raise PickError("paper", f"This paper is already picked for {day:%Y-%m-%d}.")
        if picks.count() >= max_picks_per_day():
            raise PickError(
                "date",
                f"{day:%Y-%m-%d} already has {max_picks_per_day()} picks, the most a day has.",
            )
        last = picks.aggregate(last=Max("position"))["last"] or 0
        pick = DailyPick.objects.create(
            featured_on=day,
            paper=paper,
            position=last + 1,
            note=note,
            picked_by=user,
            published=published,
        )
        audit_record(actor=user, action="pick", obj=pick, paper=paper, after=_state(pick))
    _changed(day)
    return pick


def pick_remove(*, pick: DailyPick, user: User) -> None:
    day = pick.featured_on
    with transaction.atomic():
        _lock_day(day)
        before = _state(pick)
        audit_record(actor=user, action="unpick", obj=pick, paper=pick.paper, before=before)
        pick.delete()
        _renumber(day, [p.pk for p in day_picks(day)])
    _changed(day)


def _renumber(day: date, order: list[int]) -> None:
    """Positions 1..n in `order` (the unique position constraint is checked at commit)."""
    for position, pk in enumerate(order, start=1):
        DailyPick.objects.filter(pk=pk, featured_on=day).exclude(position=position).update(
            position=position
        )


def picks_reorder(*, day: date, order: list[int], user: User) -> list[DailyPick]:
    """Set the day's order to `order` (pick ids, every pick of the day once)."""
    with transaction.atomic():
        _lock_day(day)
        current = [p.pk for p in day_picks(day)]
        if sorted(order) != sorted(current):
            raise PickError("order", "The order must list each of the day's picks once.")
        _renumber(day, order)
        audit_record(
            actor=user,
            action="reorder",
            day=day,
            before={"date": day.isoformat(), "order": current},
            after={"date": day.isoformat(), "order": order},
        )
    _changed(day)
    return day_picks(day)


def pick_move(*, pick: DailyPick, position: int, user: User) -> list[DailyPick]:
    """Move one pick to `position` (1-based), the others shifting round it."""
    order = [p.pk for p in day_picks(pick.featured_on) if p.pk != pick.pk]
    if not 1 <= position <= len(order) + 1:
        raise PickError("position", f"Position must be between 1 and {len(order) + 1}.")
    order.insert(position - 1, pick.pk)
    return picks_reorder(day=pick.featured_on, order=order, user=user)


def pick_update(
    *, pick: DailyPick, user: User, note: str | None = None, published: bool | None = None
) -> DailyPick:
    before = _state(pick)
    fields: list[str] = []
    if note is not None and note != pick.note:
        pick.note, fields = note, [*fields, "note"]
    if published is not None and published != pick.published:
        pick.published, fields = published, [*fields, "published"]
    if fields:
        with transaction.atomic():
            pick.save(update_fields=fields)
            action = "edit pick" if "note" in fields else ("publish" if published else "unpublish")
            audit_record(
                actor=user,
                action=action,
                obj=pick,
                paper=pick.paper,
                before=before,
                after=_state(pick),
            )
        _changed(pick.featured_on)
    return pick


def picks_publish(*, day: date, user: User, published: bool = True) -> int:
    """Publish (or take back) every pick of the day at once."""
    with transaction.atomic():
        _lock_day(day)
        changed = list(
            DailyPick.objects.filter(featured_on=day)
            .exclude(published=published)
            .values_list("pk", flat=True)
        )
        DailyPick.objects.filter(pk__in=changed).update(published=published)
        if changed:
            audit_record(
                actor=user,
                action="publish day" if published else "unpublish day",
                day=day,
                before={"date": day.isoformat(), "published": not published, "picks": changed},
                after={"date": day.isoformat(), "published": published, "picks": changed},
            )
    _changed(day)
    return len(changed)
