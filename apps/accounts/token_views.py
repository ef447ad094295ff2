"""Personal API tokens: list, create (the secret is shown once) and revoke.

The profile page may link here or embed the same services (apps/accounts/tokens.py).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .http import AuthenticatedHttpRequest
from .models import ApiToken
from .ratelimit import rate_limited
from .tokens import MAX_ACTIVE_TOKENS, token_create, token_revoke


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, e.g. “my reading script”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _list_page(
    request: AuthenticatedHttpRequest, form: TokenCreateForm, status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
    context = {"tokens": tokens, "form": form, "max_tokens": MAX_ACTIVE_TOKENS}
    return render(request, "accounts/token_list.html", context, status=status)


@require_GET
@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list_page(request, TokenCreateForm())


@require_POST
@login_required
@rate_limited("token")
@never_cache
def token_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    try:
        token, secret = token_create(user=request.user, name=form.cleaned_data["name"])
    except ValidationError as error:
        form.add_error(None, error)
        return _list_page(request, form, status=400)
    # Rendered, not redirected: the secret exists only in this response.
    return render(request, "accounts/token_created.html", {"token": token, "secret": secret})


@require_POST
@login_required
def token_revoke_view(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponseRedirect:
    if token_revoke(user=request.user, token_id=token_id):
        messages.success(request, "Token revoked: programs using it can no longer sign in.")
    else:
        messages.error(request, "No such active token.")
    return redirect("tokens:list")
