from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from apps.papers.models import Paper


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


class AuditEntry(models.Model):
    """One curation action: who did what to which object, and the state before and after.

    Written only by the curation services (apps.curation.audit); no view, form or
    admin page changes or deletes a row.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written: the log still says who after the account is gone.
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    # The paper concerned, by public id (not a foreign key: the log outlives its papers).
    paper_public_id = models.CharField(max_length=32, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="auditentry_recent_idx"),
            models.Index(fields=["paper_public_id", "-created_at"], name="auditentry_paper_idx"),
            models.Index(fields=["action", "-created_at"], name="auditentry_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_id}"


class Submission(models.Model):
    """A reader asked for an arXiv paper to be added; a worker fetches it into the queue."""

    class State(models.TextChoices):
        QUEUED = "queued", "Fetching from arXiv"
        IN_QUEUE = "in_queue", "Awaiting review"
        ALREADY_HELD = "already_held", "Already on the site"
        UNKNOWN = "unknown", "Not found on arXiv"
        WITHDRAWN = "withdrawn", "Withdrawn on arXiv"
        FAILED = "failed", "arXiv could not be reached"

    FINISHED = (State.IN_QUEUE, State.ALREADY_HELD, State.UNKNOWN, State.WITHDRAWN, State.FAILED)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    raw = models.CharField(max_length=300, help_text="What the reader typed.")
    arxiv_id = models.CharField(max_length=32)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["submitted_by", "-created_at"], name="submission_reader_idx"),
            models.Index(fields=["arxiv_id", "state"], name="submission_arxiv_idx"),
        ]

    # The paper it names, found by arXiv id (apps.curation.queue.submissions_with_papers);
    # not a foreign key, so papers stay free to be replaced wholesale (the synthetic loads).
    paper: "Paper | None" = None

    def __str__(self) -> str:
        return f"{self.arxiv_id} by {self.submitted_by_id}: {self.state}"
