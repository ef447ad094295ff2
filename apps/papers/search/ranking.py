"""Full-text search over the stored search vector (title A, authors B, abstract C).

`search_papers(queryset, query)` is the one entry point the site and the API
share: papers matching `query` (web-search syntax), annotated with `rank`,
best first.

Matching: quoted phrases and -exclusions are exact; plain words and `a or b`
groups are soft, so a paper needs only one of them (one of the rarer ones, when
the query mixes rare and very common words). That keeps natural queries
("unlearning and adversarial attacks") from coming back empty, and ranking
does the rest, in the same SQL statement, over the rows the GIN index finds:

    rank = 2.0 * coverage        share of the query's words the paper contains
         + 1.0 * title coverage  share of them in its title
         + 0.5 * proximity       share of neighbouring query words found side by side
         + 1.0 * tag coverage    share of the words one of the paper's tags names
         + 0.3 * ts_rank         term frequency and field weights, scaled to 0..1

Shares are weighted by word rarity (see search_terms.py), so "model" counts
little and "unlearning" a lot. Building a plan costs one small query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQueryField,
    TrigramWordSimilarity,
)
from django.db.models import (
    BooleanField,
    Case,
    Expression,
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

from ..models import Paper, PaperTag
from .parser import parse_query
from .terms import LEXEME, SEARCH_CONFIG, Group, adjacent_pairs, normalise_terms

__all__ = ["SEARCH_CONFIG", "SearchPlan", "search_papers", "suggest_titles"]


QS = TypeVar("QS", bound=QuerySet)


@dataclass(frozen=True)
class RankWeights:
    coverage: float = 2.0
    title: float = 1.0
    proximity: float = 0.5
    tag: float = 1.0
    text_rank: float = 0.3


RANK_WEIGHTS = RankWeights()
# Words in more than this share of papers ("model", "LLMs") only rank when the
# query has rarer words: alone they would match, and make PostgreSQL score,
# nearly every paper (Lucene's "common terms" idea).
COMMON_WORD_SHARE = 0.5
# Characters stripped from the text before highlighting, so after escaping
# they can only be ts_headline's own marks, which become <mark> tags.
_START, _STOP = "\x01", "\x02"


def search_papers(queryset: QS, query: str, *, min_coverage: float = 0.0) -> QS:
    """Papers matching `query` (web-search syntax), annotated with `rank`, best first.

    `min_coverage` (0..1) keeps only papers containing at least that share of the words.
    """
    return SearchPlan.build(query).apply(queryset, min_coverage=min_coverage)


@dataclass
class SearchPlan:
    """A query normalised by the database, ready to filter, rank and highlight."""

    match: str | None = None  # the tsquery every result matches; None matches nothing
    groups: list[Group] = field(default_factory=list)
    pairs: list[tuple[str, float]] = field(default_factory=list)  # (phrase tsquery, weight)
    tag_boosts: dict[int, float] = field(default_factory=dict)  # tag id -> share of the query

    @classmethod
    def build(cls, text: str) -> SearchPlan:
        parsed = parse_query(text)
        if parsed.is_empty:
            return cls()
        terms = normalise_terms(parsed)
        if not terms.groups:  # stop words only
            return cls()
        clauses = [f"( {g.query} )" for g in terms.required]
        matching = [g for g in terms.soft if g.freq < COMMON_WORD_SHARE] or terms.soft
        if matching:
            clauses.append("( " + " | ".join(f"( {g.query} )" for g in matching) + " )")
        clauses += [f"!( {q} )" for q in terms.excluded]
        total = sum(g.weight for g in terms.groups)
        tagged = frozenset().union(*(g.tag_ids for g in terms.groups))
        return cls(
            match=" & ".join(clauses),
            groups=terms.groups,
            pairs=adjacent_pairs(terms.soft),
            tag_boosts={
                tag: sum(g.weight for g in terms.groups if tag in g.tag_ids) / total
                for tag in tagged
            },
        )

    @property
    def any_word(self) -> str:
        return " | ".join(f"( {g.query} )" for g in self.groups)

    def apply(self, queryset: QS, *, min_coverage: float = 0.0) -> QS:
        if self.match is None:
            return queryset.none().annotate(rank=Value(0.0))
        queryset = queryset.filter(_matches(self.match))
        if min_coverage > 0:
            queryset = queryset.alias(search_coverage=self._coverage()).filter(
                search_coverage__gte=min_coverage
            )
        return queryset.annotate(rank=self._rank()).order_by("-rank", "-vote_count", "id")

    def annotate_page(self, papers: Iterable[Paper]) -> None:
        """Set `snippet` (highlighted, safe HTML) and `coverage` on a page of results: one query."""
        papers = list(papers)
        if self.match is None or not papers:
            return
        abstract = Func(F("abstract"), Value(_START + _STOP), Value(""), function="translate")
        headline = SearchHeadline(
            abstract,
            _tsquery(self.any_word),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = (
            Paper.objects.filter(pk__in=[p.pk for p in papers])
            .annotate(snippet=headline, coverage=self._coverage())
            .values_list("pk", "snippet", "coverage")
        )
        found = {pk: (snippet, coverage) for pk, snippet, coverage in rows}
        for paper in papers:
            snippet, coverage = found.get(paper.pk, ("", 0.0))
            paper.coverage, paper.snippet = coverage, _marked(snippet)  # type: ignore[attr-defined]

    def _coverage(self) -> Expression:
        params: list = []
        sql = _share_sql([(g.query, g.weight) for g in self.groups], params)
        return _VectorScore(sql, params)

    def _rank(self) -> Expression:
        w = RANK_WEIGHTS
        params: list = []
        coverage = _share_sql([(g.query, g.weight) for g in self.groups], params)
        title = _share_sql([(_in_title(g.query), g.weight) for g in self.groups], params)
        proximity = _share_sql(self.pairs, params)
        params.append(self.any_word)
        sql = (
            f"{w.coverage} * {coverage} + {w.title} * {title} + {w.proximity} * {proximity}"
            f" + {w.text_rank} * ts_rank(v, %s::tsquery, 32)"
        )
        rank: Expression = _VectorScore(sql, params)
        if self.tag_boosts:
            rank = rank + w.tag * Coalesce(self._tag_boost(), Value(0.0))
        return rank

    def _tag_boost(self) -> Subquery:
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


class _VectorScore(Expression):
    """SQL over `v`, the row's search vector decompressed once.

    Each `@@` on the column itself would decompress the stored vector again;
    `|| ''` yields a plain in-memory copy, and OFFSET 0 keeps PostgreSQL from
    folding the subquery back into every reference.
    """

    output_field = FloatField()

    def __init__(self, sql: str, params: list):
        super().__init__()
        self.sql, self.params = sql, params
        self.vector = F("search_vector")

    def get_source_expressions(self) -> list[Any]:
        return [self.vector]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.vector,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        vector_sql, vector_params = compiler.compile(self.vector)
        sql = f"(SELECT {self.sql} FROM (SELECT {vector_sql} || ''::tsvector AS v OFFSET 0) AS _s)"
        return sql, [*self.params, *vector_params]


def _share_sql(weighted: list[tuple[str, float]], params: list) -> str:
    """The weighted share of the tsqueries `v` matches, 0..1; appends its parameters."""
    total = sum(weight for _, weight in weighted)
    if not total:
        return "0.0"
    cases = []
    for query, weight in weighted:
        cases.append("CASE WHEN v @@ %s::tsquery THEN %s ELSE 0.0 END")
        params += [query, weight / total]
    return "(" + " + ".join(cases) + ")"


def _tsquery(text: str) -> Expression:
    """A tsquery literal already normalised by the database: no re-stemming."""
    return Cast(Value(text), output_field=SearchQueryField())


def _matches(tsquery: str) -> Expression:
    return Func(
        F("search_vector"),
        _tsquery(tsquery),
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _in_title(tsquery: str) -> str:
    """The same query restricted to lexemes of weight A (the title)."""
    return LEXEME.sub(lambda m: f"{m.group(0)}:A", tsquery)


def _marked(snippet: str) -> SafeString:
    return mark_safe(escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>"))
