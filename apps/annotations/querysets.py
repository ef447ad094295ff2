from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

if TYPE_CHECKING:
    from .models import Annotation  # noqa: F401


def _is_staff(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _user_id(user: Any) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


class AnnotationQuerySet(models.QuerySet["Annotation"]):
    def discussion(self) -> AnnotationQuerySet:
        """Public and not hidden, on a published paper, replying (if at all) to one such."""
        return self.filter(
            visibility="public",
            hidden_at__isnull=True,
            paper__status="published",
        ).filter(Q(reply_to__isnull=True) | Q(reply_to__hidden_at__isnull=True))

    def visible_to(self, user: Any) -> AnnotationQuerySet:
        """What `user` may see, the one rule for every page, search, export and API.

        Everyone: the public discussion. The author: all their own, private and
        hidden too. Staff: also public notes that are hidden, or on unpublished
        papers (moderation). Nobody else ever sees a private note.
        """
        visible = Q(
            visibility="public",
            hidden_at__isnull=True,
            paper__status="published",
        ) & (Q(reply_to__isnull=True) | Q(reply_to__hidden_at__isnull=True))
        user_id = _user_id(user)
        if user_id is not None:
            visible |= Q(owner_id=user_id)
        if _is_staff(user):
            visible |= Q(visibility="public")
        return self.filter(visible)

    def mine(self, user: Any) -> AnnotationQuerySet:
        user_id = _user_id(user)
        return self.filter(owner_id=user_id) if user_id is not None else self.none()

    def on_paper(self, paper_id: int) -> AnnotationQuerySet:
        return self.filter(paper_id=paper_id)

    def with_upvote_state(self, user: Any) -> AnnotationQuerySet:
        from .models import AnnotationVote

        user_id = _user_id(user)
        if user_id is None:
            return self.annotate(user_upvoted=models.Value(False))
        return self.annotate(
            user_upvoted=Exists(
                AnnotationVote.objects.filter(annotation=OuterRef("pk"), user_id=user_id)
            )
        )

    def matching(self, text: str) -> AnnotationQuerySet:
        """Full-text search over the notes (body and quote), best match first."""
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(models.F("search_vector"), query))
            .order_by("-rank", "-created", "-id")
        )

    def tagged(self, tag: str) -> AnnotationQuerySet:
        return self.filter(tags__contains=[tag])

    def reported(self) -> AnnotationQuerySet:
        """Staff's moderation queue: public notes with open reports, or hidden."""
        return self.filter(visibility="public").filter(
            Q(report_count__gt=0) | Q(hidden_at__isnull=False)
        )

    def discussion_counts(self, paper_ids: list[int]) -> dict[int, int]:
        """Paper id -> public, not hidden annotations (replies included), in one query."""
        rows = (
            self.discussion()
            .filter(paper_id__in=paper_ids)
            .values("paper_id")
            .annotate(count=Count("id"))
            .values_list("paper_id", "count")
        )
        return dict(rows)

    def tag_counts(self) -> list[tuple[str, int]]:
        """(tag, how many of these annotations carry it), most used first; one query."""
        from django.db.models import Func

        rows = (
            self.annotate(tag=Func(models.F("tags"), function="unnest"))
            .values("tag")
            .annotate(count=Count("id"))
            .order_by("-count", "tag")
            .values_list("tag", "count")
        )
        return list(rows)
