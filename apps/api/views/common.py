from django.http import HttpRequest, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.decorators import decorator_from_middleware, method_decorator


class _ConditionalGet(ConditionalGetMiddleware):
    """ETag from the rendered body and a 304 when If-None-Match matches it.

    The body includes the caller's own vote state, so responses vary with the
    credentials as well as with the representation."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if response.status_code != 200:
            return response  # errors carry no validator
        return super().process_response(request, response)


conditional_get = method_decorator(decorator_from_middleware(_ConditionalGet), name="dispatch")
