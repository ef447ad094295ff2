"""The first pass: which matches are worth ranking.

Ranking reads each paper's search vector (about 10 µs a paper); a query
whose words are common matches hundreds of thousands. So only a window of at
most WINDOW papers is ranked: those containing the most query weight. A
paper's "presence" is the summed rarity (idf) of the query words it
contains; the papers whose presence reaches a threshold are the papers
matching a tsquery (any minimal set of words reaching it, each set joined by
&), which the GIN index answers without reading a vector. The threshold is
the lowest one whose matches fit the window, estimated from the words'
document frequencies as if words were independent; the next lower tier fills
what is left of the window. Words together are more common than that
estimate says, so the first tier can overflow: its first WINDOW matches are
taken then, in no particular order, and all of them have the highest
presence there is.
"""

from __future__ import annotations

from itertools import combinations

from .terms import Group

WINDOW = 1000
# Candidate tiers are built from the rarest words; more common ones add too
# little presence to decide what is worth ranking, and would multiply the sets.
MAX_TIER_WORDS = 6


def candidate_tiers(
    words: list[Group],
    papers: int,
    *,
    required: list[str],
    excluded: list[str],
    required_share: float = 1.0,
) -> list[str]:
    """tsqueries whose matches, in this order, fill the ranking window.

    `words` are the query's matching soft groups; every tier also has the
    `required` clauses (found in `required_share` of the papers, at most) and
    none of the `excluded` ones.
    """
    if not papers:  # nothing counted, no estimate: every match
        return [_with([{i} for i in range(len(words))], required, excluded, words)]
    words = sorted(words, key=lambda g: g.df)[:MAX_TIER_WORDS]
    if not words:  # phrases alone
        return [_with(None, required, excluded)]
    share = [min(g.df / papers, 1.0) for g in words]
    # Each set of words with its presence and the expected papers containing exactly it.
    subsets = []
    for size in range(1, len(words) + 1):
        for subset in combinations(range(len(words)), size):
            expected = papers * required_share
            for i, s in enumerate(share):
                expected *= s if i in subset else 1 - s
            subsets.append((round(sum(words[i].idf for i in subset), 9), subset, expected))
    thresholds = sorted({score for score, _, _ in subsets}, reverse=True)
    estimates = [sum(e for score, _, e in subsets if score >= t) for t in thresholds]
    chosen = max([n for n, estimate in enumerate(estimates) if estimate <= WINDOW], default=0)
    first = _reaching(thresholds[chosen], subsets)
    tiers = [_with(first, required, excluded, words)]
    if estimates[chosen] <= WINDOW and chosen + 1 < len(thresholds):
        second = _reaching(thresholds[chosen + 1], subsets)
        tiers.append(_with(second, required, excluded, words, minus=first))
    return tiers


def covering(words: list[Group], share: float) -> str | None:
    """A tsquery for "contains at least `share` of the words' weight" (None: too many words)."""
    if len(words) > MAX_TIER_WORDS:
        return None
    subsets = [
        (round(sum(words[i].idf for i in subset), 9), subset, 0.0)
        for size in range(1, len(words) + 1)
        for subset in combinations(range(len(words)), size)
    ]
    threshold = round(share * sum(g.idf for g in words), 9)
    return _any_of(_reaching(threshold, subsets), words)


Subsets = list[tuple[float, tuple[int, ...], float]]


def _reaching(threshold: float, subsets: Subsets) -> list[set[int]]:
    """The minimal sets of words worth at least `threshold` (a paper must contain one of them)."""
    reaching = [set(subset) for score, subset, _ in subsets if score >= threshold]
    return [s for s in reaching if not any(other < s for other in reaching)]


def _with(
    sets: list[set[int]] | None,
    required: list[str],
    excluded: list[str],
    words: list[Group] | None = None,
    *,
    minus: list[set[int]] | None = None,
) -> str:
    clauses = [f"( {_any_of(sets, words or [])} )"] if sets else []
    clauses += [f"( {q} )" for q in required]
    clauses += [f"!( {q} )" for q in excluded]
    if minus:
        clauses.append(f"!( {_any_of(minus, words or [])} )")
    return " & ".join(clauses)


def _any_of(sets: list[set[int]], words: list[Group]) -> str:
    return " | ".join(
        "( " + " & ".join(f"( {words[i].query} )" for i in sorted(s)) + " )" for s in sets
    )
