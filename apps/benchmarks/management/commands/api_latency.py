"""Time the API's list endpoints in-process against the current database; prints figures.

make manage ARGS="api_latency --requests 30"
"""

import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

PATHS = [
    "/api/v1/papers/",
    "/api/v1/papers/?q=language models",
    "/api/v1/papers/?ordering=votes",
    "/api/v1/papers/?ordering=trending",
    "/api/v1/daily/",
    "/api/v1/weekly/",
    "/api/v1/monthly/",
    "/api/v1/tags/",
    "/api/daily_papers",
    "/api/papers/search?q=retrieval",
]


class Command(BaseCommand):
    help = "Median and 90th percentile time of each list endpoint, and its query count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=20)

    def handle(self, *args: Any, requests: int, **options: Any) -> None:
        unthrottled = {"anon": None, "user": None, "write": None}
        rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": unthrottled}
        client = Client()
        with override_settings(REST_FRAMEWORK=rest, ALLOWED_HOSTS=["*"]):
            for path in PATHS:
                client.get(path)  # warm up
                times = []
                for _ in range(requests):
                    start = time.perf_counter()
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
                self.stdout.write(
                    f"{path:40s} {response.status_code}  median {statistics.median(times):6.1f} ms"
                    f"  p90 {p90:6.1f} ms  {len(queries)} queries"
                )
