"""The nearest-vector search behind similar papers, exact and shortlisted."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from apps.recommend import nearest
from apps.recommend.evaluation import labelled_load
from apps.recommend.features import Space
from apps.recommend.nearest import StoredVectors


def exact_top(matrix: sp.csr_matrix, row: int, limit: int) -> list[tuple[int, float]]:
    cosines = (matrix[row] @ matrix.T).toarray().ravel()
    cosines[row] = -1
    order = np.argsort(-cosines, kind="stable")[:limit]
    return [(int(j), float(cosines[j])) for j in order if cosines[j] > 0]


def same_ranking(found, expected):  # type: ignore[no-untyped-def]
    assert [i for i, _ in found] == [i for i, _ in expected]
    assert [s for _, s in found] == pytest.approx([s for _, s in expected], abs=1e-5)


def planted_families(families: int = 150, size: int = 4, seed: int = 0) -> sp.csr_matrix:
    """Rows in families: each shares a family's 12 heavy words and has 100 light
    words drawn from a vocabulary every row draws from, like a TF-IDF row's many
    common terms."""
    rng = np.random.default_rng(seed)
    rows, columns, weights = [], [], []
    for family in range(families):
        own = 5000 + family * 12 + np.arange(12)
        for member in range(size):
            common = rng.choice(5000, 100, replace=False)
            row = family * size + member
            rows += [row] * 112
            columns += list(own) + list(common)
            weights += list(rng.uniform(0.8, 1.0, 12)) + list(rng.uniform(0.05, 0.15, 100))
    matrix = sp.csr_matrix(
        (np.asarray(weights, dtype=np.float32), (rows, columns)),
        shape=(families * size, 5000 + families * 12),
    )
    return normalize(matrix).astype(np.float32)


@pytest.fixture
def labelled_vectors() -> sp.csr_matrix:
    texts = [paper.text for paper in labelled_load()]
    return Space.fit(texts).encode(texts)


def test_a_small_corpus_gets_the_exact_nearest_with_exact_cosines(labelled_vectors):
    ids = list(range(1000, 1000 + labelled_vectors.shape[0]))
    stored = StoredVectors()
    stored.append(ids[:50], labelled_vectors[:50])
    stored.append(ids[50:], labelled_vectors[50:])

    found = stored.nearest(labelled_vectors, exclude=ids, limit=10)
    reference = stored.exact(labelled_vectors, exclude=ids, limit=10)

    for row in range(labelled_vectors.shape[0]):
        expected = [(ids[j], s) for j, s in exact_top(labelled_vectors, row, 10)]
        same_ranking(found[row], expected)
        same_ranking(reference[row], expected)


def test_a_large_corpus_shortlists_by_heavy_terms_and_finds_each_rows_family(monkeypatch):
    monkeypatch.setattr(nearest, "EXACT_BELOW", 0)
    monkeypatch.setattr(nearest, "QUERY_TERMS", 12)
    monkeypatch.setattr(nearest, "DOCUMENT_TERMS", 12)
    monkeypatch.setattr(nearest, "SHORTLIST", 5)
    monkeypatch.setattr(nearest, "POSTING_SHARE", 0.05)  # 5 of a page's 100 rows per term
    matrix = planted_families()
    ids = list(range(matrix.shape[0]))
    stored = StoredVectors()
    for start in range(0, len(ids), 100):
        stored.append(ids[start : start + 100], matrix[start : start + 100])

    found = stored.nearest(matrix, exclude=ids, limit=3)

    for row, ranked in enumerate(found):
        family = {row // 4 * 4 + member for member in range(4)} - {row}
        assert {i for i, _ in ranked} == family
        assert [s for _, s in ranked] == pytest.approx(
            [float((matrix[row] @ matrix[i].T).toarray()[0, 0]) for i, _ in ranked], abs=1e-5
        )


def test_rows_appended_after_a_search_are_found_by_the_next(monkeypatch):
    monkeypatch.setattr(nearest, "EXACT_BELOW", 0)
    monkeypatch.setattr(nearest, "QUERY_TERMS", 12)
    monkeypatch.setattr(nearest, "DOCUMENT_TERMS", 12)
    matrix = planted_families(families=20)
    stored = StoredVectors()
    stored.append(list(range(40)), matrix[:40])
    assert stored.nearest(matrix[40:41], exclude=[40], limit=3) == [[]]

    stored.append(list(range(40, 80)), matrix[40:])

    assert {i for i, _ in stored.nearest(matrix[40:41], exclude=[40], limit=3)[0]} == {41, 42, 43}
    assert stored.last_id == 79
    assert len(stored) == 80


def test_nothing_stored_or_nothing_shared_gives_empty_lists():
    matrix = sp.identity(3, dtype=np.float32, format="csr")
    assert StoredVectors().nearest(matrix, exclude=[1, 2, 3], limit=5) == [[], [], []]
    stored = StoredVectors()
    stored.append([1, 2, 3], matrix)
    assert stored.nearest(matrix, exclude=[1, 2, 3], limit=5) == [[], [], []]
