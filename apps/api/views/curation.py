"""/api/v1/curation/: the review queue, decisions and daily picks (curate permission)."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import CanCurate
from apps.curation.models import DailyPick
from apps.curation.queue import QueueFilters, review_queue
from apps.curation.services.decisions import DecisionConflict, paper_decide
from apps.curation.services.picks import (
    PickError,
    pick_add,
    pick_move,
    pick_remove,
    pick_update,
)
from apps.papers.models import Category, Tag
from apps.papers.periods import year_in_range

from ..curation_serializers import (
    ConflictSerializer,
    DecisionResultSerializer,
    DecisionSerializer,
    PickPageSerializer,
    PickSerializer,
    PickUpdateSerializer,
    QueuePageSerializer,
    QueuePaperSerializer,
)
from ..examples import PUBLIC_ID_EXAMPLE

TAGS = ["curation"]
PICK_EXAMPLE = {
    "id": 7,
    "paper": PUBLIC_ID_EXAMPLE,
    "date": "2025-11-26",
    "position": 1,
    "note": "Sparse attention that keeps $O(n)$ memory.",
    "published": True,
    "picked_by": "editor",
}
QUEUE_EXAMPLE = {
    "id": PUBLIC_ID_EXAMPLE,
    "title": "Scaling laws revisited",
    "abstract": "We revisit...",
    "source": "submission",
    "status": "pending",
    "vote_count": 0,
    "listed_on": "2025-11-26",
    "ingested_at": "2025-11-26T09:00:00Z",
    "primary_category": "cs.CL",
    "tags": ["llm"],
    "asked_for": 1,
}


def _page(item: dict) -> dict:
    return {"count": 1, "next": None, "previous": None, "results": [item]}


PICK_ID = OpenApiParameter(
    "pick_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The pick's id."
)


class QueuePagination(PageNumberPagination):
    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"


def _date_param(request: Request, name: str = "date") -> Any:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not year_in_range(day.year):
        raise ValidationError({name: ["Write a day as YYYY-MM-DD, in the years 1900 to 2999."]})
    return day


class QueueView(GenericAPIView):
    permission_classes = [CanCurate]
    serializer_class = QueuePaperSerializer
    pagination_class = QueuePagination
    filter_backends: list = []

    @extend_schema(
        summary="The review queue",
        description="Papers awaiting review (status pending), newest first or by suggested score.",
        tags=TAGS,
        parameters=[
            OpenApiParameter("source", OpenApiTypes.STR, description="Ingest source kind."),
            OpenApiParameter("category", OpenApiTypes.STR, description="arXiv category code."),
            OpenApiParameter(
                "tag", OpenApiTypes.STR, description="Tag slug (applied or suggested)."
            ),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Listed on this day."),
            OpenApiParameter("q", OpenApiTypes.STR, description="Search words."),
            OpenApiParameter(
                "sort",
                OpenApiTypes.STR,
                enum=["newest", "score"],
                description="newest (default) or score: votes plus focus-tag matches.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 100."),
        ],
        responses={200: QueuePageSerializer},
        examples=[OpenApiExample("A page", value=_page(QUEUE_EXAMPLE), response_only=True)],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = QueueFilters(
            source=params.get("source", "")[:32],
            category=_known(Category.objects.filter(code=params.get("category")), "category")
            if params.get("category") else None,
            tag=_known(Tag.objects.filter(slug=params.get("tag")), "tag")
            if params.get("tag") else None,
            day=_date_param(request),
            q=params.get("q", "")[:300],
            sort=_choice(params.get("sort") or "newest", ("newest", "score"), "sort"),
        )  # fmt: skip
        page = self.paginate_queryset(review_queue(filters))
        return self.get_paginated_response(QueuePaperSerializer(page, many=True).data)


def _known(queryset: QuerySet, name: str) -> Any:
    found = queryset.first()
    if found is None:
        raise ValidationError({name: [f"Unknown {name}."]})
    return found


def _choice(value: str, choices: tuple[str, ...], name: str) -> str:
    if value not in choices:
        raise ValidationError({name: [f"Must be one of {', '.join(choices)}."]})
    return value


class DecisionView(GenericAPIView):
    permission_classes = [CanCurate]
    serializer_class = DecisionSerializer

    @extend_schema(
        summary="Approve or reject a paper",
        description="Refused with 409 when the paper's status is no longer `seen_status` "
        "(another curator decided it meanwhile); the message says who and when.",
        tags=TAGS,
        request=DecisionSerializer,
        responses={200: DecisionResultSerializer, 409: ConflictSerializer},
        examples=[
            OpenApiExample(
                "Approve",
                value={
                    "paper": PUBLIC_ID_EXAMPLE,
                    "decision": "approve",
                    "seen_status": "pending",
                    "reason": "",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Approved",
                value={"paper": PUBLIC_ID_EXAMPLE, "status": "published"},
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            decision = paper_decide(
                paper=data["paper"], decision=data["decision"], seen_status=data["seen_status"],
                user=request.user, reason=data["reason"],  # type: ignore[arg-type]
            )  # fmt: skip
        except DecisionConflict as conflict:
            body = {"status": 409, "code": "conflict", "message": conflict.message, "errors": {}}
            return Response(body, status=status.HTTP_409_CONFLICT)
        result = {"paper": decision.paper.public_id, "status": decision.status}
        return Response(DecisionResultSerializer(result).data)


def _picks() -> QuerySet[DailyPick]:
    return DailyPick.objects.select_related("paper", "picked_by").order_by(
        "-featured_on", "position"
    )


class PickListView(GenericAPIView):
    permission_classes = [CanCurate]
    serializer_class = PickSerializer
    pagination_class = QueuePagination
    filter_backends: list = []

    @extend_schema(
        operation_id="curation_picks_list",
        summary="Daily picks",
        description="Every pick, drafts too, newest day first and in each day's order.",
        tags=TAGS,
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Only this day."),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 100."),
        ],
        responses={200: PickPageSerializer},
        examples=[OpenApiExample("A page", value=_page(PICK_EXAMPLE), response_only=True)],
    )
    def get(self, request: Request) -> Response:
        picks = _picks()
        day = _date_param(request)
        if day is not None:
            picks = picks.filter(featured_on=day)
        page = self.paginate_queryset(picks)
        return self.get_paginated_response(PickSerializer(page, many=True).data)

    @extend_schema(
        summary="Pick a paper for a day",
        description="Appended to the day's picks. A paper already picked that day, or a full "
        "day, is a 400 naming the field.",
        tags=TAGS,
        request=PickSerializer,
        responses={201: PickSerializer},
        examples=[
            OpenApiExample(
                "Pick",
                value={
                    "paper": PUBLIC_ID_EXAMPLE,
                    "date": "2025-11-26",
                    "note": "Worth a read.",
                    "published": True,
                },
                request_only=True,
            ),
            OpenApiExample("Picked", value=PICK_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = PickSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            pick = pick_add(
                paper=data["paper"], day=data["featured_on"], user=request.user,  # type: ignore[arg-type]
                note=data["note"], published=data["published"],
            )  # fmt: skip
        except PickError as problem:
            raise ValidationError({problem.field: [problem.message]}) from None
        return Response(PickSerializer(pick).data, status=status.HTTP_201_CREATED)


class PickDetailView(GenericAPIView):
    permission_classes = [CanCurate]
    serializer_class = PickSerializer

    def _pick(self, pick_id: int) -> DailyPick:
        return get_object_or_404(_picks(), pk=pick_id)

    @extend_schema(
        operation_id="curation_pick_retrieve",
        summary="One pick",
        description="A pick by id, draft or published.",
        tags=TAGS,
        parameters=[PICK_ID],
        examples=[OpenApiExample("A pick", value=PICK_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, pick_id: int) -> Response:
        return Response(PickSerializer(self._pick(pick_id)).data)

    @extend_schema(
        summary="Change a pick",
        description="Any of position (1-based: the others shift round it), note, published.",
        tags=TAGS,
        request=PickUpdateSerializer,
        responses={200: PickSerializer},
        parameters=[PICK_ID],
        examples=[
            OpenApiExample(
                "Move to the top, publish",
                value={"position": 1, "published": True},
                request_only=True,
            ),
            OpenApiExample("Changed", value=PICK_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pick_id: int) -> Response:
        pick = self._pick(pick_id)
        serializer = PickUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user
        try:
            if "position" in data:
                pick_move(pick=pick, position=data["position"], user=user)  # type: ignore[arg-type]
        except PickError as problem:
            raise ValidationError({problem.field: [problem.message]}) from None
        pick = self._pick(pick_id)
        pick_update(
            pick=pick, user=user, note=data.get("note"), published=data.get("published"),  # type: ignore[arg-type]
        )  # fmt: skip
        return Response(PickSerializer(self._pick(pick_id)).data)

    @extend_schema(
        summary="Remove a pick",
        description="The day's later picks move up one place.",
        tags=TAGS,
        parameters=[PICK_ID],
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request, pick_id: int) -> Response:
        pick_remove(pick=self._pick(pick_id), user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
