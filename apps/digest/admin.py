from django.contrib import admin
from django.http import HttpRequest

from .models import DigestSend, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "email", "frequency", "content", "confirmed_at"]
    list_filter = ["frequency", "content", "timezone"]
    search_fields = ["email", "user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    filter_horizontal = ["include_tags", "exclude_tags", "categories"]


@admin.register(DigestSend)
class DigestSendAdmin(admin.ModelAdmin):
    """The record of what went out: read-only (the claim and the unique key depend on it)."""

    list_display = ["digest_date", "email", "status", "paper_count", "attempts", "created_at"]
    list_filter = ["status", "digest_date"]
    search_fields = ["email", "error"]
    date_hierarchy = "digest_date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
