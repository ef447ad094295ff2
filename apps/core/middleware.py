import re
import uuid
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponseBase

from .logs import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one: it goes into every log line.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# C0 controls and DEL. Tab, CR and LF may appear in a query (a textarea in a GET form).
CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Handler = Callable[[HttpRequest], HttpResponseBase]


class RequestIdMiddleware:
    """Tag the request, its log records and its response with the proxy's id, or a new one."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if VALID_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        # Cleared on request_finished (apps.core.apps), not here: Django logs a 4xx or
        # 5xx response ("Not Found: ...") after the middleware has returned it.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RejectControlCharactersMiddleware:
    """A 400 for control characters (NUL above all) in the path or the query string.

    No URL of the site contains them, and PostgreSQL refuses NUL in text: such
    input would otherwise reach a query and fail there with a 500.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        query = "".join(key + "".join(values) for key, values in request.GET.lists())
        if CONTROL_IN_PATH.search(request.path) or CONTROL_IN_QUERY.search(query):
            # Answered by the URLconf's handler400: the site's page, or JSON under /api/.
            raise BadRequest("Control character in the URL.")
        return self.get_response(request)
