"""What the tagger proposed for a paper and what staff decided about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TagSuggestion(models.Model):
    """One tag proposed for one paper, and its fate.

    `pending` waits in the curation queue (readers never see it); `applied` was
    applied automatically above the tag's threshold; `accepted` / `rejected` are
    staff decisions. A rejected row stays: the tag is never re-added to that paper
    automatically, and it counts as a negative example in training.
    """

    class Origin(models.TextChoices):
        RULE = "rule", "Rule"
        MODEL = "model", "Model"
        STAFF = "staff", "Staff"

    class State(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPLIED = "applied", "Applied automatically"
        ACCEPTED = "accepted", "Accepted by staff"
        REJECTED = "rejected", "Rejected by staff"

    paper = models.ForeignKey(
        "papers.Paper", on_delete=models.CASCADE, related_name="tag_suggestions"
    )
    tag = models.ForeignKey("papers.Tag", on_delete=models.CASCADE, related_name="suggestions")
    origin = models.CharField(max_length=8, choices=Origin.choices)
    confidence = models.FloatField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "tag"], name="tagsuggestion_once"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="tagsuggestion_confidence_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["paper"], condition=Q(state="pending"), name="tagsuggestion_pending_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} · {self.tag_id} ({self.state})"
