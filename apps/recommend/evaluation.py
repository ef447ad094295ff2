"""How good the similar papers are, on papers labelled with topic tags: for each paper,
the share of its ten neighbours that share one of its tags, and nDCG@10 with "shares a
tag" as the relevance. Printed beside plain TF-IDF cosine, the baseline to beat."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .features import Space, paper_text
from .similar import SIMILAR, Ranked, similar_in_memory

LABELLED = Path(__file__).resolve().parent.parent / "papers" / "data" / "labelled_papers.jsonl"


@dataclass(frozen=True)
class Labelled:
    text: str
    tags: frozenset[str]


@dataclass(frozen=True)
class Figures:
    method: str
    share: float
    ndcg: float


def labelled_load(path: Path = LABELLED) -> list[Labelled]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append(
                Labelled(
                    paper_text(row["title"], row.get("abstract", "")),
                    frozenset(row.get("tags", [])),
                )
            )
    return rows


def _cosine_neighbours(matrix) -> dict[int, Ranked]:  # type: ignore[no-untyped-def]
    sims = (normalize(matrix) @ normalize(matrix).T).toarray()
    np.fill_diagonal(sims, -np.inf)
    return {
        i: [(int(j), float(sims[i, j])) for j in np.argsort(-sims[i], kind="stable")[:SIMILAR]]
        for i in range(sims.shape[0])
    }


def plain_tfidf(texts: Sequence[str]) -> dict[int, Ranked]:
    """The baseline: scikit-learn's TfidfVectorizer as it comes, cosine similarity."""
    return _cosine_neighbours(TfidfVectorizer().fit_transform(texts))


def arxiv_sanity_tfidf(texts: Sequence[str]) -> dict[int, Ranked]:
    """arxiv-sanity's settings: sublinear tf, unigrams + bigrams, stop words, cosine."""
    vectorizer = TfidfVectorizer(
        stop_words="english", ngram_range=(1, 2), sublinear_tf=True, max_df=0.5,
        strip_accents="unicode", token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
    )  # fmt: skip
    return _cosine_neighbours(vectorizer.fit_transform(texts))


def this_site(texts: Sequence[str]) -> dict[int, Ranked]:
    space = Space.fit(texts)
    return similar_in_memory(space.encode(texts), list(range(len(texts))))


METHODS: dict[str, Callable[[Sequence[str]], dict[int, Ranked]]] = {
    "TF-IDF cosine (plain)": plain_tfidf,
    "TF-IDF cosine (arxiv-sanity settings)": arxiv_sanity_tfidf,
    "this site (TF-IDF 1-2 grams + shared neighbours)": this_site,
}


def figures(papers: Sequence[Labelled], method: str) -> Figures:
    neighbours = METHODS[method]([p.text for p in papers])
    discounts = [1 / math.log2(rank + 2) for rank in range(SIMILAR)]
    shares, ndcgs = [], []
    for i, paper in enumerate(papers):
        relevant = [bool(paper.tags & papers[j].tags) for j, _ in neighbours[i][:SIMILAR]]
        shares.append(sum(relevant) / SIMILAR)
        total = sum(1 for j, other in enumerate(papers) if j != i and paper.tags & other.tags)
        ideal = sum(discounts[: min(total, SIMILAR)])
        gained = sum(d for d, hit in zip(discounts, relevant, strict=False) if hit)
        ndcgs.append(gained / ideal if ideal else 0.0)
    return Figures(method, float(np.mean(shares)), float(np.mean(ndcgs)))
