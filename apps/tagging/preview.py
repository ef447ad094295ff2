"""Which existing papers a rule would match: the curators' "Test this rule".

The latest papers are looked through with the rule's own matcher. For keyword and phrase
rules PostgreSQL first keeps only the papers whose title or abstract holds the pieces
of text any match needs (`required_fragments`), so Python reads a few dozen abstracts, not
thousands; the papers found are the same either way.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

from apps.papers.models import Paper

from .engine.rules import Rule, required_fragments

PREVIEW_PAPERS = 2000  # the latest papers a preview looks through


@dataclass(frozen=True)
class Match:
    paper: Paper
    score: float
    in_title: bool


def _holding(field: str, fragments: list[str]) -> Q:
    """Case-insensitive regular expressions (`~*`): cheaper in PostgreSQL than
    `UPPER(...) LIKE`, which copies every abstract. A backslash makes any ASCII
    character but a letter or digit literal there."""
    found = Q()
    for fragment in fragments:
        found &= Q(**{f"{field}__iregex": re.sub(r"([^0-9A-Za-z])", r"\\\1", fragment)})
    return found


def rule_preview_matches(
    rule: Rule, *, papers: int = PREVIEW_PAPERS, prefilter: bool = True
) -> tuple[list[Match], int]:
    """The matches among the latest `papers` papers, newest first, and how many papers
    that was. `prefilter=False` reads every one of them (the reference the tests compare
    with)."""
    latest = Paper.objects.order_by("-pk")
    oldest = list(latest.values_list("pk", flat=True)[papers - 1 : papers])
    window = latest.filter(pk__gte=oldest[0]) if oldest else latest
    looked = papers if oldest else window.count()
    fragments = required_fragments(rule.kind, rule.pattern) if prefilter else []
    if fragments:
        window = window.filter(_holding("title", fragments) | _holding("abstract", fragments))
    matches = []
    for paper in window.only("pk", "title", "abstract", "arxiv_id", "short_id"):
        score = rule.score(paper.title, paper.abstract)
        if score:
            matches.append(Match(paper, score, bool(rule.compiled.search(paper.title))))
    return matches, looked
