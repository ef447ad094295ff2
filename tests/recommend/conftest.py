import json

import pytest
from django.utils import timezone

from apps.papers.models import Paper
from apps.recommend.evaluation import LABELLED
from apps.recommend.similar import recommend_refresh
from tests.factories import PaperFactory


@pytest.fixture
def labelled_papers(db) -> dict[str, tuple[Paper, set[str]]]:
    """The 121 labelled demo papers as published papers of today, with features and
    similar papers computed: {title: (paper, topic tags)}."""
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    papers = {}
    for i, row in enumerate(rows):
        paper = PaperFactory(
            title=row["title"], abstract=row["abstract"], arxiv_id=f"2412.{i:05d}",
            published_at=timezone.now(),
        )  # fmt: skip
        papers[row["title"]] = (paper, set(row["tags"]))
    assert recommend_refresh(budget=120)
    return papers


def titled(papers: dict[str, tuple[Paper, set[str]]], start: str) -> tuple[Paper, set[str]]:
    return next(value for title, value in papers.items() if title.startswith(start))
