from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from apps.papers.admin import ReadOnlyAdmin, ShownOnPagesAdmin

from .models import AuditEntry, DailyPick, Submission


@admin.register(DailyPick)
class DailyPickAdmin(ShownOnPagesAdmin):
    list_display = ["featured_on", "position", "paper", "picked_by", "published", "created_at"]
    list_filter = ["featured_on", "published"]
    search_fields = ["paper__title", "paper__arxiv_id", "note"]
    autocomplete_fields = ["paper"]
    list_select_related = ["paper", "picked_by"]
    date_hierarchy = "featured_on"
    readonly_fields = ["created_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # /api/daily_papers?submitter= finds picks by who picked them: never leave it empty.
        return {
            "picked_by": request.user.pk,
            "featured_on": timezone.localdate(),
            **super().get_changeform_initial_data(request),
        }


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the log is written by the curation services alone, never edited."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_id", "object_label"]
    date_hierarchy = "created_at"


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "arxiv_id", "submitted_by", "state"]
    list_filter = ["state"]
    search_fields = ["arxiv_id", "submitted_by__username"]
    list_select_related = ["submitted_by"]
    raw_id_fields = ["submitted_by"]
    readonly_fields = ["created_at", "finished_at"]
