"""Staff decisions on a paper's tags: the curation queue and the API call these.

A tag staff add or accept becomes a PaperTag of origin `staff`; one they remove
or reject is deleted and remembered as a rejected TagSuggestion, so re-tagging
never puts it back.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.models import Paper, PaperTag, Tag

from .models import TagSuggestion


@transaction.atomic
def paper_tag_add(*, paper: Paper, tag: Tag, user: User) -> None:
    """Apply `tag` to `paper` as staff-confirmed (accepting a pending suggestion if any)."""
    now = timezone.now()
    PaperTag.objects.update_or_create(
        paper=paper,
        tag=tag,
        defaults={"origin": PaperTag.Origin.STAFF, "confirmed_by": user, "confirmed_at": now},
    )
    TagSuggestion.objects.update_or_create(
        paper=paper,
        tag=tag,
        defaults={"state": TagSuggestion.State.ACCEPTED, "decided_by": user, "decided_at": now},
        create_defaults={
            "origin": TagSuggestion.Origin.STAFF,
            "state": TagSuggestion.State.ACCEPTED,
            "decided_by": user,
            "decided_at": now,
        },
    )


@transaction.atomic
def paper_tag_remove(*, paper: Paper, tag: Tag, user: User) -> None:
    """Take `tag` off `paper` (or reject its suggestion); it is never re-added automatically."""
    now = timezone.now()
    PaperTag.objects.filter(paper=paper, tag=tag).delete()
    TagSuggestion.objects.update_or_create(
        paper=paper,
        tag=tag,
        defaults={"state": TagSuggestion.State.REJECTED, "decided_by": user, "decided_at": now},
        create_defaults={
            "origin": TagSuggestion.Origin.STAFF,
            "state": TagSuggestion.State.REJECTED,
            "decided_by": user,
            "decided_at": now,
        },
    )


def pending_suggestions(paper_ids: Iterable[int]) -> dict[int, list[TagSuggestion]]:
    """Each paper's suggestions awaiting review, most confident first, in one query."""
    by_paper: dict[int, list[TagSuggestion]] = defaultdict(list)
    pending = (
        TagSuggestion.objects.filter(
            paper_id__in=list(paper_ids), state=TagSuggestion.State.PENDING
        )
        .select_related("tag")
        .order_by("paper_id", "-confidence", "tag__name")
    )
    for suggestion in pending:
        by_paper[suggestion.paper_id].append(suggestion)
    return by_paper
