"""Web-search syntax, parsed before any SQL: "quoted phrase", -exclude, a or b, plain words.

Quoted phrases and exclusions are exact (they filter); plain words and `or`
groups are soft: a paper needs only one of them and ranks higher the more it
covers (see search.py). Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bounds the SQL a query can produce: each soft group costs a few tsquery tests per row.
MAX_GROUPS = 12
MAX_EXCLUDED = 8
MAX_QUERY_CHARS = 1000  # the page's form allows 300; API callers get this far

_TOKEN = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+)')
_OR = "or"


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase as typed; `position` counts words from the query's start."""

    text: str
    phrase: bool = False
    position: int = 0


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[Term, ...] = ()  # quoted phrases: every result contains each
    excluded: tuple[Term, ...] = ()  # no result contains any
    groups: tuple[tuple[Term, ...], ...] = ()  # alternatives joined by "or"; soft

    @property
    def is_empty(self) -> bool:
        """No positive term: nothing to look for (an exclusion alone matches nothing)."""
        return not self.required and not self.groups

    @property
    def positive_text(self) -> str:
        """The words to look for, without syntax: what trigram suggestions compare."""
        terms = [*self.required, *(term for group in self.groups for term in group)]
        return " ".join(term.text for term in sorted(terms, key=lambda t: t.position))


def parse_query(text: str) -> ParsedQuery:
    # PostgreSQL text cannot hold NUL; other control characters separate words.
    text = "".join(ch if ch.isprintable() else " " for ch in text[:MAX_QUERY_CHARS])
    alternatives: list[list[Term]] = []  # positive terms, "or" merging neighbours
    excluded: list[Term] = []
    join_next = last_positive = False
    position = 0
    for match in _TOKEN.finditer(text):
        phrase, word = match.group("phrase"), match.group("word")
        if word is not None and word.lower() == _OR:
            join_next = last_positive
            continue
        negated = match.group("neg") is not None
        if word is not None and word.startswith("-"):
            negated, word = True, word.lstrip("-")
        content = " ".join((phrase if phrase is not None else word or "").split())
        if not content:
            continue
        term = Term(content, phrase=phrase is not None, position=position)
        position += len(content.split())
        if negated:
            excluded.append(term)
        elif join_next:
            alternatives[-1].append(term)
        else:
            alternatives.append([term])
        join_next, last_positive = False, not negated

    required = tuple(g[0] for g in alternatives if len(g) == 1 and g[0].phrase)
    groups = tuple(tuple(g) for g in alternatives if len(g) > 1 or not g[0].phrase)
    return ParsedQuery(
        required=required[:MAX_GROUPS],
        excluded=tuple(excluded[:MAX_EXCLUDED]),
        groups=groups[: max(MAX_GROUPS - len(required), 0)],
    )
