"""Database time per kind of statement, on every connection a block of code uses.

The benchmark reads where the upsert's time goes without the upsert knowing:
an execute wrapper on each connection (also those its threads open) sums the
seconds of each statement under the first label whose pattern it matches.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


class SqlTimer:
    def __init__(self, labels: dict[str, str]) -> None:
        self.patterns = [
            (label, re.compile(pattern, re.I | re.S)) for label, pattern in labels.items()
        ]
        self.seconds: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            label = next((name for name, p in self.patterns if p.search(sql)), "other")
            with self._lock:
                self.seconds[label] += time.perf_counter() - started

    @contextmanager
    def on_all_connections(self) -> Iterator[SqlTimer]:
        """Time this thread's connection and every connection opened meanwhile."""
        wrapped: list[BaseDatabaseWrapper] = []

        def wrap(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
            if self not in connection.execute_wrappers:
                connection.execute_wrappers.append(self)
                wrapped.append(connection)

        connection_created.connect(wrap, weak=False)
        wrap(None, connection)
        try:
            yield self
        finally:
            connection_created.disconnect(wrap)
            for each in wrapped:
                if self in each.execute_wrappers:
                    each.execute_wrappers.remove(self)
