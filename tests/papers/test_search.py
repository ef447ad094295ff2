"""Ranking and syntax of search_papers, through real PostgreSQL full-text search."""

import pytest

from apps.papers.models import Paper, PaperTag
from apps.papers.search import SearchPlan, candidates, search_papers
from apps.papers.search.stats import search_terms_refresh
from tests.factories import PaperFactory, TagFactory

pytestmark = pytest.mark.django_db
FILLER = "We study large language models and report results on standard benchmarks."


def paper(title, abstract=FILLER, **kwargs):
    return PaperFactory(title=title, abstract=abstract, **kwargs)


def titles(query, queryset=None):
    return [p.title for p in search_papers(queryset or Paper.objects.all(), query)]


def test_title_match_ranks_above_abstract_only_match():
    in_abstract = paper("A study of inference", f"{FILLER} We use speculative decoding.")
    in_title = paper("Speculative decoding at scale")
    paper("Unrelated work on kernels")

    assert titles("speculative decoding") == [in_title.title, in_abstract.title]


def test_results_are_annotated_with_rank_best_first():
    paper("Speculative decoding at scale")
    paper("Faster inference", f"{FILLER} speculative decoding helps.")

    results = list(search_papers(Paper.objects.for_listing(None), "speculative decoding"))

    assert results[0].rank > results[1].rank > 0


def test_page_rows_get_their_coverage():
    full = paper("Speculative decoding at scale")
    half = paper("Decoding strategies")
    plan = SearchPlan.build("speculative decoding")

    plan.annotate_page([full, half])

    assert full.coverage == pytest.approx(1.0)
    assert half.coverage == pytest.approx(0.5)


def test_quoted_phrase_matches_only_the_exact_phrase():
    exact = paper("Speculative decoding for everyone")
    paper("Decoding is speculative", f"{FILLER} decoding that is speculative.")

    assert titles('"speculative decoding"') == [exact.title]


def test_minus_excludes_words_and_phrases_exactly():
    kept = paper("Speculative decoding for transformers")
    paper("Speculative decoding for diffusion models")
    paper("Speculative decoding, fast", f"{FILLER} Unlike state space models, ...")

    assert titles('speculative decoding -diffusion -"state space"') == [kept.title]


def test_or_takes_either_word():
    quantized = paper("Low-bit quantization of LLMs")
    pruned = paper("Structured pruning of LLMs")
    paper("Distillation of LLMs")

    assert set(titles("quantization or pruning")) == {quantized.title, pruned.title}


def test_natural_query_finds_partial_matches_ranked_by_coverage():
    two = paper("Adversarial attacks on video models")
    one = paper("Practical unlearning for language models")
    three = paper("Unlearning under adversarial attacks")
    paper("Scaling laws for kernels")

    assert titles("unlearning and adversarial attacks") == [three.title, two.title, one.title]


def count_terms():
    search_terms_refresh()


def test_rare_words_outweigh_common_ones_once_terms_are_counted():
    common = paper("Adapter design", "We study small networks.")
    rare = paper("Practical methods", "We remove data from a trained network by unlearning.")
    for n in range(30):
        paper(f"Filler paper {n}", f"{FILLER} {'An adapter.' if n % 3 == 0 else ''}")

    # Before counting every word weighs the same, and the title match wins.
    assert titles("adapter unlearning")[0] == common.title
    count_terms()
    assert titles("adapter unlearning")[0] == rare.title


def test_very_common_words_rank_but_do_not_match_next_to_rarer_ones():
    common = paper("Language models, models, models", f"{FILLER} model model model")
    rare = paper("Practical unlearning", "We remove data from a trained network.")
    for n in range(30):
        paper(f"Filler model paper {n}", f"{FILLER} Another model.")
    count_terms()

    assert titles("model unlearning") == [rare.title]
    assert titles("model")[0] == common.title


def test_adjacent_words_rank_above_scattered_ones():
    scattered = paper("Cache design", f"{FILLER} The kv store keeps a cache of blocks.")
    adjacent = paper("Cache design notes", f"{FILLER} The kv cache keeps blocks.")

    assert titles("kv cache") == [adjacent.title, scattered.title]


def test_singular_finds_plural_acronyms():
    plural = paper("Serving LLMs cheaply")

    assert titles("LLM serving") == [plural.title]
    assert titles("llms") == [plural.title]


def test_matching_tag_boosts_a_paper():
    untagged = paper("Low-bit inference", f"{FILLER} We apply quantization.")
    tagged = paper("Low-bit kernels", f"{FILLER} We apply quantization.")
    tag = TagFactory(slug="quantization-compression", name="Quantization & Compression")
    PaperTag.objects.create(paper=tagged, tag=tag, origin=PaperTag.Origin.STAFF)

    assert titles("quantization") == [tagged.title, untagged.title]


def test_author_names_are_searched():
    by_ada = paper("On engines", authors=["Ada Lovelace"])
    paper("On machines", authors=["Alan Turing"])

    assert titles("lovelace") == [by_ada.title]


@pytest.mark.parametrize("query", ["", "   ", "-diffusion", "the and of", '""', "or"])
def test_queries_without_a_positive_word_match_nothing(query):
    paper("The diffusion of ideas")

    results = search_papers(Paper.objects.all(), query)

    assert list(results) == []
    assert results.count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "a & b | !c",
        "'quote' :* (paren",
        "\\ back\\slash",
        "<-> <2>",
        "x:A",
        "ünïcödé ß",
        "nul\x00byte",
    ],
)
def test_tsquery_operators_in_the_input_are_plain_text(query):
    paper("Anything at all")

    list(search_papers(Paper.objects.all(), query))  # no syntax error from PostgreSQL


def test_searching_composes_with_other_filters_and_counts():
    paper("Speculative decoding at scale", status=Paper.Status.REJECTED)
    visible = paper("Speculative decoding, published")

    results = search_papers(Paper.objects.published(), "speculative decoding")

    assert [p.title for p in results] == [visible.title]
    assert results.count() == 1


def test_min_coverage_drops_weak_partial_matches():
    full = paper("Speculative decoding at scale")
    paper("Decoding strategies")

    results = search_papers(Paper.objects.all(), "speculative decoding", min_coverage=0.6)

    assert [p.title for p in results] == [full.title]


def test_snippets_highlight_words_and_escape_everything_else():
    hostile = paper(
        "Speculative <b>decoding</b>",
        'Speculative decoding \x01beats\x02 2 < 3 & "x" > y <img src=x onerror=alert(1)// end',
    )
    plan = SearchPlan.build("speculative decoding")

    plan.annotate_page([hostile])
    snippet = hostile.snippet

    assert snippet.startswith("<mark>Speculative</mark> <mark>decoding</mark> beats 2 &lt; 3")
    assert "&amp; &quot;x&quot; &gt; y &lt;img src=x onerror=alert" in snippet
    assert "<img" not in snippet
    assert "\x01" not in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>") == 2


def test_a_rare_word_outranks_common_words_in_the_title_once_counted():
    rare = paper("A method", "We defend classifiers against adversarial inputs of language models.")
    for n in range(20):
        paper(f"Large language models for language modelling {n}")
    count_terms()

    assert titles("adversarial large language models")[0] == rare.title


def unrelated_papers(count=10):
    for n in range(count):
        paper(f"Protein folding {n}", "Structures of proteins.")


def test_a_kind_of_paper_is_found_by_its_other_names_below_the_words_typed():
    survey = paper("Efficient inference: a survey", "We survey efficient inference methods.")
    review = paper("Efficient inference reviewed", "A review of efficient inference.")
    method = paper("Efficient inference with kernels", "Faster inference kernels.")
    unrelated_papers()
    count_terms()

    assert titles("review of efficient inference") == [review.title, survey.title, method.title]


def test_relevance_order_ranks_only_a_window_of_the_best_matches(monkeypatch):
    monkeypatch.setattr(candidates, "WINDOW", 2)
    for n in range(5):
        paper(f"Decoding study {n}")
    best = paper("Speculative decoding at scale")
    unrelated_papers()
    count_terms()

    ranked = titles("speculative decoding")
    every = search_papers(Paper.objects.all(), "speculative decoding", best_only=False)

    assert len(ranked) == 3  # the window and one more: "more than the window matched"
    assert ranked[0] == best.title
    assert every.count() == 6
