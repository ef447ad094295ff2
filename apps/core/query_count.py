"""`X-Queries: <n>` on every response, for the load benchmark (`make bench`).

Off unless PAPERS_QUERY_COUNT_HEADER is set (settings.QUERY_COUNT_HEADER): then
Django leaves it out of the chain altogether. It counts statements on the
default connection while the rest of the chain runs, without DEBUG's query log.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Queries"


class QueryCountHeaderMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if not settings.QUERY_COUNT_HEADER:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        count = 0

        def counted(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal count
            count += 1
            return execute(*args)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
