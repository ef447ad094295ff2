from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone


class DailyPickQuerySet(models.QuerySet["DailyPick"]):
    def on(self, day: date) -> Self:
        return self.filter(featured_on=day).order_by("position")


class DailyPick(models.Model):
    """A paper staff featured on a given day, at a given place in that day's order."""

    featured_on = models.DateField()
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="daily_picks")
    position = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DailyPickQuerySet.as_manager()

    class Meta:
        ordering = ["-featured_on", "position"]
        constraints = [
            models.UniqueConstraint(fields=["featured_on", "paper"], name="dailypick_once_per_day"),
            models.UniqueConstraint(
                fields=["featured_on", "position"],
                name="dailypick_unique_position",
                deferrable=models.Deferrable.DEFERRED,  # reordering swaps positions
            ),
        ]

    def __str__(self) -> str:
        return f"{self.featured_on} #{self.position}: {self.paper_id}"
