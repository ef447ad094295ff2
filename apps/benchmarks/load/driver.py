"""One scenario under load: locust as a library, in a process of its own (gevent).

    python -m apps.benchmarks.load.driver PLAN.json RECORDS.json

The plan names the scenario, the host, the users, the warm-up and the duration,
and carries the sample and the signed-in sessions. Each virtual user sends the
scenario's requests back to back (no think time). Every request is recorded:
its start relative to the measured window (negative during warm-up), time,
status, X-Queries and, for votes, what was asked. At the end of the window the
users stop sending and the driver waits for the requests in flight, so every
vote the server may have applied is in the records.
"""

import itertools
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment

from apps.benchmarks.load.scenarios import REQUEST_TIMEOUT_SECONDS, SCENARIOS, Sample, Session


def run(plan: dict[str, Any]) -> dict[str, Any]:
    name = plan["scenario"]
    scenario = SCENARIOS[name]
    sample: Sample = plan["sample"]
    sessions: list[Session] = plan["sessions"]
    records: list[dict[str, Any]] = []
    window = {"start": math.inf, "stop": math.inf}  # time.monotonic()
    in_flight = 0
    numbers = itertools.count()

    class BenchUser(FastHttpUser):
        host = plan["host"]
        wait_time = constant(0)
        network_timeout = connection_timeout = REQUEST_TIMEOUT_SECONDS

        def on_start(self) -> None:
            number = next(numbers)
            self.session = sessions[number % len(sessions)] if scenario.signed_in else None
            self.rng = random.Random(f"{plan['seed']}-{name}-{number}")

        @task
        def one_request(self) -> None:
            nonlocal in_flight
            if time.monotonic() >= window["stop"]:
                gevent.sleep(0.1)
                return
            request = scenario.build(sample, self.session, self.rng)
            in_flight += 1
            started = time.monotonic()
            try:
                response = self.client.request(
                    request.method,
                    request.path,
                    name=name,
                    headers=request.headers,
                    data=request.body,
                    allow_redirects=False,
                )
            finally:
                in_flight -= 1
                elapsed = time.monotonic() - started
            queries = response.headers.get("X-Queries") if response.headers else None
            records.append(
                {
                    "t": started - window["start"],
                    "ms": elapsed * 1000,
                    "status": response.status_code or 0,
                    "queries": int(queries) if isinstance(queries, str) else None,
                    "user": self.session["username"] if self.session else None,
                    "vote": list(request.vote) if request.vote else None,
                }
            )

    environment = Environment(user_classes=[BenchUser], host=plan["host"])
    runner = environment.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["users"])
    if runner.spawning_greenlet is not None:
        runner.spawning_greenlet.join()
    window["start"] = time.monotonic() + plan["warmup"]
    window["stop"] = window["start"] + plan["duration"]
    gevent.sleep(plan["warmup"] + plan["duration"])
    drained_by = time.monotonic() + REQUEST_TIMEOUT_SECONDS
    while in_flight and time.monotonic() < drained_by:
        gevent.sleep(0.02)
    runner.quit()
    # Requests still unanswered: what they did, if anything, is unknown.
    return {
        "scenario": name,
        "duration": plan["duration"],
        "records": records,
        "unanswered": in_flight,
    }


def main(argv: list[str]) -> int:
    plan_path, records_path = argv
    result = run(json.loads(Path(plan_path).read_text()))
    Path(records_path).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
