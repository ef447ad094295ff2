"""The first pass of ranking: which matches fill the window (search.candidates)."""

import pytest

from apps.papers.search import candidates
from apps.papers.search.terms import Group, idf

PAPERS = 1_000_000


def word(lexeme, df):
    query = f"'{lexeme}'"
    return Group(
        query=query,
        parts=(query,),
        alternatives=((lexeme,),),
        df=df,
        idf=idf(df, PAPERS),
        tag_ids=frozenset(),
        lexeme=query,
        position=0,
    )


def tiers(*words):
    return candidates.candidate_tiers(list(words), PAPERS, required=[], excluded=[])


def test_rare_words_fit_the_window_whole():
    assert tiers(word("unlearn", 300), word("adversari", 400)) == [
        "( ( ( 'unlearn' ) ) | ( ( 'adversari' ) ) )"
    ]


def test_a_common_word_joins_the_rare_one_and_only_fills_the_rest():
    first, second = tiers(word("specul", 600), word("decod", 50_000))

    assert first == "( ( ( 'specul' ) ) )"  # every paper with the rare word, first
    assert second == "( ( ( 'specul' ) ) | ( ( 'decod' ) ) ) & !( ( ( 'specul' ) ) )"


def test_common_words_alone_take_the_papers_with_all_of_them():
    common = [word("larg", 400_000), word("languag", 500_000), word("model", 600_000)]

    assert tiers(*common) == ["( ( ( 'larg' ) & ( 'languag' ) & ( 'model' ) ) )"]


def test_required_and_excluded_clauses_are_in_every_tier():
    (tier,) = candidates.candidate_tiers(
        [word("kv", 100)], PAPERS, required=["'cach' <-> 'size'"], excluded=["'vision'"]
    )

    assert tier == "( ( ( 'kv' ) ) ) & ( 'cach' <-> 'size' ) & !( 'vision' )"


def test_before_anything_is_counted_every_match_is_a_candidate():
    result = candidates.candidate_tiers(
        [word("larg", 0), word("model", 0)], 0, required=[], excluded=[]
    )

    assert result == ["( ( ( 'larg' ) ) | ( ( 'model' ) ) )"]


@pytest.mark.parametrize("count", [7, 12])
def test_only_the_rarest_words_shape_the_tiers(count):
    words = [word(f"w{n}", 1000 * (n + 1)) for n in range(count)]

    shaped = " ".join(tiers(*words))

    assert "'w5'" in shaped
    assert "'w6'" not in shaped


def test_covering_a_share_of_the_words_is_any_set_of_words_worth_it():
    rare, common = word("specul", 600), word("decod", 50_000)

    assert candidates.covering([rare, common], 0.6) == "( ( 'specul' ) )"
    assert candidates.covering([rare, common], 0.9) == "( ( 'specul' ) & ( 'decod' ) )"


def test_covering_leaves_very_long_queries_to_the_per_paper_share():
    words = [word(f"w{n}", 1000) for n in range(candidates.MAX_TIER_WORDS + 1)]

    assert candidates.covering(words, 0.6) is None
