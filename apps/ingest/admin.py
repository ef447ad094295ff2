from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import IngestRun, RawPayload, Source
from .scheduling import source_run_enqueue
from .tasks import run_dispatch


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "enabled", "schedule", "next_run_at", "last_success_at",
                    "last_error_at"]  # fmt: skip
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "url", "query"]
    readonly_fields = ["next_run_at", "last_success_at", "last_error", "last_error_at",
                       "created_at"]  # fmt: skip
    actions = ["run_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description="Run now")
    def run_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        for source in queryset:
            run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)
            if run is None:
                self.message_user(
                    request, f"{source}: a run is already queued or running.", messages.WARNING
                )
            else:
                run_dispatch(run)
                self.message_user(request, f"{source}: run {run.pk} queued.")


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "source", "kind", "trigger", "status", "queued_at", "finished_at",
                    "pages_fetched", "created", "updated", "unchanged", "rejected",
                    "adjusted"]  # fmt: skip
    list_filter = ["status", "kind", "trigger", "source"]
    list_select_related = ["source"]
    date_hierarchy = "queued_at"
    search_fields = ["error", "target"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RawPayload)
class RawPayloadAdmin(admin.ModelAdmin):
    list_display = ["paper", "kind", "fetched_at"]
    list_filter = ["kind"]
    raw_id_fields = ["paper"]
    list_select_related = ["paper"]
