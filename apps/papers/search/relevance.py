"""Offline relevance evaluation: a judged query set, precision@k and nDCG@k.

The judged set (judged_queries.json) names papers by title; results are
compared by title key, so case and punctuation do not matter.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

from apps.papers.identifiers import title_key
from apps.papers.search import SEARCH_CONFIG, search_papers

JUDGED_QUERIES_PATH = Path(__file__).with_name("judged_queries.json")

Ranker = Callable[[QuerySet, str], QuerySet]


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    grades: dict[str, int]  # title key -> 2 (what the query is about) or 1 (relevant)


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


RANKERS: dict[str, Ranker] = {"search_papers": search_papers, "websearch": websearch_baseline}


def top_titles(ranker: Ranker, queryset: QuerySet, query: str, k: int = 10) -> list[str]:
    return list(ranker(queryset, query).values_list("title", flat=True)[:k])


def score(ranker: Ranker, queryset: QuerySet, judged: JudgedQuery, k: int = 10) -> Score:
    ranked = [title_key(title) for title in top_titles(ranker, queryset, judged.query, k)]
    return Score(precision_at(ranked, judged.grades, k), ndcg_at(ranked, judged.grades, k))
