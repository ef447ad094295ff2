import pytest
from django.core.management import call_command

from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def test_api_latency_prints_a_figure_per_endpoint(capsys):
    PaperFactory.create_batch(3)

    call_command("api_latency", requests=2)

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert all(" 200 " in line and "median" in line and "queries" in line for line in lines)
