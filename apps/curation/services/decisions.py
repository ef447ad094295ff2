"""Approving and rejecting papers in the queue, with an optimistic check on what the
curator saw: a decision on a paper someone else decided meanwhile is refused."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.models import Paper, Tag
from apps.papers.page_cache import SITE, scopes_bump
from apps.tagging.decisions import paper_tag_add, paper_tag_remove

from ..audit import audit_record, last_decision

DECISIONS = {"approve": Paper.Status.PUBLISHED, "reject": Paper.Status.REJECTED}


class DecisionConflict(Exception):
    """The paper's status is no longer the one the curator acted on."""

    def __init__(self, paper: Paper, message: str) -> None:
        super().__init__(message)
        self.paper = paper
        self.message = message


@dataclass(frozen=True)
class Decision:
    paper: Paper
    status: str


def conflict_message(paper: Paper) -> str:
    entry = last_decision(paper)
    if entry is None:
        return f"This paper is now {paper.get_status_display().lower()}: reload to see it."
    verb = "approved" if entry.action == "approve" else "rejected"
    when = timezone.localtime(entry.created_at).strftime("%H:%M")
    return f"{entry.actor_name} {verb} this at {when}."


def paper_decide(
    *, paper: Paper, decision: str, seen_status: str, user: User, reason: str = ""
) -> Decision:
    """Approve (publish) or reject the paper if its status is still `seen_status`.

    The conditional update claims the row: of two curators acting on the same view
    of a paper, exactly one succeeds and the other gets DecisionConflict.
    """
    new_status = DECISIONS[decision]
    with transaction.atomic():
        changed = Paper.objects.filter(pk=paper.pk, status=seen_status).update(
            status=new_status, modified_at=timezone.now()
        )
        if not changed:
            paper.refresh_from_db(fields=["status"])
            raise DecisionConflict(paper, conflict_message(paper))
        after: dict[str, str] = {"status": new_status}
        if reason:
            after["reason"] = reason[:1000]
        audit_record(
            actor=user,
            action=decision,
            obj=paper,
            paper=paper,
            before={"status": seen_status},
            after=after,
        )
    paper.status = new_status
    scopes_bump([SITE])
    return Decision(paper=paper, status=new_status)


def papers_decide(
    *, papers: list[tuple[Paper, str]], decision: str, user: User, reason: str = ""
) -> tuple[list[Decision], list[DecisionConflict]]:
    """Bulk: each (paper, status seen) on its own; conflicts are reported, not fatal."""
    done, refused = [], []
    for paper, seen in papers:
        try:
            done.append(
                paper_decide(
                    paper=paper, decision=decision, seen_status=seen, user=user, reason=reason
                )
            )
        except DecisionConflict as conflict:
            refused.append(conflict)
    return done, refused


def paper_tags_edit(*, paper: Paper, add: list[Tag], remove: list[Tag], user: User) -> None:
    """Accept or add tags, reject or remove others (the tagging app's decisions), audited."""
    before = sorted(paper.paper_tags.values_list("tag__slug", flat=True))
    with transaction.atomic():
        for tag in add:
            paper_tag_add(paper=paper, tag=tag, user=user)
        for tag in remove:
            paper_tag_remove(paper=paper, tag=tag, user=user)
        after = sorted(paper.paper_tags.values_list("tag__slug", flat=True))
        audit_record(
            actor=user,
            action="tags",
            obj=paper,
            paper=paper,
            before={"tags": before},
            after={"tags": after},
        )
    scopes_bump([f"paper:{paper.public_id}"])
