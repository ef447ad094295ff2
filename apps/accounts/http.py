"""Request types for views only signed-in users reach (login_required, IsAuthenticated).

Never instantiated: they tell the type checker that `request.user` is a User, not
possibly an AnonymousUser (the pattern django-stubs recommends).
"""

from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedRequest(Request):
    user: User
