"""Writes to annotations: create, edit, delete, upvote, report, hide, restore, re-anchor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.markdown import markdown_render
from apps.papers.models import Paper
from apps.papers.page_cache import day_scopes, scopes_bump

from .anchoring import CONTEXT, anchor_find
from .models import (
    BODY_MAX,
    QUOTE_MAX,
    TAG_MAX,
    TAGS_MAX,
    Annotation,
    AnnotationReport,
    AnnotationVote,
)


class AnnotationInvalid(ValueError):
    """Bad input for a field: `field` names it, the message says what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class AnnotationForbidden(PermissionError):
    """The caller may see the annotation but not do this to it."""


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


_TAG_CHARS = re.compile(r"[^\w\-.+#]+")


def tags_clean(tags: list[str] | None) -> list[str]:
    """Lowercased, without spaces or duplicates, in the order given."""
    cleaned: list[str] = []
    for raw in tags or []:
        if not isinstance(raw, str):
            raise AnnotationInvalid("tags", "Tags must be strings.")
        tag = _TAG_CHARS.sub("-", raw.strip().lower()).strip("-")
        if len(tag) > TAG_MAX:
            raise AnnotationInvalid("tags", f"A tag has at most {TAG_MAX} characters.")
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise AnnotationInvalid("tags", f"At most {TAGS_MAX} tags.")
    return cleaned


def _body_clean(body: str) -> str:
    body = (body or "").strip()
    if "\x00" in body:
        raise AnnotationInvalid("body", "A note cannot hold NUL characters.")
    if not body:
        raise AnnotationInvalid("body", "Write something: the note is empty.")
    if len(body) > BODY_MAX:
        raise AnnotationInvalid("body", f"A note has at most {BODY_MAX:,} characters.")
    return body


def _visibility_clean(visibility: str) -> str:
    if visibility not in Annotation.Visibility.values:
        raise AnnotationInvalid("visibility", "Choose private or public.")
    return visibility


def _anchor(paper: Paper, field: str, selector: Selector) -> dict[str, Any]:
    if field not in Annotation.Field.values:
        raise AnnotationInvalid("field", "Choose title or abstract.")
    if not selector.exact.strip():
        raise AnnotationInvalid("selector", "The selector needs the quoted passage (exact).")
    if len(selector.exact) > QUOTE_MAX:
        raise AnnotationInvalid("selector", f"A quote has at most {QUOTE_MAX:,} characters.")
    text: str = getattr(paper, field)
    start, end = selector.start, selector.end
    prefix, suffix = selector.prefix[-CONTEXT:], selector.suffix[:CONTEXT]
    if start is not None and end is not None and text[start:end] == selector.exact:
        prefix, suffix = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    found = anchor_find(text, exact=selector.exact, prefix=prefix, suffix=suffix, hint=start)
    if found is None:
        raise AnnotationInvalid("selector", f"The quoted passage is not in the paper's {field}.")
    return {
        "field": field, "exact": found.exact, "prefix": found.prefix, "suffix": found.suffix,
        "start": found.start, "end": found.end,
    }  # fmt: skip


def _discussion_changed(paper: Paper) -> None:
    """Cached anonymous pages that count the paper's discussion are stale once committed."""
    scopes = [f"paper:{paper.public_id}", *day_scopes(paper.listed_on)]
    transaction.on_commit(lambda: scopes_bump(scopes))


def annotation_create(
    *,
    owner: User,
    paper: Paper,
    body: str,
    tags: list[str] | None = None,
    visibility: str = Annotation.Visibility.PRIVATE,
    field: str = "",
    selector: Selector | None = None,
    reply_to: Annotation | None = None,
) -> Annotation:
    """A note on the paper (on a passage when `field` and `selector` are given), or a
    public reply to `reply_to` (which the caller has checked `owner` may see)."""
    values: dict[str, Any] = {"field": "", "exact": "", "prefix": "", "suffix": ""}
    if reply_to is not None and reply_to.reply_to is not None:
        reply_to = reply_to.reply_to  # threads are flat: a reply to a reply joins its thread
    if reply_to is not None:
        if not reply_to.is_public or reply_to.is_hidden:
            raise AnnotationInvalid("reply_to", "Only public annotations take replies.")
        if reply_to.paper_id != paper.pk:
            raise AnnotationInvalid("reply_to", "The annotation replied to is on another paper.")
        if field or selector is not None:
            raise AnnotationInvalid("selector", "A reply targets an annotation, not a passage.")
        visibility = Annotation.Visibility.PUBLIC
    elif field or selector is not None:
        if not field:
            raise AnnotationInvalid("field", "A selector needs its field: title or abstract.")
        values = _anchor(paper, field, selector or Selector(exact=""))
    body = _body_clean(body)
    annotation = Annotation.objects.create(
        owner=owner,
        paper=paper,
        version=paper.version,
        reply_to=reply_to,
        body=body,
        body_html=markdown_render(body),
        tags=tags_clean(tags),
        visibility=_visibility_clean(visibility),
        **values,
    )
    if annotation.is_public:
        _discussion_changed(paper)
    return annotation


def _own(annotation: Annotation, user: User) -> None:
    if annotation.owner_id != user.pk:
        raise AnnotationForbidden("Only its author may change an annotation.")


def annotation_edit(
    *,
    annotation: Annotation,
    user: User,
    body: str | None = None,
    tags: list[str] | None = None,
    visibility: str | None = None,
) -> Annotation:
    _own(annotation, user)
    was_public = annotation.is_public
    if body is not None:
        annotation.body = _body_clean(body)
        annotation.body_html = markdown_render(annotation.body)
    if tags is not None:
        annotation.tags = tags_clean(tags)
    if visibility is not None and visibility != annotation.visibility:
        visibility = _visibility_clean(visibility)
        if annotation.reply_to_id is not None:
            raise AnnotationInvalid("visibility", "A reply is always public.")
        if annotation.replies.exists():
            raise AnnotationInvalid("visibility", "An annotation with replies stays public.")
        annotation.visibility = visibility
    annotation.updated = timezone.now()
    annotation.save(update_fields=["body", "body_html", "tags", "visibility", "updated"])
    if was_public or annotation.is_public:
        _discussion_changed(annotation.paper)
    return annotation


def annotation_delete(*, annotation: Annotation, user: User) -> None:
    """The author deletes their note, and with it the replies to it."""
    _own(annotation, user)
    if annotation.is_public:
        _discussion_changed(annotation.paper)
    annotation.delete()


@transaction.atomic
def annotation_upvote(*, annotation: Annotation, user: User, up: bool = True) -> int:
    """Idempotent: upvoting twice counts once. Answers the new count."""
    if annotation.owner_id == user.pk:
        raise AnnotationForbidden("You cannot upvote your own annotation.")
    if up:
        _vote, created = AnnotationVote.objects.get_or_create(annotation=annotation, user=user)
        changed = 1 if created else 0
    else:
        deleted, _ = AnnotationVote.objects.filter(annotation=annotation, user=user).delete()
        changed = -deleted
    if changed:
        Annotation.objects.filter(pk=annotation.pk).update(upvote_count=F("upvote_count") + changed)
        paper_scope = [f"paper:{annotation.paper.public_id}"]  # the cached discussion shows it
        transaction.on_commit(lambda: scopes_bump(paper_scope))
    annotation.refresh_from_db(fields=["upvote_count"])
    return annotation.upvote_count


@transaction.atomic
def annotation_report(*, annotation: Annotation, user: User, reason: str = "") -> bool:
    """Report a public annotation to staff; a reader's second report is ignored."""
    if not annotation.is_public:
        raise AnnotationInvalid("annotation", "Only public annotations can be reported.")
    if annotation.owner_id == user.pk:
        raise AnnotationForbidden("You cannot report your own annotation.")
    try:
        with transaction.atomic():
            AnnotationReport.objects.create(
                annotation=annotation, user=user, reason=reason.replace("\x00", "")[:500]
            )
    except IntegrityError:
        return False
    Annotation.objects.filter(pk=annotation.pk).update(report_count=F("report_count") + 1)
    return True


def annotation_hide(*, annotation: Annotation, staff: User) -> None:
    """Staff hide a public annotation: nobody but staff and its author sees it."""
    if not staff.is_staff:
        raise AnnotationForbidden("Only staff hide annotations.")
    Annotation.objects.filter(pk=annotation.pk).update(hidden_at=timezone.now(), hidden_by=staff)
    _discussion_changed(annotation.paper)


@transaction.atomic
def annotation_restore(*, annotation: Annotation, staff: User) -> None:
    """Staff show a hidden or reported annotation again; its open reports are resolved."""
    if not staff.is_staff:
        raise AnnotationForbidden("Only staff restore annotations.")
    now = timezone.now()
    AnnotationReport.objects.filter(annotation=annotation, resolved_at__isnull=True).update(
        resolved_at=now
    )
    Annotation.objects.filter(pk=annotation.pk).update(
        hidden_at=None, hidden_by=None, report_count=0
    )
    _discussion_changed(annotation.paper)


def annotations_reanchor(*, paper_ids: list[int]) -> dict[str, int]:
    """Find each passage-annotation of these papers in their current text again.

    Found (exactly or fuzzily): its selector moves there. Not found: kept with its
    old quote, flagged orphaned. Runs in the caller's transaction (the upsert's).
    """
    annotations = list(
        Annotation.objects.filter(paper_id__in=paper_ids)
        .exclude(field="")
        .select_related("paper")
        .only("id", "field", "exact", "prefix", "suffix", "start", "end", "orphaned",
              "paper__title", "paper__abstract")
    )  # fmt: skip
    counts = {"moved": 0, "orphaned": 0, "kept": 0}
    changed = []
    for annotation in annotations:
        text = getattr(annotation.paper, annotation.field)
        found = anchor_find(
            text,
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
            hint=annotation.start,
        )
        if found is None:
            if not annotation.orphaned:
                annotation.orphaned = True
                changed.append(annotation)
            counts["orphaned"] += 1
            continue
        before = (annotation.start, annotation.end, annotation.orphaned)
        annotation.start, annotation.end, annotation.orphaned = found.start, found.end, False
        annotation.prefix, annotation.suffix = found.prefix, found.suffix
        annotation.exact = found.exact
        if (annotation.start, annotation.end, annotation.orphaned) != before:
            changed.append(annotation)
            counts["moved"] += 1
        else:
            counts["kept"] += 1
    Annotation.objects.bulk_update(
        changed, ["exact", "prefix", "suffix", "start", "end", "orphaned"], batch_size=500
    )
    return counts
