from django.contrib import admin

from .models import DailyPick


@admin.register(DailyPick)
class DailyPickAdmin(admin.ModelAdmin):
    list_display = ["featured_on", "position", "paper", "picked_by", "created_at"]
    list_filter = ["featured_on"]
    search_fields = ["paper__title", "paper__arxiv_id", "note"]
    autocomplete_fields = ["paper"]
    list_select_related = ["paper", "picked_by"]
    date_hierarchy = "featured_on"
