"""The recommender benchmark prints its figures for papers made by `synth`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .test_synth import SMALL, synth

pytestmark = pytest.mark.django_db


def test_it_prints_one_row_of_figures_per_size_with_the_shortlists_recall():
    synth(**SMALL)
    out = StringIO()

    call_command("recommend_benchmark", papers="100,200", runs=1, yes=True, stdout=out)

    lines = out.getvalue().splitlines()
    assert "recall@10" in lines[1]
    rows = [line.split() for line in lines[2:]]
    assert [row[0] for row in rows] == ["100", "200"]
    for row in rows:
        assert float(row[6]) == pytest.approx(1.0)  # small corpora are searched exactly
        assert float(row[8]) > 0  # /for-you answered, timed


def test_sizes_beyond_the_papers_held_are_refused():
    synth(**SMALL)
    with pytest.raises(CommandError, match="sizes from 100"):
        call_command("recommend_benchmark", papers="100,5000", runs=1, yes=True, stdout=StringIO())
