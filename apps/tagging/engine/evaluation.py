"""Cross-validated precision, recall and F1 of the applied tags, per tag and overall."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import KFold

from .learner import Example, Tagger
from .rules import RuleSet

FOLDS = 5


@dataclass
class TagScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


@dataclass
class Report:
    per_tag: dict[str, TagScore] = field(default_factory=dict)
    papers: int = 0
    folds: int = FOLDS
    repeats: int = 1

    def add(self, truth: set[str], predicted: set[str]) -> None:
        for slug in truth | predicted:
            score = self.per_tag.setdefault(slug, TagScore())
            if slug in truth and slug in predicted:
                score.tp += 1
            elif slug in predicted:
                score.fp += 1
            else:
                score.fn += 1

    @property
    def micro(self) -> TagScore:
        total = TagScore()
        for s in self.per_tag.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total

    @property
    def macro_f1(self) -> float:
        """The mean F1 over the tags that occur in the labelled file."""
        present = [s for s in self.per_tag.values() if s.tp + s.fn]
        return sum(s.f1 for s in present) / len(present) if present else 0.0

    def as_dict(self) -> dict:
        micro = self.micro
        return {
            "papers": self.papers,
            "folds": self.folds,
            "repeats": self.repeats,
            "micro": {"precision": micro.precision, "recall": micro.recall, "f1": micro.f1},
            "macro_f1": self.macro_f1,
            "per_tag": {
                slug: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "support": s.tp + s.fn,
                }
                for slug, s in sorted(self.per_tag.items())
            },
        }


def load_examples(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise ValueError(f"line {number}: a JSON object with a 'title' string is required")
        examples.append(
            Example(
                title=item["title"],
                abstract=str(item.get("abstract") or ""),
                tags=frozenset(item.get("tags") or ()),
            )
        )
    return examples


Predictor = Callable[[Sequence[Example], Sequence[Example]], list[set[str]]]


def cross_validate(
    examples: Sequence[Example], predict: Predictor, *, folds: int = FOLDS, repeats: int = 1
) -> Report:
    """Train on the other folds, predict the held-out one; `repeats` reshuffles."""
    report = Report(papers=len(examples), folds=folds, repeats=repeats)
    for seed in range(repeats):
        splitter = KFold(min(folds, len(examples)), shuffle=True, random_state=seed)
        for train, test in splitter.split(np.arange(len(examples))):
            held_out = [examples[i] for i in test]
            for example, predicted in zip(
                held_out, predict([examples[i] for i in train], held_out), strict=True
            ):
                report.add(set(example.tags), predicted)
    return report


def tagger_predictor(tags: list[str], rules: RuleSet, descriptions: dict[str, str]) -> Predictor:
    def predict(train: Sequence[Example], test: Sequence[Example]) -> list[set[str]]:
        tagger = Tagger(tags=tags, rules=rules, descriptions=descriptions).fit(train)
        return [
            set(tagger.applied(s)) for s in tagger.scores([(e.title, e.abstract) for e in test])
        ]

    return predict


def baseline_predictor(tags: list[str]) -> Predictor:
    """The reference: TF-IDF and one-vs-rest logistic regression, threshold 0.5."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    def predict(train: Sequence[Example], test: Sequence[Example]) -> list[set[str]]:
        binarizer = MultiLabelBinarizer(classes=tags)
        y = binarizer.fit_transform([set(e.tags) for e in train])
        vectorizer = TfidfVectorizer(sublinear_tf=True)
        x = vectorizer.fit_transform([f"{e.title}. {e.abstract}" for e in train])
        model = OneVsRestClassifier(LogisticRegression(C=10, max_iter=1000)).fit(x, y)
        predicted = model.predict(vectorizer.transform([f"{e.title}. {e.abstract}" for e in test]))
        return [{tags[j] for j in np.flatnonzero(row)} for row in predicted]

    return predict
