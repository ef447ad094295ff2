from django.urls import URLPattern, URLResolver, path

from .views import curate, follow

app_name = "tagging"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tags/<slug:slug>/follow", follow.tag_follow, name="follow"),
    path("curate/tags/", curate.tag_index, name="index"),
    path("curate/tags/<slug:slug>/rules", curate.tag_rules, name="rules"),
    path("curate/tags/<slug:slug>/rules/preview", curate.rule_preview, name="preview"),
    path("curate/tags/rules/<int:pk>/edit", curate.rule_edit, name="rule-edit"),
    path("curate/tags/rules/<int:pk>/toggle", curate.rule_toggle, name="rule-toggle"),
    path("curate/tags/versions/<int:pk>/activate", curate.version_activate, name="activate"),
]
