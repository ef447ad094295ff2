import json

import pytest
from django.core.management import call_command

from apps.papers.models import Paper

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_at_a_small_size_and_leaves_only_the_seed(capsys):
    call_command("ingest_benchmark", papers=30, existing=50)

    out = capsys.readouterr().out
    figures = json.loads(out.strip().splitlines()[-1])
    assert "end to end:" in out
    assert "search vector:" in out
    assert figures["counts"]["created"] == 30
    assert (figures["again"]["created"], figures["again"]["unchanged"]) == (0, 30)
    assert Paper.objects.count() == 50
