"""Endpoints compatible with the Hugging Face papers API, so its clients read our site."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.papers.models import Paper
from apps.papers.search import search_papers

from .. import hf_daily
from ..examples import HF_DAILY_ITEM_EXAMPLE, HF_PAPER_EXAMPLE
from ..hf import HfDailyItemSerializer, HfPaperSerializer
from ..pagination import PUBLISHED, RELEVANCE
from ..queries import get_paper, papers_for_api, visible_papers
from ..response_cache import cached_for_anonymous_callers
from .common import conditional_get
from .papers import PUBLIC_ID

MAX_LIMIT = 100


def _period_field(help_text: str) -> serializers.CharField:
    return serializers.CharField(
        required=False, default=None, allow_null=True, allow_blank=True, help_text=help_text
    )


class HfDailyQuerySerializer(serializers.Serializer):
    date = _period_field("A day, YYYY-MM-DD (UTC).")
    week = _period_field("An ISO week, YYYY-Www.")
    month = _period_field("A month, YYYY-MM.")
    submitter = serializers.CharField(
        required=False, max_length=150, help_text="Only papers picked by this username."
    )
    sort = serializers.ChoiceField(
        choices=["publishedAt", "trending"],
        default="publishedAt",
        help_text="publishedAt: the site's order for the list; trending: by trending score.",
    )
    p = serializers.IntegerField(
        default=0, min_value=0, max_value=10_000, help_text="Page number, from 0."
    )
    limit = serializers.IntegerField(
        default=50, min_value=1, max_value=MAX_LIMIT, help_text="Papers per page."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in ("date", "week", "month") if attrs.get(name)]
        if len(given) > 1:
            raise ValidationError({name: ["Give only one of date, week, month."] for name in given})
        return attrs


class HfSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="Full-text search."
    )
    limit = serializers.IntegerField(
        default=50, min_value=1, max_value=MAX_LIMIT, help_text="At most this many papers."
    )


class _HfView(APIView):
    ignore_foreign_tokens = True  # see ApiTokenAuthentication

    def query(self, serializer_class: type[serializers.Serializer]) -> dict:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@conditional_get
class HfDailyPapersView(_HfView):
    @extend_schema(
        operation_id="hf_daily_papers",
        summary="Daily papers (Hugging Face compatible)",
        description=hf_daily.__doc__,
        tags=["hugging face compatible"],
        parameters=[HfDailyQuerySerializer],
        responses={200: HfDailyItemSerializer(many=True)},
        examples=[OpenApiExample("Items", value=[HF_DAILY_ITEM_EXAMPLE], response_only=True)],
    )
    # Without a period it lists the latest day with papers: answered afresh.
    @cached_for_anonymous_callers(
        [("day", "date"), ("week", "week"), ("month", "month")], current=False
    )
    def get(self, request: Request) -> Response:
        params = self.query(HfDailyQuerySerializer)
        page, day = hf_daily.hf_daily_papers(
            user=request.user,
            day=params["date"],
            week=params["week"],
            month=params["month"],
            submitter=params.get("submitter"),
            sort=params["sort"],
            page=params["p"],
            limit=params["limit"],
        )
        return Response(HfDailyItemSerializer(page, many=True, context={"day": day}).data)


@conditional_get
class HfPaperView(_HfView):
    @extend_schema(
        operation_id="hf_paper",
        summary="One paper (Hugging Face compatible)",
        description="The paper in that API's shape; 404 when unknown.",
        tags=["hugging face compatible"],
        parameters=[PUBLIC_ID],
        responses={200: HfPaperSerializer},
        examples=[OpenApiExample("Paper", value=HF_PAPER_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, public_id: str) -> Response:
        user = request.user
        paper = get_paper(papers_for_api(user, queryset=visible_papers(user)), public_id)
        return Response(HfPaperSerializer(paper).data)


class HfSearchView(_HfView):
    @extend_schema(
        operation_id="hf_papers_search",
        summary="Search papers (Hugging Face compatible)",
        description="The same full-text search as the site, best first; without `q`, "
        "the newest papers. Items have the daily papers shape.",
        tags=["hugging face compatible"],
        parameters=[HfSearchQuerySerializer],
        responses={200: HfDailyItemSerializer(many=True)},
        examples=[OpenApiExample("Items", value=[HF_DAILY_ITEM_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request) -> Response:
        params = self.query(HfSearchQuerySerializer)
        # A plain QuerySet: search_papers() may replace it below, and returns one.
        papers: QuerySet[Paper] = papers_for_api(request.user, queryset=Paper.objects.published())
        if params.get("q", "").strip():
            papers, ordering = search_papers(papers, params["q"]), RELEVANCE
        else:
            ordering = PUBLISHED
        page = ordering.apply(papers)[: params["limit"]]
        return Response(HfDailyItemSerializer(page, many=True).data)
