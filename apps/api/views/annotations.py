"""/api/v1/annotations/: a reader's notes and the public discussion, and their export.

Every read goes through AnnotationQuerySet.visible_to(caller): what the caller may not
see is a 404, whatever id is guessed. Writes call apps.annotations.services.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.annotations.models import Annotation
from apps.annotations.querysets import AnnotationQuerySet
from apps.annotations.services import (
    AnnotationForbidden,
    AnnotationInvalid,
    Selector,
    annotation_create,
    annotation_delete,
    annotation_edit,
)
from apps.annotations.w3c import CONTEXT, MEDIA_TYPE, collection_jsonld
from apps.papers.models import Paper

from ..annotation_serializers import (
    AnnotationCreateSerializer,
    AnnotationFilterSet,
    AnnotationSerializer,
    AnnotationUpdateSerializer,
)
from ..pagination import Key, KeysetPagination, Ordering
from ..queries import get_paper, visible_papers
from ..throttles import VoteThrottle

_RowT = TypeVar("_RowT")

NEWEST = Ordering(
    "newest",
    (Key("created", models.DateTimeField(), descending=True), Key("id", models.BigAutoField())),
)

ANNOTATION_EXAMPLE = {
    "id": 12,
    "paper": "2401.01234",
    "version": 2,
    "field": "abstract",
    "body": "The $O(n \\log n)$ bound needs the **sorted** input.",
    "body_html": '<p>The <span data-math="inline">\\(O(n \\log n)\\)</span> bound needs the '
    "<strong>sorted</strong> input.</p>\n",
    "tags": ["method", "to-check"],
    "visibility": "public",
    "selector": {"exact": "retrieval changes the scaling", "prefix": "We study how ",
                 "suffix": " behaviour of language", "start": 13, "end": 42},
    "orphaned": False,
    "reply_to": None,
    "owner": "alice",
    "upvotes": 3,
    "hidden": False,
    "created": "2025-11-26T10:00:00Z",
    "updated": "2025-11-26T10:00:00Z",
}  # fmt: skip
CREATE_EXAMPLE = {
    "paper": "2401.01234",
    "body": "Is the $O(n)$ claim shown anywhere?",
    "tags": ["to-check"],
    "visibility": "public",
    "field": "abstract",
    "selector": {"exact": "retrieval", "prefix": "We study how ", "suffix": " changes"},
}


ANNOTATION_ID = OpenApiParameter(
    "annotation_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The annotation's id (from a list or a create).",
    examples=[OpenApiExample("An id", value=12)],
)


class AnnotateThrottle(VoteThrottle):
    """New annotations and replies count against the site's limit (RATE_LIMIT_ANNOTATE)."""

    scope = "annotate"

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method != "POST":
            return True
        return super().allow_request(request, view)


def _invalid(error: AnnotationInvalid) -> ValidationError:
    return ValidationError({error.field: [error.message]})


def _caller(request: Request) -> User:
    if not isinstance(request.user, User):
        raise NotAuthenticated()
    return request.user


class AnnotationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Annotation]
):
    serializer_class = AnnotationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AnnotationFilterSet
    pagination_class = KeysetPagination
    ordering = NEWEST
    lookup_url_kwarg = "annotation_id"
    throttle_classes = [*viewsets.GenericViewSet.throttle_classes, AnnotateThrottle]

    def get_queryset(self) -> AnnotationQuerySet:
        return Annotation.objects.visible_to(self.request.user).select_related("paper", "owner")

    def filter_queryset(self, queryset: QuerySet[Annotation, _RowT]) -> QuerySet[Annotation, _RowT]:
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs

    def get_object(self) -> Annotation:
        try:
            return self.get_queryset().get(pk=self.kwargs["annotation_id"])
        except Annotation.DoesNotExist:
            raise Http404("No such annotation.") from None

    @extend_schema(
        summary="List annotations",
        description="Annotations the caller may see, newest first: the public discussion, "
        "and the caller's own (private ones too). Filter by `paper`, `tag`, `visibility`, "
        "`mine`. Cursor-paginated (follow `next`).",
        tags=["annotations"],
        examples=[OpenApiExample("A page", value=[ANNOTATION_EXAMPLE], response_only=True)],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One annotation",
        parameters=[ANNOTATION_ID],
        description="A private or hidden annotation of someone else is a 404.",
        tags=["annotations"],
        examples=[OpenApiExample("An annotation", value=ANNOTATION_EXAMPLE, response_only=True)],
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Annotate a paper",
        description="A note on a passage of the title or abstract (`field` and `selector`: "
        "the quote is found in the paper's current text, its positions corrected), on the "
        "whole paper (neither), or a reply (`reply_to`: always public). `body` is "
        "Markdown with $math$; `body_html` is its sanitised HTML.",
        tags=["annotations"],
        request=AnnotationCreateSerializer,
        responses={201: AnnotationSerializer},
        examples=[
            OpenApiExample("A note on a passage", value=CREATE_EXAMPLE, request_only=True),
            OpenApiExample(
                "Created", value=ANNOTATION_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _caller(request)
        incoming = AnnotationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            paper: Paper = get_paper(visible_papers(user), data["paper"])
        except Http404:
            raise ValidationError({"paper": ["No such paper."]}) from None
        reply_to = None
        if data.get("reply_to"):
            reply_to = Annotation.objects.visible_to(user).filter(pk=data["reply_to"]).first()
            if reply_to is None:
                raise ValidationError({"reply_to": ["No such annotation."]})
        selector = None
        if data.get("selector"):
            selector = Selector(
                exact=data["selector"]["exact"],
                prefix=data["selector"].get("prefix", ""),
                suffix=data["selector"].get("suffix", ""),
                start=data["selector"].get("start"),
                end=data["selector"].get("end"),
            )
        try:
            annotation = annotation_create(
                owner=user, paper=paper, body=data["body"], tags=data.get("tags", []),
                visibility=data["visibility"], field=data.get("field") or "",
                selector=selector, reply_to=reply_to,
            )  # fmt: skip
        except AnnotationInvalid as error:
            raise _invalid(error) from None
        annotation = self.get_queryset().get(pk=annotation.pk)
        return Response(AnnotationSerializer(annotation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit my annotation",
        parameters=[ANNOTATION_ID],
        description="Change `body`, `tags` or `visibility` of one of my annotations (a reply "
        "stays public; one with replies too). Someone else's visible annotation is a 403.",
        tags=["annotations"],
        request=AnnotationUpdateSerializer,
        responses={200: AnnotationSerializer},
        examples=[
            OpenApiExample("New text", value={"body": "Checked: it holds."}, request_only=True),
            OpenApiExample("Edited", value=ANNOTATION_EXAMPLE, response_only=True),
        ],
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _caller(request)
        annotation = self.get_object()
        incoming = AnnotationUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        try:
            annotation_edit(annotation=annotation, user=user, **incoming.validated_data)
        except AnnotationInvalid as error:
            raise _invalid(error) from None
        except AnnotationForbidden as error:
            raise PermissionDenied(str(error)) from None
        return Response(AnnotationSerializer(self.get_object()).data)

    @extend_schema(
        summary="Delete my annotation",
        parameters=[ANNOTATION_ID],
        description="Deletes one of my annotations and the replies to it.",
        tags=["annotations"],
        responses={204: OpenApiResponse(description="Deleted.")},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _caller(request)
        try:
            annotation_delete(annotation=self.get_object(), user=user)
        except AnnotationForbidden as error:
            raise PermissionDenied(str(error)) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class JsonLdRenderer(JSONRenderer):
    media_type = MEDIA_TYPE
    format = "jsonld"


EXPORT_EXAMPLE = {
    "@context": CONTEXT,
    "id": "https://papers.example.org/api/v1/annotations/export",
    "type": "AnnotationCollection",
    "label": "alice's annotations",
    "total": 1,
    "first": {
        "id": "https://papers.example.org/api/v1/annotations/export#page1",
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [
            {
                "id": "https://papers.example.org/api/v1/annotations/12/",
                "type": "Annotation",
                "motivation": "commenting",
                "created": "2025-11-26T10:00:00+00:00",
                "modified": "2025-11-26T10:00:00+00:00",
                "creator": {"type": "Person", "nickname": "alice"},
                "body": [{"type": "TextualBody", "value": "Needs **sorted** input.",
                          "format": "text/markdown", "purpose": "commenting"}],
                "target": {
                    "source": "https://arxiv.org/abs/2401.01234v2",
                    "selector": {
                        "type": "CssSelector", "value": '[data-annotatable="abstract"]',
                        "refinedBy": [
                            {"type": "TextQuoteSelector", "exact": "retrieval",
                             "prefix": "We study how ", "suffix": " changes"},
                            {"type": "TextPositionSelector", "start": 13, "end": 22},
                        ],
                    },
                },
            }
        ],
    },
}  # fmt: skip


class AnnotationExportView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JsonLdRenderer]

    @extend_schema(
        summary="Export my annotations (W3C JSON-LD)",
        description="All my annotations, private ones included, as a W3C Web Annotation "
        "AnnotationCollection (`application/ld+json`) with every item in its first page.",
        tags=["annotations"],
        responses={
            200: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="The collection.",
                examples=[OpenApiExample("A collection", value=EXPORT_EXAMPLE)],
            )
        },
    )
    def get(self, request: Request) -> Response:
        user = _caller(request)
        mine = (
            Annotation.objects.visible_to(user)
            .mine(user)
            .select_related("paper", "owner")
            .order_by("created", "id")
        )
        collection = collection_jsonld(
            mine.iterator(chunk_size=500),
            request.build_absolute_uri,
            collection_id=request.build_absolute_uri(request.path),
            label=f"{user.get_username()}'s annotations",
        )
        return Response(collection, content_type=MEDIA_TYPE)
