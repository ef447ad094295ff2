"""The filters of /api/v1/papers/: each query parameter is validated, and a bad value
(a malformed date, an unknown tag) is a 400 naming the parameter, not an empty list."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError

from apps.curation.models import DailyPick
from apps.papers.models import Authorship, Category, Paper, PaperTag, Tag
from apps.papers.periods import ServedDateField
from apps.papers.querysets import PaperQuerySet
from apps.papers.search import search_papers

from .pagination import PAPER_ORDERINGS, PUBLISHED, RELEVANCE, Ordering
from .queries import is_staff


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class ServedDateFilter(filters.DateFilter):
    field_class = ServedDateField


class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """Several values by slug (or code); repeat the parameter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Documented as strings (the OpenAPI array comes from the multiple choice).
        schema = {"type": "string", "description": kwargs.get("help_text", "")}
        extend_schema_field(schema)(self)


_FORM_CLASSES: dict[type, type[forms.Form]] = {}


class PaperFilterSet(filters.FilterSet):
    published_from = ServedDateFilter(
        field_name="listed_on",
        lookup_expr="gte",
        help_text="Listed on or after this day (YYYY-MM-DD; arXiv publication day, UTC).",
    )
    published_to = ServedDateFilter(
        field_name="listed_on",
        lookup_expr="lte",
        help_text="Listed on or before this day (YYYY-MM-DD).",
    )
    featured = ServedDateFilter(
        method="filter_featured", help_text="Featured by staff on this day (YYYY-MM-DD)."
    )
    tag = SlugsFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_tags",
        error_messages={"invalid_choice": "Unknown tag: %(value)s."},
        help_text="Tag slug; repeat for several (see tag_match). Unknown slugs are a 400.",
    )
    tag_match = filters.ChoiceFilter(
        choices=[("any", "any"), ("all", "all")],
        method="filter_nothing",
        help_text="With several `tag`s: papers with any of them (default) or with all.",
    )
    exclude_tag = SlugsFilter(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method="filter_exclude_tags",
        error_messages={"invalid_choice": "Unknown tag: %(value)s."},
        help_text="Leave out papers with this tag; repeat for several.",
    )
    category = SlugsFilter(
        queryset=Category.objects.all(),
        to_field_name="code",
        method="filter_categories",
        error_messages={"invalid_choice": "Unknown category: %(value)s."},
        help_text="arXiv category code, primary or cross-listed; repeat for any of several.",
    )
    author = filters.CharFilter(
        method="filter_author",
        max_length=200,
        help_text="Part of an author's name, case-insensitive.",
    )
    min_votes = IntegerFilter(
        field_name="vote_count",
        lookup_expr="gte",
        min_value=0,
        max_value=2**31 - 1,
        help_text="At least this many votes.",
    )
    q = filters.CharFilter(
        method="filter_search",
        max_length=300,
        help_text="Full-text search over title, authors and abstract (web-search syntax: "
        '"exact phrase", -exclude, or). Orders by relevance unless `ordering` says otherwise.',
    )
    ordering = filters.ChoiceFilter(
        choices=[(name, name) for name in PAPER_ORDERINGS],
        method="filter_nothing",
        help_text="published (newest first; the default), votes (most first), trending "
        "(recent votes, weighted by age) or relevance (needs `q`; the default with `q`).",
    )
    status = filters.ChoiceFilter(
        choices=[*Paper.Status.choices, ("any", "Any")],
        method="filter_nothing",
        help_text="Staff only: papers with this review status (default published).",
    )

    class Meta:
        model = Paper
        fields: list[str] = []

    def get_form_class(self) -> type[forms.Form]:
        """One form class for every request. django-filter builds a new one (a class and
        every filter's form field) per filter set, about a millisecond a request; nothing
        in ours depends on the request, and each form deep-copies the fields it uses."""
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = _FORM_CLASSES[type(self)] = super().get_form_class()
        return form_class

    def filter_queryset(self, queryset: PaperQuerySet) -> PaperQuerySet:
        data = self.form.cleaned_data
        queryset = self._filter_status(queryset, data.get("status"))
        return super().filter_queryset(queryset)  # the paginator applies the ordering

    def selected_ordering(self) -> Ordering:
        data = self.form.cleaned_data
        name = data.get("ordering") or ("relevance" if data.get("q") else "published")
        if name == RELEVANCE.name and not data.get("q"):
            raise ValidationError({"ordering": ["Ordering by relevance needs a search `q`."]})
        return PAPER_ORDERINGS.get(name, PUBLISHED)

    def _filter_status(self, queryset: PaperQuerySet, status: str | None) -> PaperQuerySet:
        if not status:
            return queryset.published()
        user = getattr(self.request, "user", None)
        if not is_staff(user):
            message = "Only staff can filter by status."
            if user is None or not user.is_authenticated:
                raise NotAuthenticated(message)
            raise PermissionDenied(message)
        return queryset if status == "any" else queryset.filter(status=status)

    def filter_nothing(self, queryset: PaperQuerySet, name: str, value: object) -> PaperQuerySet:
        return queryset  # read by filter_queryset / the other filters

    def filter_featured(self, queryset: PaperQuerySet, name: str, value: date) -> PaperQuerySet:
        picked = DailyPick.objects.filter(paper=OuterRef("pk"), featured_on=value, published=True)
        return queryset.filter(Exists(picked))

    def filter_tags(self, queryset: PaperQuerySet, name: str, tags: QuerySet[Tag]) -> PaperQuerySet:
        if not tags:  # an unset multiple-choice filter cleans to an empty queryset
            return queryset
        if self.form.cleaned_data.get("tag_match") == "all":
            for tag in tags:
                queryset = queryset.filter(Exists(_tagged(tag_id=tag.pk)))
            return queryset
        return queryset.filter(Exists(_tagged(tag_id__in=[tag.pk for tag in tags])))

    def filter_exclude_tags(
        self, queryset: PaperQuerySet, name: str, tags: QuerySet[Tag]
    ) -> PaperQuerySet:
        if not tags:
            return queryset
        return queryset.exclude(Exists(_tagged(tag_id__in=[tag.pk for tag in tags])))

    def filter_categories(
        self, queryset: PaperQuerySet, name: str, categories: QuerySet[Category]
    ) -> PaperQuerySet:
        if not categories:
            return queryset
        return queryset.in_categories(categories)

    def filter_author(self, queryset: PaperQuerySet, name: str, value: str) -> PaperQuerySet:
        by = Authorship.objects.filter(paper=OuterRef("pk"), author__name__icontains=value)
        return queryset.filter(Exists(by))

    def filter_search(self, queryset: PaperQuerySet, name: str, value: str) -> QuerySet[Paper]:
        # In relevance order only the best matches are ranked; in another, every match counts.
        return search_papers(queryset, value, best_only=self.selected_ordering() is RELEVANCE)


def _tagged(**lookup: object) -> QuerySet[PaperTag]:
    return PaperTag.objects.filter(paper=OuterRef("pk"), **lookup)
