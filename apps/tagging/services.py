"""Tagging papers: scores into applied tags and pending suggestions, keyphrases, links.

Above its tag's threshold a suggestion is applied (a PaperTag of origin model or
rule, with its confidence); under it, but above a floor, it waits for a curator.
Staff decisions win: a tag staff rejected or removed is never re-added, one they
confirmed is never touched. Tagging a paper again with the same tagger changes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from apps.papers.models import Paper, PaperTag, Tag
from apps.papers.page_cache import SITE, scopes_bump

from .engine.keyphrases import keyphrases
from .engine.learner import Tagger
from .engine.links import find_links
from .models import PaperTagging, RetagRun, TaggerVersion, TagSuggestion
from .training import tagger_current

# Under this a tag is not worth a curator's look.
SUGGESTION_FLOOR = 0.2
BATCH_SIZE = 200
STAFF_STATES = (TagSuggestion.State.ACCEPTED, TagSuggestion.State.REJECTED)


@dataclass
class TaggingCounts:
    papers: int = 0
    applied: int = 0
    pending: int = 0
    removed: int = 0
    changed_papers: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "papers": self.papers,
            "applied": self.applied,
            "pending": self.pending,
            "removed": self.removed,
        }


def papers_tags_apply(*, paper_ids: Sequence[int]) -> TaggingCounts:
    """Tag these papers with the tagger in use; safe to run again."""
    version, tagger = tagger_current()
    counts = TaggingCounts()
    ids = sorted(set(paper_ids))
    for start in range(0, len(ids), BATCH_SIZE):
        _tag_batch(ids[start : start + BATCH_SIZE], version, tagger, counts)
    if counts.changed_papers:
        scopes_bump([SITE])  # tags show on every list
    return counts


@transaction.atomic
def _tag_batch(
    ids: list[int], version: TaggerVersion | None, tagger: Tagger, counts: TaggingCounts
) -> None:
    papers = list(
        Paper.objects.filter(pk__in=ids)
        .only("pk", "title", "abstract", "comment", "keyphrases", "resource_links")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if not papers:
        return
    tags = {t.slug: t for t in Tag.objects.all()}
    scores = tagger.scores([(p.title, p.abstract) for p in papers])
    origin = PaperTag.Origin.MODEL if version is not None else PaperTag.Origin.RULE
    existing_tags = {
        (pt.paper_id, pt.tag_id): pt for pt in PaperTag.objects.filter(paper__in=papers)
    }
    existing_suggestions = {
        (s.paper_id, s.tag_id): s for s in TagSuggestion.objects.filter(paper__in=papers)
    }
    now = timezone.now()
    for paper, paper_scores in zip(papers, scores, strict=True):
        counts.papers += 1
        changed = False
        applied = set(tagger.applied(paper_scores))
        for slug, confidence in paper_scores.items():
            tag = tags.get(slug)
            if tag is None:
                continue
            key = (paper.pk, tag.pk)
            suggestion = existing_suggestions.get(key)
            paper_tag = existing_tags.get(key)
            if (suggestion and suggestion.state in STAFF_STATES) or (
                paper_tag and paper_tag.origin == PaperTag.Origin.STAFF
            ):
                continue  # staff decided
            confidence = min(max(float(confidence), 0.0), 1.0)
            if slug in applied:
                state = TagSuggestion.State.APPLIED
                if paper_tag is None or (paper_tag.origin, paper_tag.confidence) != (
                    origin,
                    confidence,
                ):
                    PaperTag.objects.update_or_create(
                        paper=paper, tag=tag, defaults={"origin": origin, "confidence": confidence}
                    )
                    changed = True
                counts.applied += 1
            else:
                if paper_tag is not None:  # the tagger changed its mind
                    paper_tag.delete()
                    counts.removed += 1
                    changed = True
                if confidence < SUGGESTION_FLOOR:
                    if suggestion is not None:
                        suggestion.delete()
                    continue
                state = TagSuggestion.State.PENDING
                counts.pending += 1
            wanted = (state, origin, confidence)
            if suggestion is None:
                TagSuggestion.objects.create(
                    paper=paper, tag=tag, origin=origin, confidence=confidence, state=state
                )
            elif (suggestion.state, suggestion.origin, suggestion.confidence) != wanted:
                suggestion.state, suggestion.origin, suggestion.confidence = wanted
                suggestion.save(update_fields=["state", "origin", "confidence"])
        changed |= _describe(paper)
        if changed:
            counts.changed_papers.append(paper.pk)
    PaperTagging.objects.bulk_create(
        [PaperTagging(paper=p, version=version, tagged_at=now) for p in papers],
        update_conflicts=True,
        unique_fields=["paper"],
        update_fields=["version", "tagged_at"],
    )


def _describe(paper: Paper) -> bool:
    """Keyphrases and typed links from the paper's own text; True if they changed."""
    changed = False
    phrases = keyphrases(paper.title, paper.abstract)
    if phrases != paper.keyphrases:
        Paper.objects.filter(pk=paper.pk).update(keyphrases=phrases)
        changed = True
    links = [
        {"kind": link.kind, "url": link.url} for link in find_links(paper.abstract, paper.comment)
    ]
    if links != paper.resource_links:
        Paper.objects.filter(pk=paper.pk).update(resource_links=links)
        changed = True
    return changed


def papers_awaiting_tagging(*, limit: int = BATCH_SIZE) -> list[int]:
    """New papers, and papers changed since they were last tagged (bumped versions)."""
    last = PaperTagging.objects.filter(paper=OuterRef("pk")).values("tagged_at")[:1]
    return list(
        Paper.objects.annotate(last_tagged=Subquery(last))
        .filter(Q(last_tagged__isnull=True) | Q(modified_at__gt=F("last_tagged")))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def retag_run_start() -> RetagRun:
    """A run over every paper; an unfinished one goes on instead of a second one."""
    run = RetagRun.objects.filter(finished_at__isnull=True).first()
    return run or RetagRun.objects.create()


def retag_run_step(*, run_id: int, batch_size: int = BATCH_SIZE) -> bool:
    """Tag the next batch of the run; True while papers remain."""
    with transaction.atomic():
        run = RetagRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is not None:
            return False
        ids = list(
            Paper.objects.filter(pk__gt=run.through_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if ids:
            papers_tags_apply(paper_ids=ids)
            run.through_id, run.papers = ids[-1], run.papers + len(ids)
        if len(ids) < batch_size:
            run.finished_at = timezone.now()
        run.save(update_fields=["through_id", "papers", "finished_at"])
        return run.finished_at is None
