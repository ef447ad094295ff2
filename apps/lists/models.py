"""Readers' reading lists: "Read later" and named lists, ordered, each item with a status."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class ReadingListQuerySet(models.QuerySet["ReadingList"]):
    def owned_by(self, user: Any) -> ReadingListQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def visible_to(self, user: Any) -> ReadingListQuerySet:
        """What `user` may open by id: their own lists and public ones. A list shared by
        link is opened by its token only (`shared_by_token`); staff have no key to
        readers' private lists."""
        public = Q(visibility=ReadingList.Visibility.PUBLIC)
        if user is None or not user.is_authenticated:
            return self.filter(public)
        return self.filter(public | Q(owner=user))

    def shared_by_token(self, token: str) -> ReadingListQuerySet:
        """The list behind a share link; making a list private again closes its link."""
        return self.filter(share_token=token).exclude(visibility=ReadingList.Visibility.PRIVATE)

    def public(self) -> ReadingListQuerySet:
        return self.filter(visibility=ReadingList.Visibility.PUBLIC)

    def with_item_count(self) -> ReadingListQuerySet:
        return self.annotate(item_count=models.Count("items"))


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

    objects = ReadingListQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(kind="read_later"), name="readinglist_one_read_later"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lists:detail", args=[self.pk])

    def get_share_url(self) -> str:
        return reverse("lists:shared", args=[self.share_token])

    @property
    def is_read_later(self) -> bool:
        return self.kind == self.Kind.READ_LATER

    def is_owned_by(self, user: Any) -> bool:
        return bool(user is not None and user.is_authenticated and user.pk == self.owner_id)


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
