"""Demo annotations (part of demo_activity_seed): a few public notes on passages of the
most voted demo papers, whole-paper notes and replies, by the demo readers."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from apps.annotations.models import Annotation
from apps.annotations.services import Selector, annotation_create
from apps.papers.models import Paper

ANNOTATED_PAPERS = 6
NOTES = [
    "Is the speed-up measured **end to end**, or per kernel?",
    "The key idea, in one line. Compare with the baseline in table 2.",
    "Which models and sizes? The abstract does not say; see section 4.",
]
WHOLE_PAPER = "A clear read. Code is linked from the paper; worth trying on $n = 10^5$ tokens."
REPLY = "Agreed: the appendix has the per-model numbers."
_SENTENCE = re.compile(r"[^.!?]{30,160}[.!?]")


def demo_annotations_seed(papers: list[Paper]) -> int:
    """Annotate the most voted demo papers, once: nothing is added if demo notes exist."""
    readers = list(
        get_user_model().objects.filter(username__startswith="demo-reader-").order_by("username")
    )
    if len(readers) < 3 or Annotation.objects.filter(owner__in=readers).exists():
        return 0
    voted = sorted(papers, key=lambda paper: -paper.vote_count)[:ANNOTATED_PAPERS]
    made = 0
    for rank, paper in enumerate(voted):
        author, replier = readers[rank % len(readers)], readers[(rank + 1) % len(readers)]
        sentence = _SENTENCE.search(paper.abstract or "")
        if sentence:
            exact = sentence.group(0).strip()
            start = paper.abstract.index(exact)
            note = annotation_create(
                owner=author, paper=paper, body=NOTES[rank % len(NOTES)], visibility="public",
                tags=["demo"], field="abstract",
                selector=Selector(exact=exact, start=start, end=start + len(exact)),
            )  # fmt: skip
            annotation_create(owner=replier, paper=paper, body=REPLY, reply_to=note)
            made += 2
        annotation_create(owner=replier, paper=paper, body=WHOLE_PAPER, visibility="public")
        made += 1
    return made
