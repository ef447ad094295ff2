"""The site under load in production mode, one scenario at a time; prints figures.

make bench ARGS="--users 16 --duration 20 --workers 3 --scenarios daily,search-rare"
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

import psutil
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.benchmarks.load import database, server
from apps.benchmarks.load.figures import (
    COLUMNS,
    Cpu,
    figures_row,
    scenario_figures,
    vote_tally,
)
from apps.benchmarks.load.scenarios import REQUEST_TIMEOUT_SECONDS, SCENARIOS, Sample, Session
from apps.papers.models import Paper
from papers_site.dev.run import Stop, raise_stop, stop_with_parent
from papers_site.dev.services import BASE_DIR, VAR_DIR

DEFAULT_PASSWORD = "bench-password-4096"
DRIVER = [sys.executable, "-m", "apps.benchmarks.load.driver"]
Children = list[tuple[str, subprocess.Popen]]


class Command(BaseCommand):
    help = (
        "Start gunicorn in production mode against this database, drive each scenario "
        "with locust for a fixed time, and print throughput, latency, errors, queries, "
        "CPU per request and the workers' memory; then check every acknowledged vote."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=16, help="concurrent virtual users")
        parser.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
        parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
        parser.add_argument(
            "--scenarios",
            # The /curate/ scenarios make the bench users curators: asked for by name only.
            default=",".join(
                name for name, s in SCENARIOS.items() if name != "mixed" and not s.curates
            ),
            help=f"comma-separated, run in this order (default: all of {', '.join(SCENARIOS)})",
        )
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="the bench users' (set when created)"
        )
        parser.add_argument("--common-query", default="large language models")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        names = [name.strip() for name in options["scenarios"].split(",") if name.strip()]
        unknown = [name for name in names if name not in SCENARIOS]
        if unknown or options["users"] < 1 or options["duration"] <= 0:
            raise CommandError(
                f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIOS)}"
                if unknown
                else "--users and --duration must be positive"
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError('the database lacks migrations: make manage ARGS="migrate" first')
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        signal.signal(signal.SIGTERM, raise_stop)
        stop_with_parent()
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        log_path = VAR_DIR / "bench.log"
        children: Children = []
        try:
            with log_path.open("w") as log:
                report = self._run(names, options, children, log)
        except server.BenchError as error:
            raise CommandError(f"{error} (log: {log_path})") from error
        except (KeyboardInterrupt, Stop) as stop:
            raise CommandError(f"stopped ({str(stop) or 'SIGINT'})") from None
        finally:
            # Nothing cuts this short: not a second Ctrl-C, nor the SIGTERM that comes
            # when the launcher (`make bench`'s) dies.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            for name, process in reversed(children):
                server.stop_process(name, process)
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
        self.stdout.write(json.dumps(report))
        if not report["votes"].get("ok", True):
            raise CommandError("the vote check failed: see above")

    def _run(
        self, names: list[str], options: dict[str, Any], children: Children, log: IO[str]
    ) -> dict[str, Any]:
        database.analyze()
        rng = random.Random(options["seed"])
        sample = database.sample_pick(rng=rng, common_query=options["common_query"])
        skipped = {
            name: f"the database offers no {', '.join(missing)}"
            for name in names
            if (missing := SCENARIOS[name].missing(sample))
        }
        names = [name for name in names if name not in skipped]
        self._describe(sample, skipped)
        signed_in = any(SCENARIOS[name].signed_in for name in names)
        usernames: list[str] = []
        if signed_in:
            usernames = database.bench_users_ensure(options["users"], options["password"])
            if any(SCENARIOS[name].curates for name in names):
                database.bench_curators_grant(usernames)
            cleared = database.bench_votes_clear()
            follows = database.bench_follows_set(usernames, sample["tags"], rng)
            self.stdout.write(
                f"bench users: {len(usernames)}, {follows} tags followed; "
                f"earlier votes taken back: {cleared}"
            )

        base_url, master = self._start_web(options, children, log)
        first_workers = {worker.pid for worker in master.children()}
        postmaster = database.postmaster()
        sessions: list[Session] = [
            server.sign_in(base_url, name, options["password"]) for name in usernames
        ]
        papers = Paper.objects.published().count()
        config = {
            "papers": papers,
            "users": options["users"],
            "workers": options["workers"],
            "duration": options["duration"],
            "warmup": options["warmup"],
            "base_url": base_url,
        }
        self.stdout.write(
            f"{papers} papers; {options['users']} users against {options['workers']} gunicorn "
            f"workers at {base_url}; {options['duration']:g} s per scenario after "
            f"{options['warmup']:g} s of warm-up"
        )
        self.stdout.write(COLUMNS)
        plan = {**config, "host": base_url, "seed": options["seed"], "sample": sample,
                "sessions": sessions}  # fmt: skip
        figures: dict[str, dict[str, Any]] = {}
        runs = []
        for name in names:
            before = self._cpu(master, postmaster)
            run = self._drive({**plan, "scenario": name}, children, log)
            figures[name] = scenario_figures(run, self._cpu(master, postmaster) - before)
            self.stdout.write(figures_row(name, figures[name]))
            if run["unanswered"]:
                self.stdout.write(f"  {run['unanswered']} requests never answered")
            runs.append(run)

        workers = server.worker_memory(master)
        for worker in workers:
            # A worker gunicorn replaced (a timeout, a crash) has not seen every scenario.
            worker["replacement"] = worker["pid"] not in first_workers
            self.stdout.write(
                f"web worker {worker['pid']}: resident {worker['rss_mb']} MB "
                f"(of which unshared {worker['unique_mb']} MB)"
                + (", a replacement started during the run" if worker["replacement"] else "")
            )
        votes = self._check_votes(runs)
        return {
            "config": config,
            "scenarios": figures,
            "skipped": skipped,
            "workers": workers,
            "votes": votes,
        }

    def _start_web(
        self, options: dict[str, Any], children: Children, log: IO[str]
    ) -> tuple[str, psutil.Process]:
        env = server.web_environment(
            dict(os.environ),
            database_url=database.database_url(),
            redis_url=settings.REDIS_URL,
            workers=options["workers"],
            static_root=VAR_DIR / "bench-static",
            application_name=database.WEB_APPLICATION_NAME,
        )
        if not server.collect_static(env, log):
            self.stdout.write(f"static files: up to date in {env['STATIC_ROOT']}")
        port = server.free_port()
        web = server.gunicorn_start(env, port, log)
        children.append(("gunicorn", web))
        base_url = f"http://127.0.0.1:{port}"
        server.wait_until_serving(base_url, web, options["workers"])
        return base_url, psutil.Process(web.pid)

    def _describe(self, sample: Sample, skipped: dict[str, str]) -> None:
        counts = ", ".join(
            f"{key} {len(sample[key])}"
            for key in ("days", "weeks", "months", "papers", "tags", "categories")
        )
        self.stdout.write(
            f"sample: {counts}; rare words {sample['rare_words'][:3]}, medium "
            f"{sample['medium_words'][:3]}, phrases {sample['phrases'][:3]}, common "
            f"{sample['common_query']!r}"
        )
        for name, reason in skipped.items():
            self.stdout.write(f"skipped {name}: {reason}")

    def _cpu(self, master: psutil.Process, postmaster: psutil.Process | None) -> Cpu:
        pg = (
            server.database_cpu_seconds(database.web_backend_pids(), postmaster)
            if postmaster is not None
            else None
        )
        return Cpu(web=server.web_cpu_seconds(master), database=pg)

    def _drive(self, plan: dict[str, Any], children: Children, log: IO[str]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            plan_path, records_path = Path(folder, "plan.json"), Path(folder, "records.json")
            plan_path.write_text(json.dumps(plan))
            log.flush()
            driver = subprocess.Popen(
                [*DRIVER, str(plan_path), str(records_path)],
                cwd=BASE_DIR, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
            children.append(("locust", driver))
            timeout = plan["warmup"] + plan["duration"] + REQUEST_TIMEOUT_SECONDS + 60
            try:
                code = driver.wait(timeout)
            except subprocess.TimeoutExpired:
                code = -1
            children.remove(("locust", driver))
            server.stop_process("locust", driver)
            if code:
                raise server.BenchError(f"the locust driver failed ({code}) on {plan['scenario']}")
            return json.loads(records_path.read_text())

    def _check_votes(self, runs: list[dict[str, Any]]) -> dict[str, Any]:
        tally = vote_tally(runs)
        if not (tally.expected or tally.uncertain):
            return {}
        check = database.vote_check(tally)
        database.bench_votes_clear()  # leave the lists as they were
        self.stdout.write(
            f"votes: {check['upvotes_acknowledged']} upvotes and "
            f"{check['removals_acknowledged']} removals answered 2xx; "
            f"{check['votes_expected']} user/paper pairs left voted, "
            f"{check['vote_rows']} vote rows: {check['missing']} missing, "
            f"{check['unexpected']} unexpected ({check['uncertain']} pairs uncertain after a "
            f"5xx or no answer); vote counts wrong on {check['papers_miscounted']} of "
            f"{check['papers_checked']} papers: {'OK' if check['ok'] else 'FAILED'}; "
            "the bench votes are taken back"
        )
        return check
