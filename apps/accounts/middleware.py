from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect

Handler = Callable[[HttpRequest], HttpResponseBase]

# URL namespaces of the staff pages. The admin's own sign-in sends staff to allauth's
# (papers_site/urls.py), whose second step asks for the TOTP code.
STAFF_NAMESPACES = {"admin"}
# Signing out needs no second factor.
OPEN_VIEWS = {"admin:logout"}


class StaffTwoFactorMiddleware:
    """Send a staff user without an authenticator app to set one up before any staff page.

    Readers, and staff on the reader's pages, are not affected.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        user = request.user
        if (
            match is None
            or match.namespace not in STAFF_NAMESPACES
            or match.view_name in OPEN_VIEWS
            or not (user.is_authenticated and user.is_staff)
            or is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            return None
        messages.info(request, "Staff pages need two-factor authentication: set it up first.")
        return redirect("mfa_activate_totp")
