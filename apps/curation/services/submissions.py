"""Readers' submissions: an arXiv id or link in, the paper fetched into the review queue.

`submission_create` answers at once what it can (a bad id, a paper we hold); the
worker's `submission_fetch` asks the arXiv API for the rest. Either the paper is
stored whole, pending review, or nothing is stored and the reader is told why.
"""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.ingest.documents import FeedError
from apps.ingest.http import FetchError, http_get
from apps.ingest.parsers.arxiv_api import parse_arxiv_api
from apps.papers.identifiers import InvalidArxivId, split_arxiv_id
from apps.papers.models import Paper
from apps.papers.upsert import PaperRecord, paper_upsert_many

from ..audit import audit_record
from ..models import Submission

SUBMISSION_SOURCE = "submission"
_HOST = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/", re.IGNORECASE)
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


class SubmissionError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_submitted_id(raw: str) -> str:
    """'https://arxiv.org/pdf/2401.01234v2.pdf', 'arXiv:hep-th/9901001', ... -> the bare id."""
    text = raw.strip()
    if _HOST.match(text):
        text = "https://arxiv.org/" + _HOST.sub("", text)
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    try:
        arxiv_id, _version = split_arxiv_id(text)
    except InvalidArxivId:
        raise SubmissionError(
            "arxiv_id",
            "Not an arXiv id or link: give an id such as 2401.01234 or hep-th/9901001, "
            "or an arxiv.org/abs/ or /pdf/ link.",
        ) from None
    return arxiv_id


def submission_create(*, user: User, raw: str) -> Submission:
    """The reader's submission: finished at once for a paper we hold, else queued for the
    worker (the caller enqueues it on commit). A repeat of a queued one is that one."""
    arxiv_id = parse_submitted_id(raw)
    held = Paper.objects.filter(arxiv_id=arxiv_id).first()
    with transaction.atomic():
        if held is None:
            waiting = Submission.objects.filter(
                submitted_by=user, arxiv_id=arxiv_id, state=Submission.State.QUEUED
            ).first()
            if waiting is not None:
                return waiting
        submission = Submission.objects.create(
            submitted_by=user, raw=raw.strip()[:300], arxiv_id=arxiv_id
        )
        if held is not None:
            _finish(
                submission, Submission.State.ALREADY_HELD, message="We already have this paper."
            )
        audit_record(
            actor=user,
            action="submit",
            obj=submission,
            paper=held,
            after={"arxiv_id": arxiv_id, "state": submission.state},
        )
    return submission


def submission_fetch(*, submission_id: int) -> Submission:
    """The worker's part; a finished submission is left as it is (safe to run twice)."""
    submission = Submission.objects.select_related("submitted_by").get(pk=submission_id)
    if submission.state != Submission.State.QUEUED:
        return submission
    arxiv_id = submission.arxiv_id
    held = Paper.objects.filter(arxiv_id=arxiv_id).first()
    if held is not None:
        return _conclude(
            submission,
            Submission.State.ALREADY_HELD,
            paper=held,
            message="We already have this paper.",
        )
    try:
        body = http_get(settings.ARXIV_API_URL, params={"id_list": arxiv_id, "max_results": 1})
        page = parse_arxiv_api(body)
    except FetchError:
        return _conclude(
            submission,
            Submission.State.FAILED,
            message="arXiv could not be reached. Please try again later.",
        )
    except FeedError:
        return _conclude(
            submission, Submission.State.UNKNOWN, message=f"arXiv knows no paper {arxiv_id}."
        )
    record = next(
        (
            item
            for item in page.items
            if isinstance(item, PaperRecord) and item.arxiv_id == arxiv_id
        ),
        None,
    )
    if record is None:
        return _conclude(
            submission, Submission.State.UNKNOWN, message=f"arXiv knows no paper {arxiv_id}."
        )
    if record.withdrawn or _WITHDRAWN.search(record.comment or ""):
        return _conclude(
            submission,
            Submission.State.WITHDRAWN,
            message=f"arXiv {arxiv_id} has been withdrawn by its authors.",
        )
    with transaction.atomic():
        result = paper_upsert_many(
            records=[record], source=SUBMISSION_SOURCE, status=Paper.Status.PENDING, workers=1
        )
        paper = Paper.objects.get(arxiv_id=arxiv_id)
        if result.created:
            return _conclude(
                submission,
                Submission.State.IN_QUEUE,
                paper=paper,
                message="Fetched from arXiv: it waits for an editor's review.",
            )
        return _conclude(
            submission,
            Submission.State.ALREADY_HELD,
            paper=paper,
            message="We already have this paper.",
        )


def _finish(submission: Submission, state: str, *, message: str) -> None:
    submission.state, submission.message = state, message
    submission.finished_at = timezone.now()
    submission.save(update_fields=["state", "message", "finished_at"])


def _conclude(
    submission: Submission, state: str, *, paper: Paper | None = None, message: str
) -> Submission:
    """Finish a queued submission once, even if two workers got it (conditional claim)."""
    with transaction.atomic():
        claimed = Submission.objects.filter(pk=submission.pk, state=Submission.State.QUEUED).update(
            state=state, message=message, finished_at=timezone.now()
        )
        if claimed:
            audit_record(
                actor=submission.submitted_by,
                action="fetch",
                obj=submission,
                paper=paper,
                before={"state": Submission.State.QUEUED},
                after={"state": state},
            )
    submission.refresh_from_db()
    submission.paper = paper
    return submission
