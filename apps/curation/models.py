from django.conf import settings
from django.db import models
from django.utils import timezone


class DailyPick(models.Model):
    """A paper staff featured on a given day, at a given place in that day's order."""

    featured_on = models.DateField()
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="daily_picks")
    position = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Unpublished picks are drafts: seen in the curation dashboard only.
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-featured_on", "position"]
        # The one permission of the curation dashboard, held by the "curators" group.
        permissions = [("curate", "Can curate: review queue, tags, daily picks")]
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
