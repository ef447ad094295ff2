"""/curate/: the curation dashboard (curators), plus submissions (any signed-in reader:
/curate/submit/ and /curate/submissions/, which need no curate permission)."""

from django.urls import path

import apps.papers.urls  # noqa: F401  (registers the paper_id path converter)

from .views import audit, ingest_panel, picks, queue, submissions

app_name = "curation"
urlpatterns = [
    path("", queue.queue_list, name="queue"),
    path("bulk", queue.queue_bulk, name="bulk"),
    path("papers/<paper_id:public_id>/decide", queue.paper_decide_view, name="decide"),
    path("papers/<paper_id:public_id>/tags", queue.paper_tags_view, name="tags"),
    path("papers/<paper_id:public_id>/pick", picks.pick_paper_view, name="pick_paper"),
    path("picks/", picks.picks_index, name="picks"),
    path("picks/<str:day>/", picks.picks_day, name="picks_day"),
    path("picks/<str:day>/add", picks.pick_add_view, name="pick_add"),
    path("picks/<str:day>/reorder", picks.picks_reorder_view, name="picks_reorder"),
    path("picks/<str:day>/publish", picks.picks_publish_view, name="picks_publish"),
    path("pick/<int:pick_id>/edit", picks.pick_edit_view, name="pick_edit"),
    path("pick/<int:pick_id>/move", picks.pick_move_view, name="pick_move"),
    path("pick/<int:pick_id>/remove", picks.pick_remove_view, name="pick_remove"),
    path("ingest/", ingest_panel.ingest_panel, name="ingest"),
    path("ingest/sources/<int:source_id>/run", ingest_panel.source_run_now, name="run_now"),
    path("ingest/runs/<int:run_id>/", ingest_panel.run_progress, name="run_progress"),
    path("audit/", audit.audit_log, name="audit"),
    path("submit/", submissions.submit, name="submit"),
    path("submissions/", submissions.my_submissions, name="my_submissions"),
    path(
        "submissions/<int:submission_id>/", submissions.submission_status, name="submission_status"
    ),
]
