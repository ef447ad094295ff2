"""The load benchmark's summary of what the driver recorded."""

from apps.benchmarks.load.figures import (
    Cpu,
    figures_row,
    percentile,
    scenario_figures,
    vote_tally,
)


def record(t, ms=10.0, status=200, queries=4, user=None, vote=None):
    return {"t": t, "ms": ms, "status": status, "queries": queries, "user": user, "vote": vote}


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]

    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert percentile([7.0], 99) == 7.0


def test_figures_cover_the_measured_window_and_share_cpu_among_all_requests():
    warmup = [record(-0.5, ms=900.0, status=500, queries=99)]
    measured = [record(i * 0.2, ms=float(i + 1), status=200 if i < 8 else 503) for i in range(10)]
    run = {"duration": 2.0, "records": warmup + measured}

    figures = scenario_figures(run, Cpu(web=0.11, database=0.022))

    assert figures["requests"] == 10
    assert figures["requests_per_second"] == 5.0
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (5.0, 10.0, 10.0)
    assert (figures["errors"], figures["error_statuses"]) == (2, {"503": 2})
    assert figures["queries_per_request"] == 4.0
    assert figures["cpu_ms_per_request"] == {"web": 10.0, "database": 2.0, "total": 12.0}


def test_cpu_out_of_sight_is_not_a_number():
    run = {"duration": 1.0, "records": [record(0.1, queries=None)]}

    figures = scenario_figures(run, Cpu(web=0.01, database=None))

    assert figures["cpu_ms_per_request"] == {"web": 10.0, "database": None, "total": None}
    assert figures["queries_per_request"] is None
    assert figures_row("paper", figures).endswith("n/a (10.0 + n/a)")


def test_the_last_acknowledged_vote_of_each_user_and_paper_is_what_should_be_stored():
    def vote(user, paper_id, action, status=200):
        return record(0.1, user=user, vote=[paper_id, action], status=status)

    run = {
        "records": [
            vote("ann", "p1", "up"),
            vote("ann", "p1", "remove"),
            vote("ann", "p1", "up"),
            vote("bob", "p1", "up"),
            vote("bob", "p1", "remove"),
            vote("ann", "p2", "up", status=403),  # refused: changed nothing
            vote("ann", "p3", "up", status=502),  # may or may not have been applied
            vote("bob", "p4", "up", status=0),  # no answer
            vote("bob", "p4", "remove"),  # answered: certain again
            record(0.2),  # not a vote
        ]
    }

    tally = vote_tally([run])

    assert (tally.up, tally.remove) == (3, 3)
    assert tally.present == {("ann", "p1")}
    assert tally.expected == {("ann", "p1"): True, ("bob", "p1"): False, ("bob", "p4"): False}
    assert tally.uncertain == {("ann", "p3")}
