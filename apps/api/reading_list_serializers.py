"""Reading lists and their items in the API (views/reading_lists.py)."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.lists.models import ReadingList, ReadingListItem
from apps.lists.services import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX


class ReadingListSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField(help_text="The owner's display name.")
    item_count = serializers.IntegerField(read_only=True)
    share_url = serializers.SerializerMethodField(
        help_text="The share link (owner only; opens the list unless it is private)."
    )
    created = serializers.DateTimeField(source="created_at", read_only=True)
    updated = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = ReadingList
        fields = [
            "id", "name", "description", "kind", "visibility", "owner", "item_count",
            "share_url", "created", "updated",
        ]  # fmt: skip

    def get_owner(self, reading_list: ReadingList) -> str:
        return str(reading_list.owner)

    @extend_schema_field(OpenApiTypes.URI)
    def get_share_url(self, reading_list: ReadingList) -> str | None:
        request = self.context["request"]
        if not reading_list.is_owned_by(request.user):
            return None
        return request.build_absolute_uri(reading_list.get_share_url())


class ReadingListWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX, trim_whitespace=True)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX, required=False, allow_blank=True
    )
    visibility = serializers.ChoiceField(
        choices=ReadingList.Visibility.choices, required=False, help_text="Private by default."
    )


class ReadingListItemSerializer(serializers.ModelSerializer):
    paper = serializers.CharField(source="paper.public_id", help_text="The paper's public id.")
    title = serializers.CharField(source="paper.title")

    class Meta:
        model = ReadingListItem
        fields = ["id", "paper", "title", "position", "status", "note", "added_at"]


class ItemAddSerializer(serializers.Serializer):
    paper = serializers.CharField(max_length=64, help_text="arXiv id or short id.")
    status = serializers.ChoiceField(choices=ReadingListItem.Status.choices, required=False)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True)


class ItemUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReadingListItem.Status.choices, required=False)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError({"status": ["give status, note or both"]})
        return attrs


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.CharField(max_length=64),
        max_length=1000,
        help_text="Every paper of the list (public ids), first to last.",
    )
