"""Text features: TF-IDF over title + abstract, word unigrams and bigrams, sublinear term
frequency, English stop words, the commonest terms dropped. Computed on the CPU with
scikit-learn; nothing is downloaded.

A space (vocabulary + IDF) is fitted once per full rebuild on a sample of papers; every
paper is then encoded into it and stored sparse (int32 column, float16 weight).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from .models import FeatureSpace, PaperVector

_TOKENS = r"(?u)\b[a-zA-Z][a-zA-Z0-9_\-]+\b"
_ANALYSIS = {
    "lowercase": True,
    "strip_accents": "unicode",
    "stop_words": "english",
    "token_pattern": _TOKENS,
    "ngram_range": (1, 2),
    "dtype": np.float32,
}


def paper_text(title: str, abstract: str) -> str:
    return f"{title}. {abstract}"


@dataclass(frozen=True)
class Space:
    """A fitted space in memory: encodes texts into L2-normalised sparse rows."""

    pk: int  # 0 while not saved
    terms: list[str]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], *, max_terms: int | None = None) -> Space:
        # Rare terms only matter once the corpus is large enough to repeat them.
        min_df = 2 if len(texts) >= 1000 else 1
        # Words in half the papers say little, but only a corpus of some size shows which.
        max_df = 0.5 if len(texts) >= 50 else 1.0
        vectorizer = TfidfVectorizer(
            **_ANALYSIS,
            sublinear_tf=True,
            max_df=max_df,
            min_df=min_df,
            max_features=max_terms or settings.RECOMMEND_MAX_TERMS,
        ).fit(texts)
        return cls(0, list(vectorizer.get_feature_names_out()), vectorizer.idf_.astype(np.float32))

    @classmethod
    def load(cls, space: FeatureSpace) -> Space:
        return cls(space.pk, list(space.terms), np.frombuffer(bytes(space.idf), dtype=np.float32))

    def save(self, *, papers: int) -> FeatureSpace:
        return FeatureSpace.objects.create(terms=self.terms, idf=self.idf.tobytes(), papers=papers)

    def encode(self, texts: Iterable[str]) -> sp.csr_matrix:
        counts = CountVectorizer(**_ANALYSIS, vocabulary=self.terms).transform(texts)
        counts = sp.csr_matrix(counts, dtype=np.float32)
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        return normalize(counts, copy=False)


def current_space() -> Space | None:
    row = FeatureSpace.objects.order_by("-id").first()
    return Space.load(row) if row else None


def vector_pack(row: sp.csr_matrix) -> tuple[bytes, bytes]:
    return row.indices.astype(np.int32).tobytes(), row.data.astype(np.float16).tobytes()


def vectors_matrix(
    packed: Sequence[tuple[bytes | memoryview, bytes | memoryview]], *, width: int
) -> sp.csr_matrix:
    """Stored vectors, one row each, back into a float32 CSR matrix."""
    indptr = np.zeros(len(packed) + 1, dtype=np.int64)
    columns: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for i, (indices, data) in enumerate(packed):
        columns.append(np.frombuffer(bytes(indices), dtype=np.int32))
        weights.append(np.frombuffer(bytes(data), dtype=np.float16))
        indptr[i + 1] = indptr[i] + len(columns[-1])
    if not packed:
        return sp.csr_matrix((0, width), dtype=np.float32)
    return sp.csr_matrix(
        (np.concatenate(weights).astype(np.float32), np.concatenate(columns), indptr),
        shape=(len(packed), width),
    )


def vectors_load(
    space: Space, *, paper_ids: Sequence[int] | None = None, after: int = 0, limit: int = 0
) -> tuple[list[int], sp.csr_matrix]:
    """Stored vectors of `paper_ids`, or a page of all of them in id order (after, limit)."""
    rows = PaperVector.objects.filter(space_id=space.pk)
    if paper_ids is not None:
        rows = rows.filter(paper_id__in=list(paper_ids))
    else:
        rows = rows.filter(paper_id__gt=after).order_by("paper_id")
        if limit:
            rows = rows[:limit]
    found = list(rows.values_list("paper_id", "indices", "weights"))
    ids = [paper_id for paper_id, _, _ in found]
    return ids, vectors_matrix([(i, w) for _, i, w in found], width=len(space.terms))
