"""Training and choosing tagger versions; loading the one in use.

The training set is every paper with staff-confirmed tags (staff rejections
count as negatives), plus the shipped labelled file for the papers the site
does not hold. A trained version becomes active only if asked to, or if it
scores no worse (cross-validated micro-F1) than the version in use.
"""

from __future__ import annotations

import json
import pickle
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.papers.identifiers import title_key
from apps.papers.models import Paper, PaperTag, Tag

from .engine.evaluation import FOLDS, cross_validate, load_examples, tagger_predictor
from .engine.learner import Example, Tagger
from .engine.rules import Rule, RuleSet
from .models import TaggerVersion, TagRule, TagSuggestion

DATA_DIR = Path(settings.BASE_DIR) / "apps" / "papers" / "data"
LABELLED_PATH = DATA_DIR / "labelled_papers.jsonl"
TAXONOMY_PATH = DATA_DIR / "tag_taxonomy.json"
Activation = Literal["never", "if-better", "always"]
_loaded: dict[int, Tagger] = {}


def ruleset_current() -> RuleSet:
    rules = TagRule.objects.active().select_related("tag")
    return RuleSet(
        [
            Rule(
                tag=r.tag.slug,
                kind=r.kind,
                pattern=r.pattern,
                weight=r.weight,
                title_weight=r.title_weight,
            )
            for r in rules
        ]
    )


def tag_descriptions() -> dict[str, str]:
    return {t.slug: f"{t.name}. {t.description}" for t in Tag.objects.all()}


def training_examples(*, labelled: Path | None = LABELLED_PATH) -> list[Example]:
    """Staff-confirmed papers from the database, then the labelled file's other papers."""
    confirmed: dict[int, set[str]] = defaultdict(set)
    for paper_id, slug in PaperTag.objects.filter(origin=PaperTag.Origin.STAFF).values_list(
        "paper_id", "tag__slug"
    ):
        confirmed[paper_id].add(slug)
    rejected: dict[int, set[str]] = defaultdict(set)
    for paper_id, slug in TagSuggestion.objects.filter(
        state=TagSuggestion.State.REJECTED
    ).values_list("paper_id", "tag__slug"):
        rejected[paper_id].add(slug)
    examples, keys = [], set()
    papers = Paper.objects.filter(pk__in=set(confirmed) | set(rejected)).order_by("pk")
    for paper in papers.only("pk", "title", "abstract", "title_key"):
        keys.add(paper.title_key)
        examples.append(
            Example(
                title=paper.title,
                abstract=paper.abstract,
                tags=frozenset(confirmed[paper.pk]),
                rejected=frozenset(rejected[paper.pk]),
            )
        )
    if labelled is not None and labelled.exists():
        examples += [e for e in load_examples(labelled) if title_key(e.title) not in keys]
    return examples


def tagger_train(
    *,
    examples: Sequence[Example] | None = None,
    activate: Activation = "if-better",
    folds: int = FOLDS,
    user: User | None = None,
    note: str = "",
) -> TaggerVersion:
    """Cross-validate, train on everything, store the version; activate it as asked."""
    examples = list(training_examples() if examples is None else examples)
    if len(examples) < 2:
        raise ValueError("Training needs at least two papers with confirmed tags.")
    tags = list(Tag.objects.order_by("slug").values_list("slug", flat=True))
    rules, descriptions = ruleset_current(), tag_descriptions()
    # folds=0: no cross-validation (a demo or a test); such a version never wins "if-better".
    scores = (
        cross_validate(examples, tagger_predictor(tags, rules, descriptions), folds=folds).as_dict()
        if folds >= 2
        else {}
    )
    tagger = Tagger(tags=tags, rules=rules, descriptions=descriptions).fit(examples)
    version = TaggerVersion.objects.create(
        training_papers=len(examples),
        scores=scores,
        thresholds=tagger.thresholds,
        tags=tags,
        model=pickle.dumps(tagger, protocol=pickle.HIGHEST_PROTOCOL),
        note=note[:200],
    )
    current = TaggerVersion.objects.active()
    better = bool(scores) and (current is None or version.micro_f1 >= current.micro_f1)
    if activate == "always" or (activate == "if-better" and better):
        tagger_activate(version=version, user=user)
    return version


@transaction.atomic
def tagger_activate(*, version: TaggerVersion, user: User | None = None) -> None:
    """Make `version` the one in use (and only it)."""
    TaggerVersion.objects.filter(active=True).exclude(pk=version.pk).update(active=False)
    version.active, version.activated_at, version.activated_by = True, timezone.now(), user
    version.save(update_fields=["active", "activated_at", "activated_by"])


def tagger_load(version: TaggerVersion) -> Tagger:
    """The version's tagger, unpickled once per process; its rules are today's rules."""
    if version.pk not in _loaded:
        # Our own bytes, written by tagger_train: never a user's upload.
        _loaded[version.pk] = pickle.loads(bytes(version.model))
    tagger = _loaded[version.pk]
    tagger.rules = ruleset_current()
    return tagger


def tagger_current() -> tuple[TaggerVersion | None, Tagger]:
    """The active version and its tagger; with none trained yet, rules alone."""
    version = TaggerVersion.objects.active()
    if version is not None:
        return version, tagger_load(version)
    tags = list(Tag.objects.order_by("slug").values_list("slug", flat=True))
    return None, RulesOnlyTagger(tags=tags, rules=ruleset_current())


class RulesOnlyTagger(Tagger):
    """Before any training: each tag's rule evidence as its confidence."""

    def scores(self, items: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        out = []
        for title, abstract in items:
            found = self.rules.confidences(title, abstract)
            out.append({slug: round(found.get(slug, 0.0), 4) for slug in self.tags})
        return out

    def applied(self, scores: dict[str, float]) -> list[str]:
        """Only what clears the threshold: a lone weak match waits for a curator."""
        return sorted(
            (s for s, v in scores.items() if v >= self.threshold(s)), key=lambda s: (-scores[s], s)
        )


def taxonomy() -> list[dict]:
    return json.loads(TAXONOMY_PATH.read_text("utf-8"))
