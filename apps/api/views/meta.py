from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from apps.accounts.http import AuthenticatedRequest
from apps.accounts.models import User
from apps.papers.models import Category, Paper, Tag

from ..serializers import CategorySerializer, MeSerializer, TagSerializer


class _VocabularyList(generics.ListAPIView):
    """A short, unpaginated list, each entry with its number of published papers."""

    pagination_class = None
    filter_backends: list = []
    papers: str  # the path from an entry to its papers
    order: str

    def get_queryset(self) -> QuerySet[Tag | Category]:
        published = Q(**{f"{self.papers}__status": Paper.Status.PUBLISHED})
        count = Count(self.papers, filter=published)
        return super().get_queryset().annotate(paper_count=count).order_by(self.order)


@extend_schema(
    summary="Tags",
    description="Every tag, by slug, with its number of published papers. Not paginated.",
    tags=["vocabulary"],
    examples=[
        OpenApiExample(
            "Tags",
            value=[{"slug": "llm", "name": "LLM", "description": "", "paper_count": 12}],
            response_only=True,
        )
    ],
)
class TagListView(_VocabularyList):
    serializer_class = TagSerializer
    queryset, papers, order = Tag.objects.all(), "paper_tags__paper", "slug"


@extend_schema(
    summary="Categories",
    description="Every arXiv category, by code, with its number of published papers "
    "(listed in it, primary or cross-listed). Not paginated.",
    tags=["vocabulary"],
    examples=[
        OpenApiExample(
            "Categories",
            value=[{"code": "cs.CL", "name": "Computation and Language", "archive": "cs",
                    "paper_count": 30}],
            response_only=True,
        )
    ],
)  # fmt: skip
class CategoryListView(_VocabularyList):
    serializer_class = CategorySerializer
    queryset, papers, order = Category.objects.all(), "papers", "code"


@extend_schema(
    summary="The caller",
    description="The signed-in user (by session or API token); 401 when anonymous.",
    tags=["account"],
    examples=[
        OpenApiExample(
            "Me",
            value={"id": 7, "username": "alice", "display_name": "Alice",
                   "email": "alice@example.org", "is_staff": False,
                   "date_joined": "2025-11-01T09:00:00Z", "auth": "token"},
            response_only=True,
        )
    ],
)  # fmt: skip
class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    request: AuthenticatedRequest

    def get_object(self) -> User:
        return self.request.user
