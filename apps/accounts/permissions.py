"""Who may curate: the `curation.curate` permission (the "curators" group; superusers).

Lives here, at the bottom of the app layers, so every app's views can guard their
curation pages and endpoints without importing the curation app.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

CURATE = "curation.curate"
CURATORS_GROUP = "curators"


def can_curate(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(CURATE))


def curator_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Anonymous visitors are sent to sign in; signed-in readers without the permission get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_curate(request.user):
            raise PermissionDenied("Curating needs the curate permission.")
        return view(request, *args, **kwargs)

    return guarded


class CanCurate(BasePermission):
    """DRF: 401/403 as usual, then the curate permission."""

    message = "Curating needs the curate permission."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_curate(request.user)
