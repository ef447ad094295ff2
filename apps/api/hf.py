"""Serializers for the Hugging Face papers API compatible endpoints (/api/daily_papers, ...).

Field names and shapes follow that API, so its clients (huggingface_hub's HfApi)
read our papers. What maps to what:
- paper.id: our public id (arXiv id, else short id); upvotes: our vote count.
- paper.publishedAt: arXiv publication (else ingestion) time.
- item.publishedAt / paper.submittedOnDailyAt: when staff featured it (the DailyPick's
  day, 00:00 UTC); for a paper that is on a day's list without being picked, its
  publication time. item.submittedBy: the staff member who picked it, else null.
- numComments 0, thumbnail null, discussionId null: we have no such things.
"""

from datetime import UTC, date, datetime, time

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.models import User
from apps.curation.models import DailyPick
from apps.papers.models import Paper

from .item_cache import SharedItemSerializer
from .queries import authorships_of, paper_tags_of, published_picks_of


def featured_at(pick: DailyPick) -> datetime:
    return datetime.combine(pick.featured_on, time.min, tzinfo=UTC)


def relevant_pick(paper: Paper, day: date | None) -> DailyPick | None:
    """The pick on `day` when a day is given, else the most recent one (prefetched)."""
    picks = published_picks_of(paper)  # newest first
    if day is not None:
        return next((pick for pick in picks if pick.featured_on == day), None)
    return picks[0] if picks else None


class HfAuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    hidden = serializers.BooleanField()


class HfUserSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "_id": serializers.CharField(source="pk"),
            "name": serializers.CharField(source="username"),
            "user": serializers.CharField(source="username"),
            "fullname": serializers.CharField(source="__str__"),
            "avatarUrl": serializers.SerializerMethodField(method_name="get_avatar_url"),
            "type": serializers.SerializerMethodField(method_name="get_type"),
        }

    def get_avatar_url(self, user: User) -> str:
        return ""

    def get_type(self, user: User) -> str:
        return "user"


class HfPaperSerializer(SharedItemSerializer):
    live_fields = ("upvotes",)

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "id": serializers.CharField(source="public_id"),
            "authors": serializers.SerializerMethodField(method_name="get_authors"),
            "publishedAt": serializers.SerializerMethodField(method_name="get_published_at"),
            "submittedOnDailyAt": serializers.SerializerMethodField(method_name="get_submitted"),
            "title": serializers.CharField(),
            "summary": serializers.CharField(source="abstract"),
            "upvotes": serializers.IntegerField(source="vote_count"),
            "discussionId": serializers.SerializerMethodField(method_name="get_nothing"),
            "ai_keywords": serializers.SerializerMethodField(method_name="get_keywords"),
            "githubRepo": serializers.SerializerMethodField(method_name="get_github_repo"),
        }

    @extend_schema_field(HfAuthorSerializer(many=True))
    def get_authors(self, paper: Paper) -> list[dict]:
        return [{"name": a.author.name, "hidden": False} for a in authorships_of(paper)]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_published_at(self, paper: Paper) -> str:
        return serializers.DateTimeField().to_representation(
            paper.published_at or paper.ingested_at
        )

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_submitted(self, paper: Paper) -> str | None:
        pick = relevant_pick(paper, None)
        return serializers.DateTimeField().to_representation(featured_at(pick)) if pick else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_nothing(self, paper: Paper) -> None:
        return None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_keywords(self, paper: Paper) -> list[str]:
        return [paper_tag.tag.name for paper_tag in paper_tags_of(paper)]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_github_repo(self, paper: Paper) -> str | None:
        return paper.code_url


class HfDailyItemSerializer(SharedItemSerializer):
    """One item of a daily papers list. context["day"]: the list's day, if it is a day's."""

    def cache_name(self) -> str:
        return f"{super().cache_name()}:{self.context.get('day')}"

    def refresh(self, paper: Paper, item: dict) -> dict:
        item["paper"]["upvotes"] = paper.vote_count
        return item

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "paper": HfPaperSerializer(source="*"),
            "publishedAt": serializers.SerializerMethodField(method_name="get_featured_at"),
            "title": serializers.CharField(),
            "summary": serializers.CharField(source="abstract"),
            "thumbnail": serializers.SerializerMethodField(method_name="get_nothing"),
            "numComments": serializers.SerializerMethodField(method_name="get_zero"),
            "submittedBy": serializers.SerializerMethodField(method_name="get_submitted_by"),
            "isAuthorParticipating": serializers.SerializerMethodField(method_name="get_false"),
        }

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_featured_at(self, paper: Paper) -> str:
        pick = relevant_pick(paper, self.context.get("day"))
        moment = featured_at(pick) if pick else (paper.published_at or paper.ingested_at)
        return serializers.DateTimeField().to_representation(moment)

    @extend_schema_field(HfUserSerializer(allow_null=True))
    def get_submitted_by(self, paper: Paper) -> dict | None:
        pick = relevant_pick(paper, self.context.get("day"))
        if pick is None or pick.picked_by is None:
            return None
        return HfUserSerializer(pick.picked_by).data

    @extend_schema_field({"type": "string", "nullable": True})
    def get_nothing(self, paper: Paper) -> None:
        return None

    def get_zero(self, paper: Paper) -> int:
        return 0

    def get_false(self, paper: Paper) -> bool:
        return False
