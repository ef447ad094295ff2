from django.urls import path

from .views import moderation, notes, paper

app_name = "annotations"
urlpatterns = [
    path("papers/<paper_id:public_id>/annotations", paper.paper_annotations, name="paper"),
    path("papers/<paper_id:public_id>/annotations/new", paper.annotation_new, name="new"),
    path("annotations/<int:annotation_id>/edit", paper.annotation_edit_view, name="edit"),
    path("annotations/<int:annotation_id>/delete", paper.annotation_delete_view, name="delete"),
    path("annotations/<int:annotation_id>/upvote", paper.annotation_upvote_view, name="upvote"),
    path("annotations/<int:annotation_id>/report", paper.annotation_report_view, name="report"),
    path("annotations/reported", moderation.reported, name="reported"),
    path("annotations/<int:annotation_id>/hide", moderation.hide, name="hide"),
    path("annotations/<int:annotation_id>/restore", moderation.restore, name="restore"),
    path("notes", notes.notes, name="notes"),
]
