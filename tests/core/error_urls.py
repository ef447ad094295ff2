"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from papers_site.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test/forbidden", forbidden),
    path("test/suspicious", suspicious),
    path("test/broken", broken),
    *site_urlpatterns,
]
