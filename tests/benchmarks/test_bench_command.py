"""`make bench` at a tiny size: gunicorn in production mode on the test database, locust."""

import json

import psutil
import pytest
from django.core.management import call_command

from apps.papers.models import Vote

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SCENARIOS = ["daily-signed-in", "paper", "search-medium", "api-papers", "vote-api"]


def started_by_the_benchmark(base_url: str) -> list[psutil.Process]:
    port = base_url.rsplit(":", 1)[1]
    return [
        process
        for process in psutil.process_iter(["cmdline"])
        if any(f"127.0.0.1:{port}" in part or "load.driver" in part
               for part in process.info["cmdline"] or ())
    ]  # fmt: skip


def test_the_benchmark_prints_figures_checks_its_votes_and_stops_everything(
    titled_papers, fresh_rate_limits, capsys, settings
):
    # Its users sign in to the production server: a hash that server accepts, not MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    call_command(
        "load_benchmark", users=2, workers=2, duration=1.5, warmup=0.5,
        scenarios=",".join(SCENARIOS),
    )  # fmt: skip

    out = capsys.readouterr().out
    report = json.loads(out.strip().splitlines()[-1])
    assert list(report["scenarios"]) == SCENARIOS
    for name, figures in report["scenarios"].items():
        assert figures["requests"] > 0, name
        assert figures["errors"] == 0, (name, figures["error_statuses"])
        # An anonymous paper page comes from the page cache after its first request.
        assert figures["queries_per_request"] > (0 if name != "paper" else -1), name
        assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"], name
        assert figures["cpu_ms_per_request"]["web"] > 0, name
    assert len(report["workers"]) == 2
    assert all(worker["rss_mb"] > worker["unique_mb"] > 0 for worker in report["workers"])
    assert report["votes"]["ok"] is True
    assert report["votes"]["upvotes_acknowledged"] > 0
    assert not Vote.objects.exists()  # taken back after the check
    assert "votes:" in out
    assert "web worker" in out
    assert started_by_the_benchmark(report["config"]["base_url"]) == []
