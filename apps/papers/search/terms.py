"""A parsed query's terms as the database sees them: tsqueries, rarity and matching tags.

One query normalises every term with the site's text-search configuration,
reads each lexeme's document frequency (the SearchTerm table, see stats.py)
and the corpus totals, and finds the tags whose names contain a term. A word
then weighs its BM25 inverse document frequency, ln(1 + (N - df + 0.5) /
(df + 0.5)): "model" in half the papers weighs about 0.7, a word in one
paper in a thousand about 7. Before anything is counted every word weighs
the same; a word never counted is as rare as can be.

A query naming a kind of paper ("survey", "dataset", "technical report")
also looks, softly, for that kind's other names (PAPER_KINDS): a review
calls itself a survey, a benchmark's paper says corpus.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from django.db import connection

from ..models import SearchCorpus, SearchTerm, Tag
from .parser import ParsedQuery, Term

SEARCH_CONFIG = "english"
LEXEME = re.compile(r"'(?:[^']|'')*'")

# Names of the same kind of paper. A query naming one of them also looks for
# the others, at EXPANSION_WEIGHT of their own weight. General on purpose:
# kinds of paper, never topics.
PAPER_KINDS: tuple[tuple[str, ...], ...] = (
    ("survey", "review", "overview"),
    ("dataset", "corpus", "benchmark"),
    ("benchmark", "leaderboard"),
    ("technical report", "model card", "report"),
)
EXPANSION_WEIGHT = 0.5
# The kind's names the query itself typed weigh this much of their rarity: the
# other words say what the paper is about, and weigh more.
KIND_WEIGHT = 0.5


@dataclass(frozen=True)
class Group:
    """Alternatives that count as one word of the query: "a or b", or a word and its plural."""

    query: str  # normalised tsquery text: its alternatives or-ed
    parts: tuple[str, ...]  # each alternative's tsquery
    alternatives: tuple[tuple[str, ...], ...]  # each alternative's lexemes
    df: int  # estimated number of counted papers containing it
    idf: float
    tag_ids: frozenset[int]
    lexeme: str | None  # a one-word group's single lexeme, for proximity
    position: int


@dataclass(frozen=True)
class Terms:
    required: list[Group]  # quoted phrases
    soft: list[Group]
    excluded: list[str]  # tsqueries
    expansions: list[Group]  # other names of a kind of paper the query names
    papers: int  # counted papers (0 before the first count)
    mean_length: float  # mean number of lexemes in a counted vector

    @property
    def groups(self) -> list[Group]:
        return self.required + self.soft


def idf(df: int, papers: int) -> float:
    return math.log(1 + (max(papers - df, 0) + 0.5) / (df + 0.5))


def normalise_terms(parsed: ParsedQuery) -> Terms:
    members = _members(parsed)
    rows, papers, mean_length = _normalise(members)
    required: list[Group] = []
    soft: list[Group] = []
    positives = [(term,) for term in parsed.required] + list(parsed.groups)
    for index, alternatives in enumerate(positives):
        forms = [rows["group", index, i] for i in range(len(alternatives))]
        group = _group(alternatives, forms, papers)
        if group is not None:
            (required if index < len(parsed.required) else soft).append(group)
    excluded = [rows["excluded", i, 0][0].query for i in range(len(parsed.excluded))]
    typed = {lexeme for g in required + soft for a in g.alternatives for lexeme in a}
    expansions = []
    kind_words: set[str] = set()
    for k, kind in enumerate(PAPER_KINDS):
        names = [rows["kind", k, n][0] for n in range(len(kind))]
        named = [bool(n.query) and set(n.lexemes) <= typed for n in names]
        others = [n for n, is_named in zip(names, named, strict=True) if n.query and not is_named]
        kind_words.update(
            lex for n, is_named in zip(names, named, strict=True) if is_named for lex in n.lexemes
        )
        if any(named) and others:
            expansions.append(_expansion(others, papers))
    return Terms(
        required=required,
        soft=[_as_kind(g) if _names_kind(g, kind_words) else g for g in soft],
        excluded=[q for q in excluded if q],
        expansions=expansions,
        papers=papers,
        mean_length=mean_length,
    )


def _names_kind(group: Group, kind_words: set[str]) -> bool:
    return all(set(a) <= kind_words for a in group.alternatives)


def _as_kind(group: Group) -> Group:
    """A word naming a kind of paper says what form a paper takes, less what it is about."""
    return replace(group, idf=KIND_WEIGHT * group.idf)


def adjacent_pairs(soft: list[Group]) -> list[tuple[str, float]]:
    """Neighbouring one-word groups as phrases, keeping the query's gaps (stop words count)."""
    words = sorted((g for g in soft if g.lexeme), key=lambda g: g.position)
    pairs = []
    for a, b in pairwise(words):
        distance = b.position - a.position
        operator = "<->" if distance == 1 else f"<{distance}>"
        pairs.append((f"{a.lexeme} {operator} {b.lexeme}", (a.idf + b.idf) / 2))
    return pairs


@dataclass(frozen=True)
class _Normalised:
    query: str  # '' for stop words only
    lexemes: tuple[str, ...]
    df: int  # papers containing all its lexemes, at most (the rarest one's count)
    tag_ids: frozenset[int]


def _group(
    alternatives: tuple[Term, ...], normalised: list[list[_Normalised]], papers: int
) -> Group | None:
    # An alternative whose own form is a stop word goes with its variant ("and" → "ands").
    forms = [f for forms in normalised if forms[0].query for f in forms if f.query]
    if not forms:
        return None
    unique = {f.query: f for f in sorted(forms, key=lambda f: f.df)}
    df = min(papers, sum(f.df for f in unique.values())) if papers else 0
    first = forms[0].query
    one_word = len(alternatives) == 1 and not alternatives[0].phrase
    return Group(
        query=" | ".join(f"( {q} )" for q in sorted(unique)),
        parts=tuple(sorted(unique)),
        alternatives=tuple(unique[q].lexemes for q in sorted(unique)),
        df=df,
        idf=idf(df, papers),
        tag_ids=frozenset().union(*(f.tag_ids for f in forms)),
        lexeme=first if one_word and LEXEME.fullmatch(first) else None,
        position=alternatives[0].position,
    )


def _expansion(names: list[_Normalised], papers: int) -> Group:
    df = min(papers, sum(n.df for n in names)) if papers else 0
    return Group(
        query=" | ".join(f"( {n.query} )" for n in names),
        parts=tuple(n.query for n in names),
        alternatives=tuple(n.lexemes for n in names),
        df=df,
        idf=EXPANSION_WEIGHT * idf(df, papers),
        tag_ids=frozenset(),
        lexeme=None,
        position=-1,
    )


def _forms(term: Term) -> list[Term]:
    """A word with its plural or singular: the stemmer leaves "LLMs" and "LLM" apart."""
    text = term.text
    if term.phrase or len(text) < 3 or not text[-1].isalpha() or text.lower().endswith("ss"):
        return [term]
    variant = text[:-1] if text[-1] in "sS" else text + "s"
    return [term, Term(variant, position=term.position)]


def _members(parsed: ParsedQuery) -> dict[tuple, list[Term]]:
    """Every form to normalise, keyed (kind, group, alternative)."""
    positives = [(term,) for term in parsed.required] + list(parsed.groups)
    members = {
        ("group", g, a): _forms(term)
        for g, alternatives in enumerate(positives)
        for a, term in enumerate(alternatives)
    }
    members |= {("excluded", i, 0): [term] for i, term in enumerate(parsed.excluded)}
    members |= {
        ("kind", k, n): [Term(name, phrase=" " in name)]
        for k, kind in enumerate(PAPER_KINDS)
        for n, name in enumerate(kind)
    }
    return members


_NORMALISE_SQL = """
WITH corpus AS (
    SELECT c.papers, c.lexemes::float8 / greatest(c.papers, 1) AS mean_length
    FROM {corpus} c WHERE c.id = 1
)
SELECT q.query::text,
       ARRAY(SELECT l.lex FROM unnest(tsvector_to_array(to_tsvector(%(config)s::regconfig, m.text)))
             AS l(lex) ORDER BY l.lex),
       (SELECT coalesce(min(coalesce(t.papers, 0)), 0)
        FROM unnest(tsvector_to_array(to_tsvector(%(config)s::regconfig, m.text))) AS l(lex)
        LEFT JOIN {terms} t ON t.lexeme = l.lex),
       ARRAY(SELECT t.id FROM {tags} t
             WHERE NOT m.kind
               AND to_tsvector(%(config)s::regconfig, t.name || ' ' || replace(t.slug, '-', ' '))
                   @@ q.query),
       (SELECT corpus.papers FROM corpus),
       (SELECT corpus.mean_length FROM corpus)
FROM unnest(%(texts)s::text[], %(phrases)s::boolean[], %(kinds)s::boolean[])
     WITH ORDINALITY AS m(text, phrase, kind, idx)
CROSS JOIN LATERAL (
    SELECT CASE WHEN m.phrase THEN phraseto_tsquery(%(config)s::regconfig, m.text)
                ELSE plainto_tsquery(%(config)s::regconfig, m.text) END AS query
) q
ORDER BY m.idx
"""


def _normalise(
    members: dict[tuple, list[Term]],
) -> tuple[dict[tuple, list[_Normalised]], int, float]:
    keys = [key for key, forms in members.items() for _ in forms]
    terms = [form for forms in members.values() for form in forms]
    quote = connection.ops.quote_name
    sql = _NORMALISE_SQL.format(
        tags=quote(Tag._meta.db_table),
        terms=quote(SearchTerm._meta.db_table),
        corpus=quote(SearchCorpus._meta.db_table),
    )
    params: dict[str, Any] = {
        "config": SEARCH_CONFIG,
        "texts": [t.text for t in terms],
        "phrases": [t.phrase for t in terms],
        "kinds": [key[0] == "kind" for key in keys],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    normalised: dict[tuple, list[_Normalised]] = {key: [] for key in members}
    papers, mean_length = 0, 0.0
    for key, (query, lexemes, df, tag_ids, counted, mean) in zip(keys, rows, strict=True):
        papers, mean_length = counted or 0, mean or 0.0
        normalised[key].append(
            _Normalised(query=query, lexemes=tuple(lexemes), df=df, tag_ids=frozenset(tag_ids))
        )
    return normalised, papers, mean_length
