"""Any signed-in reader: "Submit a paper" and "My submissions" (not curator-only)."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.ratelimit import rate_limited

from ..models import Submission
from ..queue import submissions_with_papers
from ..services.submissions import SubmissionError, submission_create
from ..tasks import fetch_submission
from .common import acting_user


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited("submit", methods=["POST"])
def submit(request: HttpRequest) -> HttpResponse:
    error, value = "", ""
    if request.method == "POST":
        value = request.POST.get("arxiv_id", "")[:300]
        try:
            submission = submission_create(user=acting_user(request), raw=value)
        except SubmissionError as problem:
            error = problem.message
        else:
            if submission.state == Submission.State.QUEUED:
                transaction.on_commit(lambda: fetch_submission.delay(submission.pk))
            return redirect("curation:my_submissions")
    status = 400 if error else 200
    return render(request, "curation/submit.html", {"error": error, "value": value}, status=status)


@require_GET
@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    submissions = Submission.objects.filter(submitted_by=acting_user(request))
    context = {"submissions": submissions_with_papers(list(submissions[:100]))}
    return render(request, "curation/my_submissions.html", context)


@require_GET
@login_required
def submission_status(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A queued submission's row, polled by htmx until the worker is done."""
    submission = get_object_or_404(Submission, pk=submission_id, submitted_by=acting_user(request))
    submissions_with_papers([submission])
    return render(request, "curation/_submission_row.html", {"submission": submission})
