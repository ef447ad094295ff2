""" "For you": a linear model per reader over the papers' TF-IDF vectors (arxiv-sanity's
per-reader SVM), trained in a worker on the reader's upvotes and saved papers (positives)
against their dismissals and a sample of other papers (negatives). The ranked result is
kept in ReaderRecommendations; the page blends it with trending at request time."""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from sklearn.svm import LinearSVC

from apps.accounts.models import User
from apps.papers.models import Paper

from .features import Space, current_space, vectors_load
from .history import History, history_stamp, reader_history
from .models import PaperVector, ReaderRecommendations

KEPT = 200  # ranked papers kept per reader
NEGATIVE_SAMPLE = 600
REASON_TERMS = 3


def _negatives_sample(space: Space, exclude: set[int]) -> list[int]:
    """Random-ish stored papers: a few short runs from random starting ids (cheap at any size)."""
    top = PaperVector.objects.filter(space_id=space.pk).aggregate(top=Max("paper_id"))["top"] or 0
    picked: list[int] = []
    rng = random.Random(top)
    for _ in range(6):
        start = rng.randint(0, max(0, top - 1))
        picked += (
            PaperVector.objects.filter(space_id=space.pk, paper_id__gt=start)
            .order_by("paper_id")
            .values_list("paper_id", flat=True)[: NEGATIVE_SAMPLE // 6]
        )
    return [pid for pid in dict.fromkeys(picked) if pid not in exclude]


def _candidate_ids(days: int) -> list[int]:
    since = timezone.now().date() - timedelta(days=days)
    return list(Paper.objects.published().filter(listed_on__gte=since).values_list("id", flat=True))


def reader_train(*, user_id: int, days: int | None = None) -> ReaderRecommendations:
    """Train the reader's model and keep their ranked papers of the last `days` days."""
    user = User.objects.get(pk=user_id)
    history = reader_history(user)
    space = current_space()
    ranked: list[tuple[int, float, dict]] = []
    if space is not None and history.positives:
        ranked = _rank(space, history, _candidate_ids(days or settings.RECOMMEND_FOR_YOU_DAYS))
    row, _ = ReaderRecommendations.objects.update_or_create(
        user=user,
        defaults={
            "history": history_stamp(history),
            "paper_ids": [pid for pid, _, _ in ranked],
            "scores": [score for _, score, _ in ranked],
            "reasons": [reason for _, _, reason in ranked],
            "trained_at": timezone.now(),
        },
    )
    return row


def _rank(space: Space, history: History, candidates: list[int]) -> list[tuple[int, float, dict]]:
    pos_ids, positives = vectors_load(space, paper_ids=history.positives)
    if not pos_ids:
        return []
    seen = set(history.positives) | set(history.dismissed)
    candidates = [pid for pid in candidates if pid not in seen]
    cand_ids, cands = vectors_load(space, paper_ids=candidates)
    if not cand_ids:
        return []
    _, dismissed = vectors_load(space, paper_ids=history.dismissed)
    _, sampled = vectors_load(space, paper_ids=_negatives_sample(space, seen))
    negatives = sp.vstack([dismissed, sampled]).tocsr()
    if negatives.shape[0]:
        x = sp.vstack([positives, negatives]).tocsr()
        y = np.r_[np.ones(positives.shape[0]), np.zeros(negatives.shape[0])]
        model = LinearSVC(C=0.1, class_weight="balanced", max_iter=5000).fit(x, y)
        weights = model.coef_.ravel().astype(np.float32)
        scores = np.asarray(model.decision_function(cands)).ravel()
    else:  # a corpus of nothing but the reader's own papers: their centroid
        weights = np.asarray(positives.mean(axis=0)).ravel().astype(np.float32)
        scores = cands @ weights
    order = np.argsort(-scores, kind="stable")[:KEPT]
    top = cands[order]
    because = (top @ positives.T).toarray().argmax(axis=1)
    contributions = top.multiply(np.maximum(weights, 0)[None, :]).tocsr()
    ranked = []
    for row_index, cand_index in enumerate(order):
        row = contributions.getrow(row_index)
        best = row.indices[np.argsort(-row.data)[:REASON_TERMS]]
        reason = {
            "because": int(pos_ids[because[row_index]]),
            "terms": [space.terms[i] for i in best],
        }
        ranked.append((int(cand_ids[cand_index]), float(scores[cand_index]), reason))
    return ranked
