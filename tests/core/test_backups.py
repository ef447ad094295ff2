"""The documented backup (README "Backups"): pg_dump -Fc, then pg_restore into an empty database."""

import subprocess

import pytest
from django.db import connection

from apps.curation.models import DailyPick
from apps.papers.models import Paper, Vote

from ..conftest import _test_database_url, postgres_program
from ..factories import site_with_data

pytestmark = pytest.mark.slow


def snapshot() -> dict[str, list[tuple]]:
    return {
        "papers": list(
            Paper.objects.order_by("pk").values_list("pk", "arxiv_id", "title", "vote_count")
        ),
        "votes": list(Vote.objects.order_by("pk").values_list("user__username", "paper_id")),
        "picks": list(
            DailyPick.objects.order_by("pk").values_list("featured_on", "paper_id", "note")
        ),
    }


def test_a_dump_restored_into_an_empty_database_has_every_paper_vote_and_pick(
    spare_database, tmp_path
):
    made = site_with_data(papers=12)
    before = snapshot()
    dump = tmp_path / "papers.dump"

    subprocess.run(
        [postgres_program("pg_dump"), "--format=custom", "--no-owner",
         f"--file={dump}", _test_database_url()],
        check=True,
    )  # fmt: skip
    subprocess.run(
        [postgres_program("pg_restore"), "--no-owner", "--exit-on-error",
         f"--dbname={spare_database.url}", str(dump)],
        check=True,
    )  # fmt: skip

    with spare_database.connected():
        assert connection.settings_dict["NAME"] == spare_database.name
        after = snapshot()
    assert [len(after[name]) for name in ("papers", "votes", "picks")] == [
        made["papers"],
        made["votes"],
        made["picks"],
    ]
    assert after == before
