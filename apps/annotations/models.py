"""A reader's annotation of a paper (the W3C Web Annotation model), its upvotes and reports.

The target is the paper at the version the note was made on; with a field
(title or abstract) it also has a TextQuoteSelector (exact, prefix, suffix)
and a TextPositionSelector (start, end) into that field's text. Without a
field the note is about the whole paper. A reply targets another annotation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.papers.models import Paper

from .querysets import AnnotationQuerySet

BODY_MAX = 10_000
QUOTE_MAX = 2_000
TAG_MAX = 50
TAGS_MAX = 10


class Annotation(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (only me)"
        PUBLIC = "public", "Public"

    class Field(models.TextChoices):
        TITLE = "title", "Title"
        ABSTRACT = "abstract", "Abstract"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annotations"
    )
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="annotations")
    version = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The paper's version the note was made on."
    )
    field = models.CharField(max_length=16, choices=Field.choices, blank=True)
    exact = models.TextField(blank=True, max_length=QUOTE_MAX)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    orphaned = models.BooleanField(
        default=False, help_text="The quote was not found in a newer version of the paper."
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    tags = ArrayField(models.CharField(max_length=TAG_MAX), default=list, blank=True)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Exact: changed only by the services, in the same transaction as the rows they count.
    upvote_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("body", weight="A", config="english")
            + SearchVector("exact", weight="B", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(field="", exact="", start__isnull=True, end__isnull=True)
                    | (
                        ~Q(field="")
                        & ~Q(exact="")
                        & Q(start__isnull=False, end__gt=models.F("start"))
                    )
                ),
                name="annotation_selector_with_field",
            ),
            models.CheckConstraint(
                condition=Q(reply_to__isnull=True) | Q(field="", visibility="public"),
                name="annotation_reply_is_public_without_selector",
            ),
        ]
        indexes = [
            models.Index(fields=["paper", "visibility", "created"], name="annotation_paper_idx"),
            models.Index(fields=["owner", "-created"], name="annotation_owner_idx"),
            models.Index(
                fields=["-report_count"], name="annotation_reported_idx",
                condition=Q(report_count__gt=0),
            ),
            GinIndex(fields=["search_vector"], name="annotation_search_idx"),
            GinIndex(fields=["tags"], name="annotation_tags_idx"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.owner} on {self.paper_id}: {self.body[:40]}"

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def highlight(self) -> dict[str, Any]:
        """What static/js/annotations.js needs to draw this note's highlight."""
        return {
            "id": self.pk,
            "field": self.field,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "public": self.is_public,
        }


class AnnotationVote(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="votes")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "user"], name="annotationvote_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} upvoted {self.annotation_id}"


class AnnotationReport(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "user"], name="annotationreport_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} reported {self.annotation_id}"
