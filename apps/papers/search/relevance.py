"""Offline relevance evaluation: judged query sets, precision@k and nDCG@k, baseline rankers.

Two judged sets, both over the demo papers, compared by title key (case and
punctuation do not matter):

- judged_queries.json: queries a curator might type, each with the papers it
  should find, graded 2 (what it is about) or 1 (relevant);
- the curator's tags (apps/papers/data/): each tag's name as a query, the
  papers carrying the tag as its relevant papers (grade 1), searched among
  the labelled papers only, so that every result is judged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from apps.papers.identifiers import title_key
from apps.papers.models import Paper
from apps.papers.search import SEARCH_CONFIG, SearchPlan, search_papers
from apps.papers.search.ranking import VectorScore, in_title, matches, share_sql

JUDGED_QUERIES_PATH = Path(__file__).with_name("judged_queries.json")
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LABELLED_PAPERS_PATH = DATA_DIR / "labelled_papers.jsonl"
TAG_TAXONOMY_PATH = DATA_DIR / "tag_taxonomy.json"

Ranker = Callable[[QuerySet, str], QuerySet]


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    grades: dict[str, int]  # title key -> 2 (what the query is about) or 1 (relevant)


@dataclass(frozen=True)
class JudgedSet:
    name: str
    queries: list[JudgedQuery]
    papers: set[str] = field(default_factory=set)  # title keys searched; empty: every demo paper


@dataclass(frozen=True)
class Score:
    precision: float
    ndcg: float


def load_judged_queries(path: Path = JUDGED_QUERIES_PATH) -> list[JudgedQuery]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        JudgedQuery(
            query=item["query"],
            grades={title_key(title): grade for title, grade in item["relevant"].items()},
        )
        for item in data["queries"]
    ]


def load_tag_queries(
    labelled: Path = LABELLED_PAPERS_PATH, taxonomy: Path = TAG_TAXONOMY_PATH
) -> JudgedSet:
    """A query per tag (its name), relevant = the labelled papers carrying the tag."""
    papers = [json.loads(line) for line in labelled.read_text("utf-8").splitlines() if line]
    tags = json.loads(taxonomy.read_text("utf-8"))
    queries = [
        JudgedQuery(
            query=tag["name"],
            grades={title_key(p["title"]): 1 for p in papers if tag["slug"] in p["tags"]},
        )
        for tag in tags
    ]
    return JudgedSet(
        name="curator tags",
        queries=[q for q in queries if q.grades],
        papers={title_key(p["title"]) for p in papers},
    )


def precision_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    return sum(1 for key in ranked[:k] if grades.get(key, 0) > 0) / k


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**gain - 1) / math.log2(i + 2) for i, gain in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(key, 0) for key in ranked]) / ideal if ideal else 0.0


def websearch_baseline(queryset: QuerySet, query: str) -> QuerySet:
    """The plain approach: websearch_to_tsquery (every word required), ranked by ts_rank."""
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-vote_count", "id")
    )


def coverage_baseline(queryset: QuerySet, query: str) -> QuerySet:
    """The ranking search_papers had before BM25, kept to compare with.

    Every match ranked by 2.0 * coverage + 1.0 * title coverage + 0.5 * proximity
    + 1.0 * tag coverage + 0.3 * ts_rank, words weighted ln(1 + 1/share) with
    the shares from the planner's statistics (pg_stats.most_common_elems), and
    words in more than half the papers matching only when nothing rarer is asked.
    """
    plan = SearchPlan.build(query)
    if plan.match is None:
        return queryset.none().annotate(rank=Value(0.0))
    weights = _planner_weights(plan)
    weight = {g.query: w for g, (w, _) in zip(plan.groups, weights, strict=True)}
    share = {g.query: share for g, (_, share) in zip(plan.groups, weights, strict=True)}
    matching = [g for g in plan.soft if share[g.query] < 0.5] or plan.soft
    clauses = [f"( {g.query} )" for g in plan.required]
    if matching:
        clauses.append("( " + " | ".join(f"( {g.query} )" for g in matching) + " )")
    clauses += [f"!( {q} )" for q in plan.excluded]
    params: list = []
    words = [(g.query, weight[g.query]) for g in plan.groups]
    coverage = share_sql(words, params)
    title = share_sql([(in_title(q), w) for q, w in words], params)
    pairs = [(pair, _pair_weight(pair, plan, weight)) for pair, _ in plan.pairs]
    proximity = share_sql(pairs, params)
    params.append(plan.any_word)
    sql = (
        f"2.0 * {coverage} + 1.0 * {title} + 0.5 * {proximity} + 0.3 * ts_rank(v, %s::tsquery, 32)"
    )
    rank = VectorScore(sql, params) + 1.0 * Coalesce(_old_tag_boost(plan, weight), Value(0.0))
    return (
        queryset.filter(matches(" & ".join(clauses)))
        .annotate(rank=rank)
        .order_by("-rank", "-vote_count", "id")
    )


RANKERS: dict[str, Ranker] = {
    "search_papers": search_papers,
    "before BM25": coverage_baseline,
    "websearch": websearch_baseline,
}


def top_titles(ranker: Ranker, queryset: QuerySet, query: str, k: int = 10) -> list[str]:
    return list(ranker(queryset, query).values_list("title", flat=True)[:k])


def score(ranker: Ranker, queryset: QuerySet, judged: JudgedQuery, k: int = 10) -> Score:
    ranked = [title_key(title) for title in top_titles(ranker, queryset, judged.query, k)]
    return Score(precision_at(ranked, judged.grades, k), ndcg_at(ranked, judged.grades, k))


def _planner_weights(plan: SearchPlan) -> list[tuple[float, float]]:
    """(weight, share) of each group, from pg_stats as the old ranking read them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs
            FROM pg_stats s
            WHERE s.schemaname = ANY (current_schemas(false))
              AND s.tablename = %s AND s.attname = 'search_vector'
            LIMIT 1
            """,
            [Paper._meta.db_table],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None:  # never analysed: every word weighs the same
        return [(1.0, 0.0) for _ in plan.groups]
    elems, freqs = row
    known = dict(zip(elems, freqs, strict=False))
    floor = freqs[len(elems)] / 2  # below the statistics' cut-off: rarer than the rarest listed
    result = []
    for group in plan.groups:
        share = min(
            1.0, sum(min(known.get(lex, floor) for lex in alt) for alt in group.alternatives)
        )
        result.append((math.log(1 + 1 / share) if share else 1.0, share))
    return result


def _pair_weight(pair: str, plan: SearchPlan, weight: dict[str, float]) -> float:
    by_lexeme = {g.lexeme: weight[g.query] for g in plan.groups if g.lexeme}
    first, *_, last = pair.split(" ")
    return (by_lexeme.get(first, 1.0) + by_lexeme.get(last, 1.0)) / 2


def _old_tag_boost(plan: SearchPlan, weight: dict[str, float]) -> Subquery | Value:
    total = sum(weight.values())
    boosts = {
        tag: sum(weight[g.query] for g in plan.groups if tag in g.tag_ids) / total
        for tag in plan.tag_boosts
    }
    return SearchPlan(tag_boosts=boosts)._tag_boost() if boosts else Value(0.0)
