import sys

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import defaults

from apps.accounts.ratelimit import too_many_requests
from apps.api.errors import api_bad_request, api_service_unavailable
from apps.core.views import healthz, metrics, service_unavailable

from .outages import OUTAGE_ERRORS

# Staff sign in through allauth, with its second step (TOTP), never the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("", include("apps.papers.urls")),
    path("", include("apps.annotations.urls")),
    path("", include("apps.lists.urls")),
    path("", include("apps.tagging.urls")),
    path("", include("apps.recommend.urls")),
    path("", include("apps.digest.urls")),
    path("curate/", include("apps.curation.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/tokens/", include("apps.accounts.token_urls")),
    path("api/", include("apps.api.urls")),
]


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 400 raised outside the views (middleware, request parsing): JSON for the API."""
    if request.path.startswith("/api/"):
        return api_bad_request(request, exception)
    return defaults.bad_request(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """An uncaught error; PostgreSQL or Redis unreachable is a 503 that asks to retry."""
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        if request.path.startswith("/api/"):
            return api_service_unavailable(request)
        return service_unavailable(request)
    return defaults.server_error(request)


def handler429(request: HttpRequest) -> HttpResponse:
    """allauth's 429 (sign-in, sign-up, password reset past their limits): the site's page."""
    return too_many_requests(request)
