"""A parsed query's terms as the database sees them: tsqueries, weights and matching tags.

One query normalises every term with the site's text-search configuration,
estimates how common each is from the planner's statistics of the search
vector (pg_stats.most_common_elems, kept by ANALYZE) and finds the tags whose
names contain it. Rare words then weigh more than common ones (inverse
document frequency); before the first ANALYZE every word weighs the same.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.db import connection

from ..models import Paper, Tag
from .parser import ParsedQuery, Term

SEARCH_CONFIG = "english"
LEXEME = re.compile(r"'(?:[^']|'')*'")


@dataclass(frozen=True)
class Group:
    """Alternatives that count as one word of the query: "a or b", or a word and its plural."""

    query: str  # normalised tsquery text
    freq: float  # estimated share of papers containing it; 0 when unknown
    weight: float
    tag_ids: frozenset[int]
    lexeme: str | None  # a one-word group's single lexeme, for proximity
    position: int


@dataclass(frozen=True)
class Terms:
    required: list[Group]  # quoted phrases
    soft: list[Group]
    excluded: list[str]  # tsqueries

    @property
    def groups(self) -> list[Group]:
        return self.required + self.soft


def normalise_terms(parsed: ParsedQuery) -> Terms:
    rows = _normalise(_members(parsed))
    required: list[Group] = []
    soft: list[Group] = []
    positives = [(term,) for term in parsed.required] + list(parsed.groups)
    for index, alternatives in enumerate(positives):
        group = _group(alternatives, [rows["group", index, i] for i in range(len(alternatives))])
        if group is not None:
            (required if index < len(parsed.required) else soft).append(group)
    excluded = [rows["excluded", i, 0][0].query for i in range(len(parsed.excluded))]
    return Terms(required=required, soft=soft, excluded=[q for q in excluded if q])


def adjacent_pairs(soft: list[Group]) -> list[tuple[str, float]]:
    """Neighbouring one-word groups as phrases, keeping the query's gaps (stop words count)."""
    words = sorted((g for g in soft if g.lexeme), key=lambda g: g.position)
    pairs = []
    for a, b in pairwise(words):
        distance = b.position - a.position
        operator = "<->" if distance == 1 else f"<{distance}>"
        pairs.append((f"{a.lexeme} {operator} {b.lexeme}", (a.weight + b.weight) / 2))
    return pairs


@dataclass(frozen=True)
class _Normalised:
    query: str  # '' for stop words only
    freq: float  # estimated share of papers containing it; 0 when unknown
    tag_ids: frozenset[int]


def _group(alternatives: tuple[Term, ...], normalised: list[list[_Normalised]]) -> Group | None:
    # An alternative whose own form is a stop word goes with its variant ("and" → "ands").
    forms = [f for forms in normalised if forms[0].query for f in forms if f.query]
    if not forms:
        return None
    queries = sorted({f.query for f in forms})
    freq = min(1.0, sum(min(f.freq for f in forms if f.query == q) for q in queries))
    first = forms[0].query
    one_word = len(alternatives) == 1 and not alternatives[0].phrase
    return Group(
        query=" | ".join(f"( {q} )" for q in queries),
        freq=freq,
        weight=math.log(1 + 1 / freq) if freq else 1.0,
        tag_ids=frozenset().union(*(f.tag_ids for f in forms)),
        lexeme=first if one_word and LEXEME.fullmatch(first) else None,
        position=alternatives[0].position,
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
    return members


_NORMALISE_SQL = """
WITH stats AS (
    SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs
    FROM pg_stats s
    WHERE s.schemaname = ANY (current_schemas(false))
      AND s.tablename = %(papers)s AND s.attname = 'search_vector'
    LIMIT 1
), lexeme_freq AS (
    SELECT e.elem, e.freq FROM stats, unnest(stats.elems, stats.freqs) AS e(elem, freq)
    WHERE e.elem IS NOT NULL
)
SELECT q.query::text,
       ARRAY(SELECT f.freq
             FROM unnest(tsvector_to_array(to_tsvector(%(config)s::regconfig, m.text))) AS l(lex)
             LEFT JOIN lexeme_freq f ON f.elem = l.lex),
       ARRAY(SELECT t.id FROM {tags} t
             WHERE to_tsvector(%(config)s::regconfig, t.name || ' ' || replace(t.slug, '-', ' '))
                   @@ q.query),
       (SELECT stats.freqs[array_length(stats.elems, 1) + 1] FROM stats)
FROM unnest(%(texts)s::text[], %(phrases)s::boolean[]) WITH ORDINALITY AS m(text, phrase, idx)
CROSS JOIN LATERAL (
    SELECT CASE WHEN m.phrase THEN phraseto_tsquery(%(config)s::regconfig, m.text)
                ELSE plainto_tsquery(%(config)s::regconfig, m.text) END AS query
) q
ORDER BY m.idx
"""


def _normalise(members: dict[tuple, list[Term]]) -> dict[tuple, list[_Normalised]]:
    keys = [key for key, forms in members.items() for _ in forms]
    terms = [form for forms in members.values() for form in forms]
    sql = _NORMALISE_SQL.format(tags=connection.ops.quote_name(Tag._meta.db_table))
    params: dict[str, Any] = {
        "papers": Paper._meta.db_table,
        "config": SEARCH_CONFIG,
        "texts": [t.text for t in terms],
        "phrases": [t.phrase for t in terms],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    normalised: dict[tuple, list[_Normalised]] = {key: [] for key in members}
    for key, (query, freqs, tag_ids, min_freq) in zip(keys, rows, strict=True):
        if min_freq is None:  # never analysed
            freq = 0.0
        else:  # a lexeme below the statistics' cut-off is rarer than the rarest listed one
            freq = min((f if f is not None else min_freq / 2 for f in freqs), default=0.0)
        normalised[key].append(_Normalised(query=query, freq=freq, tag_ids=frozenset(tag_ids)))
    return normalised
