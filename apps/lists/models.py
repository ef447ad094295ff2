"""Readers' reading lists: "Read later" and named lists, ordered, each item with a status."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class ReadingList(models.Model):
    class Kind(models.TextChoices):
        READ_LATER = "read_later", "Read later"
        NAMED = "named", "Named list"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        LINK = "link", "Anyone with the link"
        PUBLIC = "public", "Public"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_lists"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NAMED)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    # Unguessable: the address of a list shared by link.
    share_token = models.CharField(max_length=64, unique=True, default=new_share_token)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(kind="read_later"), name="readinglist_one_read_later"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReadingListItem(models.Model):
    class Status(models.TextChoices):
        TO_READ = "to_read", "To read"
        READING = "reading", "Reading"
        READ = "read", "Read"

    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    paper = models.ForeignKey(
        "papers.Paper", on_delete=models.CASCADE, related_name="reading_list_items"
    )
    position = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.TO_READ)
    note = models.TextField(blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reading_list", "position"]
        constraints = [
            models.UniqueConstraint(fields=["reading_list", "paper"], name="readinglistitem_once"),
        ]
        indexes = [models.Index(fields=["paper"], name="readinglistitem_paper_idx")]

    def __str__(self) -> str:
        return f"{self.reading_list_id}: {self.paper_id}"
