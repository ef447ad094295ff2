"""Full-text search over the stored search vector (title A, authors B, abstract C).

`search_papers(queryset, query)` is the one entry point the site and the API
share: papers matching `query` (web-search syntax), annotated with `rank` and
`coverage`, best first.

Matching: quoted phrases and -exclusions are exact; plain words and `a or b`
groups are soft, so a paper needs only one of them. That keeps natural queries
("unlearning and adversarial attacks") from coming back empty, and ranking
does the rest, all in one SQL statement over the GIN index:

    rank = 2.0 * coverage        share of the query's words the paper contains
         + 1.0 * title coverage  share of the words in its title
         + 0.5 * proximity       share of adjacent word pairs found side by side
         + 1.0 * tag coverage    share of the words a tag of the paper names
         + 0.3 * ts_rank         term frequency, field weights (normalised to 0..1)

Shares are weighted by inverse document frequency, read from the planner's own
statistics of the tsvector column (pg_stats.most_common_elems, kept by ANALYZE),
so "model" counts little and "unlearning" a lot. Building a plan costs one
small query (lexeme normalisation, frequencies, matching tags).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQueryField,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Paper, PaperTag, Tag
from .search_parser import ParsedQuery, Term, parse_query

SEARCH_CONFIG = "english"


@dataclass(frozen=True)
class RankWeights:
    coverage: float = 2.0
    title: float = 1.0
    proximity: float = 0.5
    tag: float = 1.0
    text_rank: float = 0.3


RANK_WEIGHTS = RankWeights()
# Characters that never survive into a snippet from the text itself (stripped
# first); after escaping they become <mark> tags.
_START, _STOP = "\x01", "\x02"
_LEXEME = re.compile(r"'(?:[^']|'')*'")


def search_papers(queryset: QuerySet, query: str, *, min_coverage: float = 0.0) -> QuerySet:
    """Papers matching `query` (web-search syntax), annotated with `rank`, best first."""
    return SearchPlan.build(query).apply(queryset, min_coverage=min_coverage)


@dataclass(frozen=True)
class _Group:
    query: str  # normalised tsquery text: the alternatives ORed
    weight: float
    tag_ids: frozenset[int]
    lexeme: str | None  # a one-word group's single lexeme, for proximity
    position: int


@dataclass
class SearchPlan:
    """A query normalised by the database, ready to filter, rank and highlight."""

    match: str | None = None  # the tsquery every result matches; None matches nothing
    groups: list[_Group] = field(default_factory=list)
    pairs: list[tuple[str, float]] = field(default_factory=list)  # (phrase tsquery, weight)
    tag_boosts: dict[int, float] = field(default_factory=dict)  # tag id -> share of the query
    highlight: str = ""

    @classmethod
    def build(cls, text: str) -> SearchPlan:
        parsed = parse_query(text)
        if parsed.is_empty:
            return cls()
        return cls.from_parsed(parsed, _normalise(_members(parsed)))

    @classmethod
    def from_parsed(cls, parsed: ParsedQuery, rows: dict[tuple, list[_Normalised]]) -> SearchPlan:
        required: list[_Group] = []
        soft: list[_Group] = []
        positives = [(term,) for term in parsed.required] + list(parsed.groups)
        for index, alternatives in enumerate(positives):
            forms = [rows[("group", index, i)] for i in range(len(alternatives))]
            group = _group(alternatives, forms)
            if group is not None:
                (required if index < len(parsed.required) else soft).append(group)
        groups = required + soft
        if not groups:  # stop words only
            return cls()
        excluded = [rows[("excluded", i, 0)][0].query for i in range(len(parsed.excluded))]
        clauses = [f"( {g.query} )" for g in required]
        if soft:
            clauses.append("( " + " | ".join(f"( {g.query} )" for g in soft) + " )")
        clauses += [f"!( {q} )" for q in excluded if q]
        total = sum(g.weight for g in groups)
        tag_boosts = {
            tag_id: sum(g.weight for g in groups if tag_id in g.tag_ids) / total
            for tag_id in frozenset().union(*(g.tag_ids for g in groups))
        }
        return cls(
            match=" & ".join(clauses),
            groups=groups,
            pairs=_pairs(soft),
            tag_boosts=tag_boosts,
            highlight=" | ".join(f"( {g.query} )" for g in groups),
        )

    def apply(self, queryset: QuerySet, *, min_coverage: float = 0.0) -> QuerySet:
        if self.match is None:
            return queryset.none().annotate(rank=Value(0.0), coverage=Value(0.0))
        queryset = queryset.filter(_matches(self.match)).annotate(
            coverage=self._coverage(), rank=self._rank()
        )
        if min_coverage > 0:
            queryset = queryset.filter(coverage__gte=min_coverage)
        return queryset.order_by("-rank", "-vote_count", "id")

    def snippets(self, paper_ids) -> dict[int, SafeString]:
        """Highlighted abstract fragments of the given papers (a page's rows), in one query."""
        if self.match is None or not paper_ids:
            return {}
        clean_abstract = Func(F("abstract"), Value(_START + _STOP), Value(""), function="translate")
        headline = SearchHeadline(
            clean_abstract,
            _tsquery(self.highlight),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = Paper.objects.filter(pk__in=paper_ids).annotate(snippet=headline)
        return {pk: _marked(snippet) for pk, snippet in rows.values_list("pk", "snippet")}

    def _share(self, weighted: list[tuple[str, float]]):
        total = sum(weight for _, weight in weighted)
        if not total:
            return Value(0.0)
        cases = [
            Case(When(_matches(q), then=Value(w / total)), default=Value(0.0)) for q, w in weighted
        ]
        return ExpressionWrapper(sum(cases[1:], cases[0]), output_field=FloatField())

    def _coverage(self):
        return self._share([(g.query, g.weight) for g in self.groups])

    def _rank(self):
        w = RANK_WEIGHTS
        title = self._share([(_in_title(g.query), g.weight) for g in self.groups])
        text_rank = SearchRank(F("search_vector"), _tsquery(self.highlight), normalization=32)
        rank = (
            w.coverage * self._coverage()
            + w.title * title
            + w.proximity * self._share(self.pairs)
            + w.text_rank * text_rank
        )
        if self.tag_boosts:
            rank = rank + w.tag * Coalesce(self._tag_boost(), Value(0.0))
        return ExpressionWrapper(rank, output_field=FloatField())

    def _tag_boost(self):
        boost = Case(
            *(When(tag_id=tag_id, then=Value(share)) for tag_id, share in self.tag_boosts.items()),
            default=Value(0.0),
        )
        best = (
            PaperTag.objects.filter(paper=OuterRef("pk"), tag_id__in=self.tag_boosts)
            .annotate(boost=boost)
            .order_by("-boost")
            .values("boost")[:1]
        )
        return Subquery(best, output_field=FloatField())


def suggest_titles(queryset: QuerySet, text: str, *, limit: int = 5) -> list[Paper]:
    """The papers whose titles look most like `text` (pg_trgm word similarity, GIN index)."""
    text = parse_query(text).positive_text[:200]
    if not text:
        return []
    return list(
        queryset.filter(title__trigram_word_similar=text)
        .annotate(similarity=TrigramWordSimilarity(text, "title"))
        .order_by("-similarity", "-vote_count", "id")
        .only("id", "title", "arxiv_id", "short_id")[:limit]
    )


# -- building blocks ----------------------------------------------------------


def _tsquery(text: str):
    """A tsquery literal already normalised by the database: no re-stemming."""
    return Cast(Value(text), output_field=SearchQueryField())


def _matches(tsquery: str):
    return Func(
        F("search_vector"),
        _tsquery(tsquery),
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _in_title(tsquery: str) -> str:
    """The same query restricted to lexemes of weight A (the title)."""
    return _LEXEME.sub(lambda m: f"{m.group(0)}:A", tsquery)


def _marked(snippet: str) -> SafeString:
    return mark_safe(escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _group(alternatives: tuple[Term, ...], normalised: list[list[_Normalised]]):
    """One soft or required group from its alternatives' forms, or None for stop words."""
    # An alternative whose own form is a stop word is dropped with its variant ("and" → "ands").
    forms = [f for forms in normalised if forms[0].query for f in forms if f.query]
    if not forms:
        return None
    queries = sorted({f.query for f in forms})
    freq = min(1.0, sum(min(f.freq for f in forms if f.query == q) for q in queries))
    first = forms[0].query
    one_word = len(alternatives) == 1 and not alternatives[0].phrase
    return _Group(
        query=" | ".join(f"( {q} )" for q in queries),
        weight=math.log(1 + 1 / freq) if freq else 1.0,
        tag_ids=frozenset().union(*(f.tag_ids for f in forms)),
        lexeme=first if one_word and _LEXEME.fullmatch(first) else None,
        position=alternatives[0].position,
    )


def _pairs(soft: list[_Group]) -> list[tuple[str, float]]:
    """Adjacent one-word groups as phrases, keeping the query's gaps (stop words count)."""
    words = sorted((g for g in soft if g.lexeme), key=lambda g: g.position)
    pairs = []
    for a, b in pairwise(words):
        distance = b.position - a.position
        operator = "<->" if distance == 1 else f"<{distance}>"
        pairs.append((f"{a.lexeme} {operator} {b.lexeme}", (a.weight + b.weight) / 2))
    return pairs


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


@dataclass(frozen=True)
class _Normalised:
    query: str  # '' for stop words only
    freq: float  # estimated share of papers containing it
    tag_ids: frozenset[int]


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
SELECT m.idx,
       q.query::text,
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
    """One query: each form as the database's tsquery, its frequency and the tags it names."""
    keys = [key for key, forms in members.items() for _ in forms]
    terms = [form for forms in members.values() for form in forms]
    sql = _NORMALISE_SQL.format(tags=connection.ops.quote_name(Tag._meta.db_table))
    params = {
        "papers": Paper._meta.db_table,
        "config": SEARCH_CONFIG,
        "texts": [t.text for t in terms],
        "phrases": [t.phrase for t in terms],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    normalised: dict[tuple, list[_Normalised]] = {key: [] for key in members}
    for key, (_idx, query, freqs, tag_ids, min_freq) in zip(keys, rows, strict=True):
        if min_freq is None:  # never analysed: every word weighs the same
            freq = 0.0
        else:  # below the statistics' cut-off: rarer than the rarest listed lexeme
            freq = min((f if f is not None else min_freq / 2 for f in freqs), default=0.0)
        normalised[key].append(_Normalised(query=query, freq=freq, tag_ids=frozenset(tag_ids)))
    return normalised
