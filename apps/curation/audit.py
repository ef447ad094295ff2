"""The audit log: every curation service writes an entry in its own transaction."""

from datetime import date
from typing import Any

from django.db.models import Model

from apps.accounts.models import User
from apps.papers.models import Paper

from .models import AuditEntry


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Model | None = None,
    day: date | None = None,
    paper: Paper | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """`obj`: the object acted on; or `day`, for an action on a whole day's picks."""
    if obj is not None:
        kind, key, label = obj._meta.model_name or "", getattr(obj, "public_id", obj.pk), str(obj)
    else:
        kind, key, label = "day", day.isoformat() if day else "", f"picks of {day}"
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "system",
        action=action,
        object_type=kind,
        object_id=str(key),
        object_label=label[:300],
        paper_public_id=paper.public_id if paper is not None else "",
        before=before,
        after=after,
    )


def last_decision(paper: Paper) -> AuditEntry | None:
    """Who last approved or rejected the paper, for the refusal message."""
    return (
        AuditEntry.objects.filter(paper_public_id=paper.public_id, action__in=["approve", "reject"])
        .order_by("-created_at", "-id")
        .first()
    )
