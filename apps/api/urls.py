from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import apps.papers.urls  # noqa: F401  (registers the paper_id path converter)

from .errors import api_not_found
from .views.annotations import AnnotationExportView, AnnotationViewSet
from .views.curation import DecisionView, PickDetailView, PickListView, QueueView
from .views.hf import HfDailyPapersView, HfPaperView, HfSearchView
from .views.lists import DailyListView, MonthlyListView, WeeklyListView
from .views.meta import CategoryListView, MeView, TagListView
from .views.papers import PaperViewSet, paper_similar, paper_vote
from .views.reading_lists import (
    ExportView,
    ItemsView,
    ItemView,
    ReadingListsView,
    ReadingListView,
    ReorderView,
)
from .views.subscription import my_subscription

app_name = "api"

v1 = [
    path("papers/", PaperViewSet.as_view({"get": "list"}), name="paper-list"),
    path(
        "papers/<paper_id:public_id>/",
        PaperViewSet.as_view({"get": "retrieve"}),
        name="paper-detail",
    ),
    path("papers/<paper_id:public_id>/vote", paper_vote, name="paper-vote"),
    path("papers/<paper_id:public_id>/similar/", paper_similar, name="paper-similar"),
    path("daily/", DailyListView.as_view(), name="daily"),
    path("weekly/", WeeklyListView.as_view(), name="weekly"),
    path("monthly/", MonthlyListView.as_view(), name="monthly"),
    path("tags/", TagListView.as_view(), name="tags"),
    path("categories/", CategoryListView.as_view(), name="categories"),
    path("me/", MeView.as_view(), name="me"),
    path(
        "annotations/",
        AnnotationViewSet.as_view({"get": "list", "post": "create"}),
        name="annotation-list",
    ),
    path(
        "annotations/<int:annotation_id>/",
        AnnotationViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="annotation-detail",
    ),
    path("annotations/export", AnnotationExportView.as_view(), name="annotation-export"),
    # Reading lists (issue 10).
    path("lists/", ReadingListsView.as_view(), name="reading-lists"),
    path("lists/<int:list_id>/", ReadingListView.as_view(), name="reading-list"),
    path("lists/<int:list_id>/items/", ItemsView.as_view(), name="reading-list-items"),
    path("lists/<int:list_id>/items/reorder", ReorderView.as_view(), name="reading-list-reorder"),
    path(
        "lists/<int:list_id>/items/<paper_id:public_id>/",
        ItemView.as_view(),
        name="reading-list-item",
    ),
    path("lists/<int:list_id>/export", ExportView.as_view(), name="reading-list-export"),
    path("curation/queue/", QueueView.as_view(), name="curation-queue"),
    path("curation/decisions/", DecisionView.as_view(), name="curation-decisions"),
    path("curation/picks/", PickListView.as_view(), name="curation-picks"),
    path("curation/picks/<int:pick_id>/", PickDetailView.as_view(), name="curation-pick"),
    path("me/subscription", my_subscription, name="me-subscription"),
]

urlpatterns = [
    path("v1/", include(v1)),
    # Compatible with the Hugging Face papers API (see views/hf.py).
    path("daily_papers", HfDailyPapersView.as_view(), name="hf-daily-papers"),
    path("papers/search", HfSearchView.as_view(), name="hf-papers-search"),
    path("papers/<paper_id:public_id>", HfPaperView.as_view(), name="hf-paper"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's init script from ?script: no inline script on the page.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    re_path(r"^", api_not_found),
]
