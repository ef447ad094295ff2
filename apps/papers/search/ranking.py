"""Full-text search over the stored search vector (title A, authors B, abstract C).

`search_papers(queryset, query)` is the one entry point the site and the API
share: papers matching `query` (web-search syntax), annotated with `rank`,
best first.

Matching: quoted phrases and -exclusions are exact; plain words and `a or b`
groups are soft, so a paper needs only one of them (one of the rarer ones, when
the query mixes rare and very common words). That keeps natural queries
("unlearning and adversarial attacks") from coming back empty.

Ranking is BM25-like, over a window of the matches worth ranking (see
candidates.py): each query word adds its rarity (idf, see terms.py) times a
saturating, length-normalised count of its occurrences (tf: ts_rank of the
word alone, a title mention counting five abstract ones), plus its rarity
again if the paper has it at all, so that covering the query's rare words
beats repeating one:

    rank = (sum over words  idf * (tf * (1 + k) / (tf + k * (1 - b + b * length / mean length))
                                   + 1.0 * present)
            + the same for other names of a kind of paper the query names (half their idf)
            + 0.5 * idf of neighbouring query words found side by side) / sum of the words' idf
         + 1.0 * tag coverage    share of the words one of the paper's tags names

Building a plan costs one small query, applying it one more: the window's
ids, picked through the GIN index; the count and the page then read papers by
id, and rank the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQueryField,
    TrigramWordSimilarity,
)
from django.db import connections, transaction
from django.db.models import (
    BigIntegerField,
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
from . import candidates
from .parser import parse_query
from .terms import LEXEME, SEARCH_CONFIG, Group, adjacent_pairs, normalise_terms

__all__ = ["SEARCH_CONFIG", "SearchPlan", "search_papers", "suggest_titles"]


QS = TypeVar("QS", bound=QuerySet)


@dataclass(frozen=True)
class RankWeights:
    coverage: float = 1.0  # the share of the query's words a paper contains
    saturation: float = 0.3  # BM25's k1, on ts_rank's 0..1 scale of a word's occurrences
    length: float = 0.5  # BM25's b: how much a long abstract dilutes its words
    proximity: float = 0.5
    tag: float = 1.0
    # ts_rank's weights of lexemes from the abstract (C), the authors (B) and the title (A).
    fields: tuple[float, float, float, float] = (0.1, 0.2, 0.4, 1.0)


RANK_WEIGHTS = RankWeights()
# Words in more than this share of papers ("model", "LLMs") only rank when the
# query has rarer words: alone they would match, and make PostgreSQL score,
# nearly every paper (Lucene's "common terms" idea).
COMMON_WORD_SHARE = 0.5
# Characters stripped from the text before highlighting, so after escaping
# they can only be ts_headline's own marks, which become <mark> tags.
_START, _STOP = "\x01", "\x02"


def search_papers(
    queryset: QS, query: str, *, min_coverage: float = 0.0, best_only: bool = True
) -> QS:
    """Papers matching `query` (web-search syntax), annotated with `rank`, best first.

    `min_coverage` (0..1) keeps only papers containing at least that share of the words.
    With `best_only` (for a list in relevance order) only the window of the best
    matches is returned: WINDOW + 1 papers at most, so a caller can tell there were more.
    """
    return SearchPlan.build(query).apply(queryset, min_coverage=min_coverage, best_only=best_only)


@dataclass
class SearchPlan:
    """A query normalised by the database, ready to filter, rank and highlight."""

    match: str | None = None  # the tsquery every result matches; None matches nothing
    required: list[Group] = field(default_factory=list)  # quoted phrases
    soft: list[Group] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # tsqueries
    expansions: list[Group] = field(default_factory=list)
    pairs: list[tuple[str, float]] = field(default_factory=list)  # (phrase tsquery, weight)
    tag_boosts: dict[int, float] = field(default_factory=dict)  # tag id -> share of the query
    tiers: list[str] = field(default_factory=list)  # the first pass: see candidates.py
    mean_length: float = 0.0
    window: int | None = None  # how many ids the last best_only apply() fetched

    @classmethod
    def build(cls, text: str) -> SearchPlan:
        parsed = parse_query(text)
        if parsed.is_empty:
            return cls()
        terms = normalise_terms(parsed)
        if not terms.groups:  # stop words only
            return cls()
        required = [g.query for g in terms.required]
        common = COMMON_WORD_SHARE * terms.papers
        matching = [g for g in terms.soft if not terms.papers or g.df < common] or terms.soft
        clauses = [f"( {q} )" for q in required]
        if matching:
            clauses.append("( " + " | ".join(f"( {g.query} )" for g in matching) + " )")
        clauses += [f"!( {q} )" for q in terms.excluded]
        total = sum(g.idf for g in terms.groups)
        tagged = frozenset().union(*(g.tag_ids for g in terms.groups))
        required_share = 1.0
        for g in terms.required:
            required_share *= min(g.df / terms.papers, 1.0) if terms.papers else 1.0
        return cls(
            match=" & ".join(clauses),
            required=terms.required,
            soft=terms.soft,
            excluded=terms.excluded,
            expansions=terms.expansions,
            pairs=adjacent_pairs(terms.soft),
            tag_boosts={
                tag: sum(g.idf for g in terms.groups if tag in g.tag_ids) / total for tag in tagged
            },
            tiers=candidates.candidate_tiers(
                matching,
                terms.papers,
                required=required,
                excluded=terms.excluded,
                required_share=required_share,
            ),
            mean_length=terms.mean_length,
        )

    @property
    def groups(self) -> list[Group]:
        return self.required + self.soft

    @property
    def any_word(self) -> str:
        return " | ".join(f"( {g.query} )" for g in self.groups)

    def apply(self, queryset: QS, *, min_coverage: float = 0.0, best_only: bool = True) -> QS:
        if self.match is None:
            return queryset.none().annotate(rank=Value(0.0))
        if best_only:
            # Fetched once here, so that each page reads the window by id, and the count is
            # known without another query (RankedPaginator(counted=plan.window)).
            ids = _window_ids(self._window(queryset))
            self.window = len(ids)
            results = queryset.filter(_any_id(ids))
        else:
            results = queryset.filter(matches(self.match))
        if min_coverage > 0:
            # As a tsquery the GIN index answers; computed per paper only for very long queries.
            covering = candidates.covering(self.groups, min_coverage)
            if covering is not None:
                results = results.filter(matches(covering))
            else:
                results = results.alias(search_coverage=self.coverage()).filter(
                    search_coverage__gte=min_coverage
                )
        return results.annotate(rank=self._rank()).order_by("-rank", "-vote_count", "id")

    def _window(self, queryset: QuerySet) -> QuerySet:
        """The ids of the matches worth ranking: each tier's in turn, WINDOW + 1 at most."""
        base = queryset.order_by().values_list("pk", flat=True)
        size = candidates.WINDOW + 1
        tiers = [base.filter(matches(tier))[:size] for tier in self.tiers]
        return tiers[0].union(*tiers[1:], all=True)[:size] if len(tiers) > 1 else tiers[0]

    def annotate_page(self, papers: Iterable[Paper]) -> None:
        """Set `snippet` (highlighted, safe HTML) and `coverage` on a page of results: one query."""
        papers = list(papers)
        if self.match is None or not papers:
            return
        abstract = Func(F("abstract"), Value(_START + _STOP), Value(""), function="translate")
        headline = SearchHeadline(
            abstract,
            tsquery(self.any_word),
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
            .annotate(snippet=headline, coverage=self.coverage())
            .values_list("pk", "snippet", "coverage")
        )
        found = {pk: (snippet, coverage) for pk, snippet, coverage in rows}
        for paper in papers:
            snippet, coverage = found.get(paper.pk, ("", 0.0))
            paper.coverage, paper.snippet = coverage, _marked(snippet)  # type: ignore[attr-defined]

    def coverage(self) -> Expression:
        """The share of the query's words (weighted by rarity) a paper contains, 0..1."""
        params: list = []
        sql = share_sql([(g.query, g.idf) for g in self.groups], params)
        return VectorScore(sql, params)

    def _rank(self) -> Expression:
        w = RANK_WEIGHTS
        total = sum(g.idf for g in self.groups)
        k = w.saturation
        b = w.length if self.mean_length else 0.0  # nothing counted yet: no mean to compare to
        pair_weight = w.proximity * sum(weight for _, weight in self.pairs) / total
        params: list = []  # in the order of their placeholders: proximity's first
        proximity = share_sql(self.pairs, params) if self.pairs else "0.0"
        columns, terms = [], []
        fields = "{" + ",".join(str(f) for f in w.fields) + "}"
        for n, group in enumerate(self.groups + self.expansions):
            # The best of its alternatives: ts_rank divides an or-ed query's score by its length.
            ranks = []
            for query in group.parts:
                ranks.append(f"ts_rank('{fields}'::float4[], v, %s::tsquery, 0)")
                params.append(query)
            columns.append(f"greatest({', '.join(ranks)}) AS t{n}")
            share = group.idf / total
            terms.append(f"{share} * t{n} * {1 + k} / (t{n} + {k} * norm)")
            if n < len(self.groups):  # its share of the query, if present (not an expansion)
                terms.append(f"{w.coverage * share} * sign(t{n})")
        params.append(self.mean_length or 1.0)
        columns.append(f"{1 - b} + {b} * length(v) / %s::float8 AS norm")
        sql = (
            f"(SELECT {' + '.join(terms)} + {pair_weight} * {proximity}"
            f" FROM (SELECT {', '.join(columns)}, v OFFSET 0) AS _t)"
        )
        rank: Expression = VectorScore(sql, params)
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


class VectorScore(Expression):
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


def share_sql(weighted: list[tuple[str, float]], params: list) -> str:
    """The weighted share of the tsqueries `v` matches, 0..1; appends its parameters."""
    total = sum(weight for _, weight in weighted)
    if not total:
        return "0.0"
    cases = []
    for query, weight in weighted:
        cases.append("CASE WHEN v @@ %s::tsquery THEN %s ELSE 0.0 END")
        params += [query, weight / total]
    return "(" + " + ".join(cases) + ")"


def tsquery(text: str) -> Expression:
    """A tsquery literal already normalised by the database: no re-stemming."""
    return Cast(Value(text), output_field=SearchQueryField())


def matches(query: str) -> Expression:
    """The paper's search vector matches the normalised tsquery `query`."""
    return Func(
        F("search_vector"),
        tsquery(query),
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _window_ids(window: QuerySet) -> list[int]:
    """The window's ids, the same on every request.

    Where a word is in a good share of the papers, PostgreSQL finds the window's first
    matches with a sequential scan, and by default starts it wherever a concurrent
    scan of the table is (`synchronize_seqscans`): the same search showed other papers
    on each request, its pages overlapped, and no card could be reused. From the
    table's start, as a GIN bitmap scan already reads, the window is stable; only for
    this query (SET LOCAL), so nothing else and no pooled connection is changed.
    """
    with transaction.atomic(using=window.db):
        with connections[window.db].cursor() as cursor:
            cursor.execute("SELECT set_config('synchronize_seqscans', 'off', true)")
        return list(window)


class _IdArray(ArrayField):
    """A list of ids, bound as it is: ArrayField would pass each of a thousand ints
    through BigIntegerField's conversion first (about 3 ms of a search page)."""

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        return list(value)


def _any_id(ids: list[int]) -> Expression:
    """id = ANY(one array parameter): a thousand ids bound as one value, not a thousand."""
    array = Value(ids, output_field=_IdArray(BigIntegerField()))
    return Func(
        F("pk"),
        array,
        template="(%(expressions)s))",
        arg_joiner=" = ANY(",
        output_field=BooleanField(),
    )


def in_title(query: str) -> str:
    """The same query restricted to lexemes of weight A (the title)."""
    return LEXEME.sub(lambda m: f"{m.group(0)}:A", query)


def _marked(snippet: str) -> SafeString:
    return mark_safe(escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>"))
