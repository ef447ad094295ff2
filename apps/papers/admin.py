from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .identifiers import short_id_for, title_key
from .models import (
    Author,
    Authorship,
    Category,
    Paper,
    PaperTag,
    SearchCorpus,
    SearchTerm,
    Tag,
    TagFollow,
    TrendingScore,
    Vote,
)
from .page_cache import SITE, scopes_bump


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["author"]
    ordering = ["position"]


class PaperTagInline(admin.TabularInline):
    model = PaperTag
    extra = 0
    autocomplete_fields = ["tag"]
    readonly_fields = ["confirmed_by", "confirmed_at", "created_at"]


class ShownOnPagesAdmin(admin.ModelAdmin):
    """What staff change here is on the site's pages: cached pages are stale after it."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        scopes_bump([SITE])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        scopes_bump([SITE])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        scopes_bump([SITE])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        super().delete_queryset(request, queryset)
        scopes_bump([SITE])


@admin.register(Paper)
class PaperAdmin(ShownOnPagesAdmin):
    list_display = ["title", "public_id", "version", "primary_category", "status",
                    "published_at", "source", "ingested_at"]  # fmt: skip
    list_filter = [
        "status",
        "source",
        "primary_category",
        ("withdrawn_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "arxiv_id", "short_id", "doi", "authors__name"]
    date_hierarchy = "published_at"
    readonly_fields = ["short_id", "title_key", "ingested_at", "modified_at"]
    autocomplete_fields = ["primary_category", "categories"]
    list_select_related = ["primary_category"]
    inlines = [AuthorshipInline, PaperTagInline]
    actions = ["publish", "reject"]

    @admin.display(description="Public id")
    def public_id(self, paper: Paper) -> str:
        return paper.public_id

    def save_model(self, request: HttpRequest, obj: Paper, form: Any, change: bool) -> None:
        obj.title_key = title_key(obj.title)
        if not obj.short_id:
            obj.short_id = short_id_for(obj.arxiv_id or obj.title_key)
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected papers")
    def publish(self, request: HttpRequest, queryset: QuerySet[Paper]) -> None:
        queryset.update(status=Paper.Status.PUBLISHED)
        scopes_bump([SITE])

    @admin.action(description="Reject selected papers")
    def reject(self, request: HttpRequest, queryset: QuerySet[Paper]) -> None:
        queryset.update(status=Paper.Status.REJECTED)
        scopes_bump([SITE])


@admin.register(Author)
class AuthorAdmin(ShownOnPagesAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Category)
class CategoryAdmin(ShownOnPagesAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Tag)
class TagAdmin(ShownOnPagesAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PaperTag)
class PaperTagAdmin(ShownOnPagesAdmin):
    list_display = ["paper", "tag", "origin", "confidence", "confirmed_by", "confirmed_at"]
    list_filter = ["origin", "tag"]
    search_fields = ["paper__title", "paper__arxiv_id", "tag__name"]
    autocomplete_fields = ["paper", "tag"]
    list_select_related = ["paper", "tag", "confirmed_by"]


@admin.register(Authorship)
class AuthorshipAdmin(ShownOnPagesAdmin):
    list_display = ["paper", "author", "position"]
    search_fields = ["paper__title", "paper__arxiv_id", "author__name"]
    autocomplete_fields = ["paper", "author"]
    list_select_related = ["paper", "author"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrendingScore)
class TrendingScoreAdmin(ReadOnlyAdmin):
    """Read-only: kept by the vote services and the refresh_trending task."""

    list_display = ["span", "paper", "recent_votes", "score", "computed_at"]
    list_filter = ["span"]
    search_fields = ["paper__title", "paper__arxiv_id"]
    list_select_related = ["paper"]


@admin.register(TagFollow)
class TagFollowAdmin(ReadOnlyAdmin):
    """Read-only: readers follow and unfollow tags themselves."""

    list_display = ["tag", "user", "created_at"]
    search_fields = ["tag__slug", "user__username"]
    list_select_related = ["tag", "user"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    """Read-only: votes change only through the vote services, which keep counts exact."""

    list_display = ["paper", "user", "created_at"]
    search_fields = ["paper__title", "paper__arxiv_id", "user__username"]
    list_select_related = ["paper", "user"]
    date_hierarchy = "created_at"


@admin.register(SearchTerm)
class SearchTermAdmin(ReadOnlyAdmin):
    """Kept by search.stats (search_terms_refresh / search_terms_rebuild)."""

    list_display = ["lexeme", "papers"]
    search_fields = ["=lexeme"]
    show_full_result_count = False


@admin.register(SearchCorpus)
class SearchCorpusAdmin(ReadOnlyAdmin):
    list_display = ["papers", "lexemes", "counted_through", "refreshed_at"]
