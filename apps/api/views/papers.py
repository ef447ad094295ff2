from typing import Any, TypeVar

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.models import User
from apps.papers.models import Paper
from apps.papers.querysets import PaperQuerySet
from apps.papers.votes import vote_cast, vote_remove
from apps.recommend.history import similar_papers

from ..examples import PAPER_EXAMPLE, PUBLIC_ID_EXAMPLE
from ..filters import PaperFilterSet
from ..pagination import KeysetPagination
from ..queries import get_paper, papers_for_api, visible_papers
from ..serializers import PaperSerializer, SimilarPaperSerializer, VoteSerializer
from ..throttles import AnonThrottle, UserThrottle, VoteThrottle, WriteThrottle
from .common import conditional_get

_RowT = TypeVar("_RowT")

PUBLIC_ID = OpenApiParameter(
    "public_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="arXiv id (a version suffix is ignored) or short id.",
    examples=[OpenApiExample("arXiv id", value=PUBLIC_ID_EXAMPLE)],
)


@conditional_get
class PaperViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Paper]
):
    serializer_class = PaperSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PaperFilterSet
    pagination_class = KeysetPagination
    lookup_url_kwarg = "public_id"

    def get_queryset(self) -> PaperQuerySet:
        # The filter set narrows to published papers unless staff ask for a status.
        return papers_for_api(self.request.user, queryset=Paper.objects.all())

    def filter_queryset(self, queryset: QuerySet[Paper, _RowT]) -> QuerySet[Paper, _RowT]:
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        queryset = filterset.qs
        self.ordering = filterset.selected_ordering()
        return queryset

    def get_object(self) -> Paper:
        user = self.request.user
        queryset = papers_for_api(user, queryset=visible_papers(user))
        return get_paper(queryset, self.kwargs["public_id"])

    @extend_schema(
        summary="List papers",
        description="Published papers, filtered and ordered; cursor-paginated (follow `next`). "
        "Pages stay stable while new papers arrive.",
        tags=["papers"],
        examples=[OpenApiExample("A page", value=[PAPER_EXAMPLE], response_only=True)],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One paper",
        description="By arXiv id or short id. Staff also see unpublished papers. "
        "Answers with an ETag; send If-None-Match to get a 304 when unchanged.",
        tags=["papers"],
        parameters=[PUBLIC_ID],
        examples=[OpenApiExample("A paper", value=PAPER_EXAMPLE, response_only=True)],
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


_VOTE_EXAMPLE = OpenApiExample(
    "Voted", value={"id": PUBLIC_ID_EXAMPLE, "voted": True, "vote_count": 42}
)


@extend_schema(
    methods=["PUT"],
    summary="Upvote a paper",
    description="Idempotent: voting twice counts once. Answers the new count.",
    tags=["votes"],
    request=None,
    parameters=[PUBLIC_ID],
    responses={200: VoteSerializer},
    examples=[_VOTE_EXAMPLE],
)
@extend_schema(
    methods=["DELETE"],
    summary="Take an upvote back",
    description="Idempotent: removing a vote that is not there changes nothing. "
    "Answers the new count.",
    tags=["votes"],
    request=None,
    parameters=[PUBLIC_ID],
    responses={200: VoteSerializer},
    examples=[
        OpenApiExample("Removed", value={"id": PUBLIC_ID_EXAMPLE, "voted": False, "vote_count": 41})
    ],
)
@api_view(["PUT", "DELETE"])
@permission_classes([IsAuthenticated])
@throttle_classes([AnonThrottle, UserThrottle, WriteThrottle, VoteThrottle])
def paper_vote(request: Request, public_id: str) -> Response:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated already refused anyone else
        raise NotAuthenticated()
    paper = get_paper(visible_papers(user), public_id)
    if request.method == "PUT":
        count = vote_cast(user=user, paper=paper)
    else:
        count = vote_remove(user=user, paper=paper)
    voted = request.method == "PUT"
    return Response(
        VoteSerializer({"id": paper.public_id, "voted": voted, "vote_count": count}).data
    )


@extend_schema(
    summary="Similar papers",
    description="The paper's 10 most similar papers (title and abstract, TF-IDF re-ranked by "
    "shared neighbours), most similar first, each with its `similarity`. Empty until the "
    "recommender has computed them (within minutes of ingest).",
    tags=["papers"],
    parameters=[PUBLIC_ID],
    responses={200: SimilarPaperSerializer(many=True)},
    examples=[
        OpenApiExample(
            "Similar papers", value=[{**PAPER_EXAMPLE, "similarity": 0.71}], response_only=True
        )
    ],
)
@api_view(["GET"])
@throttle_classes([AnonThrottle, UserThrottle])
def paper_similar(request: Request, public_id: str) -> Response:
    user = request.user
    paper = get_paper(visible_papers(user), public_id)
    ranked = similar_papers(paper)
    found = papers_for_api(user, queryset=Paper.objects.published()).in_bulk(
        [pid for pid, _ in ranked]
    )
    items = []
    for pid, score in ranked:
        if pid in found:
            found[pid].similarity = score
            items.append(found[pid])
    return Response(SimilarPaperSerializer(items, many=True, context={"request": request}).data)
