"""The judged query set, its metrics and the commands that print search figures."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from apps.papers.models import Paper
from apps.papers.search.relevance import (
    load_judged_queries,
    load_tag_queries,
    ndcg_at,
    precision_at,
)


def test_precision_counts_relevant_papers_in_the_top_k():
    grades = {"a": 2, "b": 1}

    assert precision_at(["a", "x", "b", "y"], grades, k=4) == 0.5
    assert precision_at(["x", "y", "a"], grades, k=2) == 0.0


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    grades = {"a": 2, "b": 1}

    assert ndcg_at(["a", "b"], grades) == pytest.approx(1.0)
    assert 0 < ndcg_at(["b", "a"], grades) < 1
    assert ndcg_at(["x", "y"], grades) == 0.0


def test_judged_set_names_only_demo_papers():
    from django.conf import settings

    from apps.ingest.parsers.demo import parse_demo_listing

    demo = {r.title_key for r in parse_demo_listing(settings.DEMO_LISTING_PATH.read_text())}
    judged = load_judged_queries()

    assert 40 <= len(judged) <= 60
    assert all(set(item.grades) <= demo for item in judged)
    assert all(item.grades and set(item.grades.values()) <= {1, 2} for item in judged)


def mean_row(text, count):
    """(P@10, nDCG@10) of each ranker, in the command's order, on the set of `count` queries."""
    numbers = re.search(rf"mean over {count} queries((?:\s+[\d.]+){{6}})", text).group(1)
    values = [float(v) for v in numbers.split()]
    return list(zip(values[::2], values[1::2], strict=True))


@pytest.mark.django_db
def test_search_quality_loads_the_demo_and_beats_the_baselines():
    out = StringIO()

    call_command("search_quality", stdout=out)

    text = out.getvalue()
    assert Paper.objects.filter(source="demo").count() == 201
    (ours_p, ours_ndcg), (_old_p, old_ndcg), (_plain_p, plain_ndcg) = mean_row(text, 45)
    # Guards against ranking regressions: figures measured when this was written
    # were P@10 0.458 / nDCG@10 0.800, against 0.458 / 0.792 before BM25 and
    # 0.244 / 0.523 for plain websearch_to_tsquery.
    assert ours_ndcg >= 0.77
    assert ours_p >= 0.43
    assert ours_ndcg >= old_ndcg - 0.01
    assert ours_ndcg - plain_ndcg >= 0.2
    # The curator's tags as queries: 0.500 / 0.782 (before: 0.510 / 0.778; plain 0.325 / 0.505).
    (tags_p, tags_ndcg), _, (_, tags_plain_ndcg) = mean_row(text, 20)
    assert tags_ndcg >= 0.75
    assert tags_p >= 0.47
    assert tags_ndcg - tags_plain_ndcg >= 0.2


def test_tag_queries_name_each_tag_with_its_labelled_papers():
    tags = load_tag_queries()

    assert len(tags.queries) == 20
    assert len(tags.papers) == 121
    assert all(set(q.grades) <= tags.papers for q in tags.queries)
    assert "Surveys & Overviews" in [q.query for q in tags.queries]


@pytest.mark.django_db
def test_search_benchmark_times_queries_and_removes_what_it_generated():
    out = StringIO()

    call_command("search_benchmark", papers=300, runs=1, explain=True, yes=True, stdout=out)

    text = out.getvalue()
    assert "speculative decoding" in text
    assert "Index Cond" in text or "Filter" in text  # the EXPLAIN plans
    assert Paper.objects.filter(source="benchmark").count() == 0


def test_search_benchmark_refuses_to_write_without_debug_or_yes(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--yes"):
        call_command("search_benchmark", papers=10)
