"""Read serializers for /api/v1/. They only read what queries.papers_for_api loaded."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.models import User
from apps.papers.models import Category, Paper, Tag
from apps.papers.paper_urls import paper_url

from .item_cache import SharedItemSerializer
from .queries import PICKS_ATTR, TAGS_ATTR, authorships_of, categories_of

LINK_KINDS = ("code", "model", "dataset", "project")


class PaperTagSerializer(serializers.Serializer):
    slug = serializers.CharField(source="tag.slug")
    name = serializers.CharField(source="tag.name")
    origin = serializers.ChoiceField(
        choices=["rule", "model", "staff"],
        help_text="Who attached the tag: a tagging rule, the learned model, or staff.",
    )
    confidence = serializers.FloatField(allow_null=True, help_text="Model confidence, 0 to 1.")


class DailyPickSerializer(serializers.Serializer):
    date = serializers.DateField(source="featured_on", help_text="The day it was featured.")
    rank = serializers.IntegerField(source="position", help_text="Its place in that day's picks.")


class PaperLinksSerializer(serializers.Serializer):
    api = serializers.URLField()
    html = serializers.URLField()
    abs = serializers.URLField(allow_null=True)
    pdf = serializers.URLField(allow_null=True)
    code = serializers.URLField(allow_null=True, help_text="Its code repository, if it names one.")
    model = serializers.URLField(allow_null=True, help_text="Its model page (e.g. Hugging Face).")
    dataset = serializers.URLField(allow_null=True, help_text="Its dataset page.")
    project = serializers.URLField(allow_null=True, help_text="Its project or demo page.")


class PaperSerializer(SharedItemSerializer):
    live_fields: tuple[str, ...] = ("vote_count", "voted", "links")  # the rest: item_cache

    id = serializers.CharField(
        source="public_id", help_text="Public id: the arXiv id, else a short id (p + 10 chars)."
    )
    arxiv_id = serializers.CharField(allow_null=True)
    version = serializers.IntegerField(allow_null=True, help_text="Latest arXiv version.")
    title = serializers.CharField()
    abstract = serializers.CharField(allow_blank=True)
    authors = serializers.SerializerMethodField()
    primary_category = serializers.CharField(source="primary_category.code", allow_null=True)
    categories = serializers.SerializerMethodField()
    tags = PaperTagSerializer(source=TAGS_ATTR, many=True)
    published_at = serializers.DateTimeField(allow_null=True, help_text="arXiv first version.")
    updated_at = serializers.DateTimeField(allow_null=True, help_text="arXiv latest version.")
    listed_on = serializers.DateField(
        help_text="The day the paper is listed on (publication day, else ingestion day; UTC)."
    )
    withdrawn = serializers.BooleanField(source="is_withdrawn")
    status = serializers.ChoiceField(choices=Paper.Status.values)
    vote_count = serializers.IntegerField()
    voted = serializers.BooleanField(
        source="user_voted", help_text="Whether the caller has upvoted it (false when anonymous)."
    )
    daily_picks = DailyPickSerializer(
        source=PICKS_ATTR,
        many=True,
        help_text="Days staff featured it, most recent first; empty if never.",
    )
    links = serializers.SerializerMethodField()
    keyphrases = serializers.ListField(
        child=serializers.CharField(),
        help_text="Up to 8 model, method and benchmark names from its own text.",
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_authors(self, paper: Paper) -> list[str]:
        return [authorship.author.name for authorship in authorships_of(paper)]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_categories(self, paper: Paper) -> list[str]:
        codes = [category.code for category in categories_of(paper)]
        primary = paper.primary_category.code if paper.primary_category else None
        return ([primary] if primary else []) + [code for code in codes if code != primary]

    @extend_schema_field(PaperLinksSerializer)
    def get_links(self, paper: Paper) -> dict:
        request = self.context["request"]
        return {
            "api": request.build_absolute_uri(paper_url("api:paper-detail", paper.public_id)),
            "html": request.build_absolute_uri(paper.get_absolute_url()),
            "abs": paper.arxiv_abs_url or None,
            "pdf": paper.arxiv_pdf_url or None,
        } | first_links(paper)


def first_links(paper: Paper) -> dict[str, str | None]:
    """The first typed link of each kind."""
    return {kind: paper.first_link(kind) for kind in LINK_KINDS}


class SimilarPaperSerializer(PaperSerializer):
    live_fields = (*PaperSerializer.live_fields, "similarity")

    similarity = serializers.FloatField(
        help_text="Higher is more similar (cosine + shared neighbours)."
    )


class VoteSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The paper's public id.")
    voted = serializers.BooleanField(help_text="Whether the caller's upvote now stands.")
    vote_count = serializers.IntegerField(help_text="The paper's new vote count.")


class TagSerializer(serializers.ModelSerializer):
    paper_count = serializers.IntegerField(help_text="Published papers with this tag.")

    class Meta:
        model = Tag
        fields = ["slug", "name", "description", "paper_count"]


class CategorySerializer(serializers.ModelSerializer):
    archive = serializers.CharField(help_text="The archive, e.g. cs for cs.CL.")
    paper_count = serializers.IntegerField(help_text="Published papers in this category.")

    class Meta:
        model = Category
        fields = ["code", "name", "archive", "paper_count"]


class MeSerializer(serializers.ModelSerializer):
    auth = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "is_staff", "date_joined", "auth"]

    @extend_schema_field(serializers.ChoiceField(choices=["session", "token"]))
    def get_auth(self, user: User) -> str:
        return "token" if self.context["request"].auth is not None else "session"
