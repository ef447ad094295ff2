"""Serializers of /api/v1/curation/: daily picks, queue decisions."""

import datetime as dt

from django.http import Http404
from rest_framework import serializers

from apps.curation.models import DailyPick
from apps.papers.models import Paper
from apps.papers.periods import year_in_range

from .queries import get_paper


def paper_named(public_id: str) -> Paper:
    """Any paper, whatever its status, by public id; a ValidationError naming it if none."""
    try:
        return get_paper(Paper.objects.all(), public_id)
    except Http404:
        raise serializers.ValidationError(f"No paper {public_id[:64]!r}.") from None


class PickSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    paper = serializers.CharField(
        max_length=64, help_text="The paper's public id (arXiv id or short id)."
    )
    date = serializers.DateField(source="featured_on", help_text="The day (YYYY-MM-DD).")
    position = serializers.IntegerField(read_only=True, help_text="Its place in the day, from 1.")
    note = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default="",
        help_text="The editor's blurb: Markdown with $math$, sanitised when shown.",
    )  # fmt: skip
    published = serializers.BooleanField(
        required=False, default=False, help_text="Shown on public pages and the API when true."
    )
    picked_by = serializers.CharField(source="picked_by.username", read_only=True, allow_null=True)

    def to_representation(self, pick: DailyPick) -> dict:
        data = super().to_representation(pick)
        data["paper"] = pick.paper.public_id
        return data

    def validate_paper(self, value: str) -> Paper:
        return paper_named(value)

    def validate_date(self, value: dt.date) -> dt.date:
        if not year_in_range(value.year):
            raise serializers.ValidationError("Give a real day.")
        return value


class PickUpdateSerializer(serializers.Serializer):
    position = serializers.IntegerField(required=False, min_value=1, max_value=1000)
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    published = serializers.BooleanField(required=False)


class DecisionSerializer(serializers.Serializer):
    paper = serializers.CharField(max_length=64, help_text="The paper's public id.")
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    # A plain string (checked below): a second enum of the paper statuses would name the
    # same choice set twice in the schema.
    seen_status = serializers.CharField(
        max_length=16,
        help_text="The status you saw (pending, published or rejected): the decision is "
        "refused (409) if it changed since.",
    )
    reason = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

    def validate_paper(self, value: str) -> Paper:
        return paper_named(value)

    def validate_seen_status(self, value: str) -> str:
        if value not in Paper.Status.values:
            raise serializers.ValidationError(f"Must be one of {', '.join(Paper.Status.values)}.")
        return value


class DecisionResultSerializer(serializers.Serializer):
    paper = serializers.CharField()
    status = serializers.CharField()


class QueuePaperSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id")
    title = serializers.CharField()
    abstract = serializers.CharField(allow_blank=True)
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.CharField()
    vote_count = serializers.IntegerField()
    listed_on = serializers.DateField()
    ingested_at = serializers.DateTimeField()
    primary_category = serializers.CharField(source="primary_category.code", allow_null=True)
    tags = serializers.SerializerMethodField()
    asked_for = serializers.IntegerField(help_text="How many readers submitted it.")

    def get_tags(self, paper: Paper) -> list[str]:
        return [paper_tag.tag.slug for paper_tag in paper.paper_tags.all()]


class QueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = QueuePaperSerializer(many=True)


class PickPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PickSerializer(many=True)


class ConflictSerializer(serializers.Serializer):
    """The API's error format, for a decision refused because the paper changed."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField(
        help_text='Who decided it and when: "olga approved this at 14:02".'
    )
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )
