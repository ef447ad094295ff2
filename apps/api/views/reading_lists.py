"""/api/v1/lists/: a reader's reading lists, their items and exports.

A list the caller may not open (someone else's private or link-shared list) is a
404 whoever asks, staff included; someone else's public list can be read, and a
write to it is a 403. Writes count against the site's list limit too."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from apps.accounts.ratelimit import rate_limit_consume
from apps.lists.exports import FORMATS, export_filename, export_items
from apps.lists.models import ReadingList, ReadingListItem
from apps.lists.services import (
    ListError,
    list_item_add,
    list_item_remove,
    list_item_update,
    list_items_reorder,
    reading_list_create,
    reading_list_delete,
    reading_list_update,
)
from apps.papers.models import Paper

from ..examples import PUBLIC_ID_EXAMPLE
from ..queries import get_paper
from ..reading_list_serializers import (
    ItemAddSerializer,
    ItemUpdateSerializer,
    ReadingListItemSerializer,
    ReadingListSerializer,
    ReadingListWriteSerializer,
    ReorderSerializer,
)
from ..throttles import AnonThrottle, UserThrottle, WriteThrottle
from .papers import PUBLIC_ID

TAG = "reading lists"
LIST_ID = OpenApiParameter(
    "list_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The list's id."
)
LIST_EXAMPLE = {
    "id": 7, "name": "Retrieval", "description": "RAG papers to read", "kind": "named",
    "visibility": "public", "owner": "Alice", "item_count": 2,
    "share_url": "https://papers.example.org/lists/shared/0bZ7kU4oS2dA9mX1qWcE3vRtYhNj6LpF",
    "created": "2025-11-26T09:30:00Z", "updated": "2025-11-27T18:02:11Z",
}  # fmt: skip
ITEM_EXAMPLE = {
    "id": 31, "paper": PUBLIC_ID_EXAMPLE, "title": "Retrieval-augmented generation at scale",
    "position": 1, "status": "reading", "note": "Section 4 first",
    "added_at": "2025-11-26T09:31:00Z",
}  # fmt: skip


class ListWriteThrottle(BaseThrottle):
    """The site's list-write limit (RATE_LIMITS["list_write"]), shared with the pages."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.retry_after = None
        if request.method not in SAFE_METHODS:
            self.retry_after = rate_limit_consume(request._request, "list_write")
        return self.retry_after is None

    def wait(self) -> float | None:
        return self.retry_after


class _ListsView(APIView):
    throttle_classes = [AnonThrottle, UserThrottle, WriteThrottle, ListWriteThrottle]

    def signed_in_user(self) -> Any:
        if not self.request.user.is_authenticated:
            raise NotAuthenticated()
        return self.request.user

    def visible_list(self, list_id: int) -> ReadingList:
        lists = ReadingList.objects.visible_to(self.request.user).select_related("owner")
        return get_object_or_404(lists.with_item_count(), pk=list_id)

    def owned_list(self, list_id: int) -> ReadingList:
        """For writes: 404 when the caller may not see the list, 403 when it is not theirs."""
        reading_list = self.visible_list(list_id)
        if not reading_list.is_owned_by(self.request.user):
            self.signed_in_user()
            raise PermissionDenied("Only the list's owner can change it.")
        return reading_list

    def list_data(self, list_id: int) -> dict:
        reading_list = self.visible_list(list_id)
        return dict(ReadingListSerializer(reading_list, context={"request": self.request}).data)


def _validated(serializer_class: type, data: Any, **kwargs: Any) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@contextmanager
def _field_errors() -> Iterator[None]:
    """A service's ListError as the API's 400 naming the field."""
    try:
        yield
    except ListError as error:
        raise ValidationError({error.field: [error.problem]}) from None


class ReadingListsView(_ListsView):
    @extend_schema(
        summary="My reading lists",
        description="The caller's lists, Read later first. Not paginated (a reader keeps "
        "at most 200).",
        tags=[TAG],
        responses={200: ReadingListSerializer(many=True)},
        examples=[OpenApiExample("My lists", value=[LIST_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request) -> Response:
        lists = ReadingList.objects.owned_by(self.signed_in_user()).with_item_count()
        lists = lists.select_related("owner")
        ordered = sorted(lists.order_by("name", "pk"), key=lambda rl: not rl.is_read_later)
        context = {"request": request}
        return Response(ReadingListSerializer(ordered, many=True, context=context).data)

    @extend_schema(
        summary="Create a reading list",
        description="A named list, private unless `visibility` says `link` or `public`.",
        tags=[TAG],
        request=ReadingListWriteSerializer,
        responses={201: ReadingListSerializer},
        examples=[
            OpenApiExample(
                "New list", value={"name": "Retrieval", "visibility": "public"}, request_only=True
            ),
            OpenApiExample("Created", value=LIST_EXAMPLE, response_only=True, status_codes=[201]),
        ],
    )
    def post(self, request: Request) -> Response:
        owner = self.signed_in_user()
        data = _validated(ReadingListWriteSerializer, request.data)
        with _field_errors():
            reading_list = reading_list_create(owner=owner, **data)
        return Response(self.list_data(reading_list.pk), status=status.HTTP_201_CREATED)


class ReadingListView(_ListsView):
    @extend_schema(
        summary="One reading list",
        description="Your own lists and anyone's public list; any other id is a 404.",
        tags=[TAG],
        parameters=[LIST_ID],
        responses={200: ReadingListSerializer},
        examples=[OpenApiExample("A list", value=LIST_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, list_id: int) -> Response:
        return Response(self.list_data(list_id))

    @extend_schema(
        summary="Rename, describe or share a list",
        description="Any of `name`, `description`, `visibility`; the owner only.",
        tags=[TAG],
        parameters=[LIST_ID],
        request=ReadingListWriteSerializer(partial=True),
        responses={200: ReadingListSerializer},
        examples=[
            OpenApiExample("Make it public", value={"visibility": "public"}, request_only=True),
            OpenApiExample("Updated", value=LIST_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, list_id: int) -> Response:
        reading_list = self.owned_list(list_id)
        data = _validated(ReadingListWriteSerializer, request.data, partial=True)
        with _field_errors():
            reading_list_update(reading_list=reading_list, **data)
        return Response(self.list_data(list_id))

    @extend_schema(
        summary="Delete a list",
        description="The owner only. Read later cannot be deleted (a 400).",
        tags=[TAG],
        parameters=[LIST_ID],
        request=None,
        responses={204: OpenApiResponse(description="Deleted.")},
    )
    def delete(self, request: Request, list_id: int) -> Response:
        with _field_errors():
            reading_list_delete(reading_list=self.owned_list(list_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _items(reading_list: ReadingList) -> QuerySet[ReadingListItem]:
    return reading_list.items.select_related("paper").order_by("position", "pk")


class ItemsView(_ListsView):
    @extend_schema(
        summary="A list's items",
        description="In the list's order, each with its status, note and when it was added.",
        tags=[TAG],
        parameters=[LIST_ID],
        responses={200: ReadingListItemSerializer(many=True)},
        examples=[OpenApiExample("Items", value=[ITEM_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, list_id: int) -> Response:
        items = _items(self.visible_list(list_id))
        return Response(ReadingListItemSerializer(items, many=True).data)

    @extend_schema(
        summary="Add a paper to a list",
        description="At the end of the list. 201 when added; 200 with the item when the "
        "paper was in the list already (nothing changes).",
        tags=[TAG],
        parameters=[LIST_ID],
        request=ItemAddSerializer,
        responses={201: ReadingListItemSerializer, 200: ReadingListItemSerializer},
        examples=[
            OpenApiExample("Add", value={"paper": PUBLIC_ID_EXAMPLE}, request_only=True),
            OpenApiExample("Added", value=ITEM_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, list_id: int) -> Response:
        reading_list = self.owned_list(list_id)
        data = _validated(ItemAddSerializer, request.data)
        paper = _paper_or_400(data.pop("paper"))
        with _field_errors():
            item, created = list_item_add(reading_list=reading_list, paper=paper, **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ReadingListItemSerializer(item).data, status=code)


def _paper_or_400(public_id: str) -> Paper:
    paper = Paper.objects.published().with_public_id(public_id).first()
    if paper is None:
        raise ValidationError({"paper": [f"no published paper {public_id[:64]!r}"]})
    return paper


class ItemView(_ListsView):
    def item(self, list_id: int, public_id: str) -> tuple[ReadingList, ReadingListItem]:
        reading_list = self.owned_list(list_id)
        paper = get_paper(Paper.objects.all(), public_id)
        return reading_list, get_object_or_404(
            reading_list.items.select_related("paper"), paper=paper
        )

    @extend_schema(
        summary="Set an item's status or note",
        description="`status` (to_read, reading, read) and/or `note`; the owner only.",
        tags=[TAG],
        parameters=[LIST_ID, PUBLIC_ID],
        request=ItemUpdateSerializer,
        responses={200: ReadingListItemSerializer},
        examples=[
            OpenApiExample("Mark read", value={"status": "read"}, request_only=True),
            OpenApiExample("Updated", value=ITEM_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, list_id: int, public_id: str) -> Response:
        _reading_list, item = self.item(list_id, public_id)
        data = _validated(ItemUpdateSerializer, request.data)
        with _field_errors():
            list_item_update(item=item, **data)
        return Response(ReadingListItemSerializer(item).data)

    @extend_schema(
        summary="Take a paper out of a list",
        description="The owner only; the other items keep their order.",
        tags=[TAG],
        parameters=[LIST_ID, PUBLIC_ID],
        request=None,
        responses={204: OpenApiResponse(description="Removed.")},
    )
    def delete(self, request: Request, list_id: int, public_id: str) -> Response:
        reading_list, item = self.item(list_id, public_id)
        list_item_remove(reading_list=reading_list, paper=item.paper)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReorderView(_ListsView):
    @extend_schema(
        summary="Reorder a list",
        description="`order` names every paper of the list (public ids) once, first to "
        "last. Answers the items in their new order.",
        tags=[TAG],
        parameters=[LIST_ID],
        request=ReorderSerializer,
        responses={200: ReadingListItemSerializer(many=True)},
        examples=[
            OpenApiExample("New order", value={"order": [PUBLIC_ID_EXAMPLE]}, request_only=True),
            OpenApiExample("Items", value=[ITEM_EXAMPLE], response_only=True),
        ],
    )
    def post(self, request: Request, list_id: int) -> Response:
        reading_list = self.owned_list(list_id)
        order = _validated(ReorderSerializer, request.data)["order"]
        by_public_id = {item.paper.public_id: item.pk for item in _items(reading_list)}
        unknown = [value for value in order if value not in by_public_id]
        if unknown:
            raise ValidationError({"order": [f"not in this list: {', '.join(unknown[:5])}"]})
        with _field_errors():
            list_items_reorder(
                reading_list=reading_list, item_ids=[by_public_id[value] for value in order]
            )
        return Response(ReadingListItemSerializer(_items(reading_list), many=True).data)


class _FormatIsOurs(DefaultContentNegotiation):
    """`?format=` names the export format here, not one of DRF's renderers: errors are
    JSON (the only renderer), the export itself a plain HttpResponse."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ExportView(_ListsView):
    content_negotiation_class = _FormatIsOurs

    @extend_schema(
        summary="Export a list",
        description="As BibTeX (`bibtex`, the default), RIS (`ris`) or CSL-JSON "
        "(`csl-json`, the citeproc-js input), every item in the list's order.",
        tags=[TAG],
        parameters=[
            LIST_ID,
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=list(FORMATS), description="The format."
            ),
        ],
        responses={
            (200, export_format.content_type): OpenApiResponse(
                OpenApiTypes.STR, description=f"The list as {export_format.label}."
            )
            for export_format in FORMATS.values()
        },
        examples=[
            OpenApiExample(
                "BibTeX",
                value="@misc{lovelace2025retrieval,\n\ttitle = {Retrieval at scale}\n}\n",
                response_only=True,
                media_type="application/x-bibtex",
            )
        ],
    )
    def get(self, request: Request, list_id: int) -> HttpResponse:
        reading_list = self.visible_list(list_id)
        key = request.query_params.get("format", "bibtex")
        export_format = FORMATS.get(key)
        if export_format is None:
            raise ValidationError({"format": [f"must be one of {', '.join(FORMATS)}"]})
        body = export_format.render(list(export_items(reading_list)))
        response = HttpResponse(body, content_type=f"{export_format.content_type}; charset=utf-8")
        filename = export_filename(reading_list, export_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
