"""Serializers and filters of /api/v1/annotations/ (writes go through apps.annotations.services)."""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.annotations.models import BODY_MAX, QUOTE_MAX, TAG_MAX, TAGS_MAX, Annotation
from apps.annotations.querysets import AnnotationQuerySet
from apps.papers.models import Paper


class SelectorSerializer(serializers.Serializer):
    exact = serializers.CharField(max_length=QUOTE_MAX, trim_whitespace=False)
    prefix = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, trim_whitespace=False
    )
    suffix = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, trim_whitespace=False
    )
    start = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, allow_null=True
    )
    end = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, allow_null=True
    )


class AnnotationSerializer(serializers.ModelSerializer):
    paper = serializers.CharField(source="paper.public_id", read_only=True)
    selector = serializers.SerializerMethodField()
    owner = serializers.CharField(source="owner.get_username", read_only=True)
    upvotes = serializers.IntegerField(source="upvote_count", read_only=True)
    hidden = serializers.SerializerMethodField()
    field = serializers.SerializerMethodField()

    class Meta:
        model = Annotation
        fields = [
            "id", "paper", "version", "field", "body", "body_html", "tags", "visibility",
            "selector", "orphaned", "reply_to", "owner", "upvotes", "hidden", "created",
            "updated",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(SelectorSerializer(allow_null=True))
    def get_selector(self, annotation: Annotation) -> dict[str, Any] | None:
        if not annotation.field:
            return None
        return {
            "exact": annotation.exact, "prefix": annotation.prefix, "suffix": annotation.suffix,
            "start": annotation.start, "end": annotation.end,
        }  # fmt: skip

    @extend_schema_field({"type": "string", "enum": ["title", "abstract"], "nullable": True})
    def get_field(self, annotation: Annotation) -> str | None:
        return annotation.field or None

    def get_hidden(self, annotation: Annotation) -> bool:
        return annotation.hidden_at is not None


class AnnotationCreateSerializer(serializers.Serializer):
    paper = serializers.CharField(max_length=64, help_text="The paper's arXiv id or short id.")
    body = serializers.CharField(max_length=BODY_MAX, help_text="Markdown; $math$ allowed.")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX), max_length=TAGS_MAX, required=False
    )
    visibility = serializers.ChoiceField(
        choices=Annotation.Visibility.choices, required=False, default="private"
    )
    field = serializers.ChoiceField(
        choices=Annotation.Field.values, required=False, allow_null=True,
        help_text="title or abstract; omitted for a whole-paper note.",
    )  # fmt: skip
    selector = SelectorSerializer(required=False, allow_null=True)
    reply_to = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True,
        help_text="The id of the public annotation this one replies to.",
    )  # fmt: skip


class AnnotationUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX), max_length=TAGS_MAX, required=False
    )
    visibility = serializers.ChoiceField(choices=Annotation.Visibility.choices, required=False)


class AnnotationFilterSet(filters.FilterSet):
    paper = filters.CharFilter(method="filter_paper", help_text="A paper's arXiv id or short id.")
    tag = filters.CharFilter(
        method="filter_tag", max_length=TAG_MAX, help_text="One of the owner's tags."
    )
    visibility = filters.ChoiceFilter(
        choices=Annotation.Visibility.choices, help_text="private or public."
    )
    mine = filters.BooleanFilter(method="filter_mine", help_text="true: only my own annotations.")

    class Meta:
        model = Annotation
        fields = ["paper", "tag", "visibility", "mine"]

    def filter_paper(
        self, queryset: AnnotationQuerySet, name: str, value: str
    ) -> AnnotationQuerySet:
        return queryset.filter(paper__in=Paper.objects.with_public_id(value).values("pk"))

    def filter_tag(self, queryset: AnnotationQuerySet, name: str, value: str) -> AnnotationQuerySet:
        return queryset.tagged(value.strip().lower())

    def filter_mine(
        self, queryset: AnnotationQuerySet, name: str, value: bool
    ) -> AnnotationQuerySet:
        if value:
            return queryset.mine(self.request.user if self.request else None)
        return queryset
