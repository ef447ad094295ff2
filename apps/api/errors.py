"""One error format for every API response that is not a success:

    {"status": 400, "code": "invalid", "message": "...", "errors": {"date": ["..."]}}

`errors` maps a field or query parameter to its messages; it is empty when the
error is not about particular fields.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from papers_site.outages import OUTAGE_ERRORS, RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def error_body(
    status_code: int, code: str, message: str, errors: dict[str, list[str]] | None = None
) -> dict:
    return {"status": status_code, "code": code, "message": message, "errors": errors or {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, OUTAGE_ERRORS):
        logger.error("Outage in %s", context.get("view"), exc_info=exc)
        return Response(_UNAVAILABLE, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    response = drf_exception_handler(exc, context)
    # DRF answers exactly the APIExceptions (Http404 and PermissionDenied are converted above).
    if response is None or not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # Django's debug page
        logger.exception("Unhandled error in %s", context.get("view"), exc_info=exc)
        return Response(
            error_body(500, "server_error", "Internal server error."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    response.data = describe(exc, response.status_code)
    return response


def describe(exc: exceptions.APIException, status_code: int) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        return error_body(status_code, "invalid", _validation_message(exc.detail, errors), errors)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    return error_body(status_code, code, _first_message(exc.detail))


_UNAVAILABLE = error_body(
    503,
    "service_unavailable",
    "The service is briefly unavailable (its database or cache is restarting). "
    "Try again in a moment.",
)


def _field_errors(detail: object, prefix: str = "") -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for field, value in detail.items():
        if field == settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors"):
            continue
        key = f"{prefix}{field}"
        if isinstance(value, dict):
            errors.update(_field_errors(value, prefix=f"{key}."))
        else:
            errors[key] = [str(message) for message in _as_list(value)]
    return errors


def _validation_message(detail: object, errors: dict[str, list[str]]) -> str:
    if isinstance(detail, dict):
        non_field = detail.get(
            settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors")
        )
        if non_field:
            return _first_message(non_field)
    if len(errors) == 1:
        ((field, messages),) = errors.items()
        return f"Invalid value for '{field}': {messages[0]}"
    if errors:
        return "Invalid values for " + ", ".join(f"'{field}'" for field in errors) + "."
    return _first_message(detail) or "Invalid input."


def _first_message(detail: object) -> str:
    while isinstance(detail, list | dict):
        if not detail:
            return ""
        detail = detail[0] if isinstance(detail, list) else next(iter(detail.values()))
    return str(detail)


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


@csrf_exempt
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Unknown paths under /api/ answer in the API's error format, not the site's HTML."""
    return JsonResponse(
        error_body(404, "not_found", f"No API endpoint at {request.path}."), status=404
    )


def api_bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    """A 400 raised before any API view ran (a control character in the URL, say)."""
    message = str(exception) or "Bad request."
    return JsonResponse(error_body(400, "bad_request", message), status=400)


def api_service_unavailable(request: HttpRequest) -> JsonResponse:
    """An outage met outside the API's views (a middleware's query, say)."""
    response = JsonResponse(_UNAVAILABLE, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
