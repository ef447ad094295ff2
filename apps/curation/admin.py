from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from apps.papers.admin import ShownOnPagesAdmin

from .models import DailyPick


@admin.register(DailyPick)
class DailyPickAdmin(ShownOnPagesAdmin):
    list_display = ["featured_on", "position", "paper", "picked_by", "created_at"]
    list_filter = ["featured_on"]
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
