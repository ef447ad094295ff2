"""Keyword, phrase and regular-expression rules over a paper's title and abstract."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

DEFAULT_RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "default_rules.json"
DEFAULT_TITLE_WEIGHT = 2.0
KINDS = ("keyword", "phrase", "regex")
# A regular expression from a curator runs on every new paper: keep it short.
MAX_PATTERN_LENGTH = 300


class RuleError(ValueError):
    """A rule's pattern cannot be used (names the problem for the form)."""


def compile_pattern(kind: str, pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip()
    if not pattern:
        raise RuleError("The pattern is empty.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RuleError(f"The pattern is longer than {MAX_PATTERN_LENGTH} characters.")
    if kind == "keyword":
        source = rf"(?<![\w-]){re.escape(pattern)}(?![\w-])"
    elif kind == "phrase":
        words = [re.escape(w) for w in re.split(r"[\s\-]+", pattern) if w]
        source = r"(?<![\w])" + r"[\s\-]*".join(words) + r"(?![\w])"
    elif kind == "regex":
        source = pattern
    else:
        raise RuleError(f"Unknown kind {kind!r}: one of {', '.join(KINDS)}.")
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise RuleError(f"Not a valid regular expression: {error}.") from error


# Python's IGNORECASE matches these letters to non-ASCII ones too (dotless i, dotted I, the Kelvin
# sign, the long s), and non-ASCII text to more than PostgreSQL's UPPER does: a fragment
# for SQL stops at them, so a text the rule matches always holds every fragment.
_NOT_IN_FRAGMENTS = re.compile(r"[^\x20-\x7e]|[iksIKS]")


def required_fragments(kind: str, pattern: str) -> list[str]:
    """Pieces of text (ASCII, any case) found in every text a keyword or phrase rule
    matches, for a database prefilter: the longest piece of each word. None for a
    regular expression."""
    if kind == "keyword":
        words = [pattern.strip()]
    elif kind == "phrase":
        words = re.split(r"[\s\-]+", pattern.strip())
    else:
        return []
    pieces = [max(_NOT_IN_FRAGMENTS.split(word), key=len) for word in words]
    return [piece for piece in pieces if piece]


@dataclass(frozen=True)
class Rule:
    tag: str
    kind: str
    pattern: str
    weight: float = 1.0
    title_weight: float = DEFAULT_TITLE_WEIGHT

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return compile_pattern(self.kind, self.pattern)

    def score(self, title: str, abstract: str) -> float:
        """The rule's evidence: its weight, times the title weight for a title match."""
        if self.compiled.search(title):
            return self.weight * self.title_weight
        if self.compiled.search(abstract):
            return self.weight
        return 0.0


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        return sorted({rule.tag for rule in self.rules})

    def evidence(self, title: str, abstract: str) -> dict[str, float]:
        """Each tag's summed rule evidence (0 for a tag no rule matched)."""
        found: dict[str, float] = {}
        for rule in self.rules:
            value = rule.score(title, abstract)
            if value:
                found[rule.tag] = found.get(rule.tag, 0.0) + value
        return found

    def confidences(self, title: str, abstract: str) -> dict[str, float]:
        """Evidence squashed into 0..1: one plain match ~0.39, three ~0.78."""
        return {tag: evidence_confidence(v) for tag, v in self.evidence(title, abstract).items()}


def evidence_confidence(evidence: float) -> float:
    return 1.0 - math.exp(-evidence / 2.0)


def load_default_rules(path: Path = DEFAULT_RULES_PATH) -> RuleSet:
    data: Mapping[str, Iterable] = json.loads(path.read_text("utf-8"))
    rules = [
        Rule(tag=slug, kind=kind, pattern=pattern, weight=float(weight))
        for slug, items in data.items()
        if not slug.startswith("_")
        for kind, pattern, weight in items
    ]
    return RuleSet(rules)
