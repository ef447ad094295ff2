"""Upvote / remove a vote: htmx swaps the button in place; plain forms redirect back.

A reader not signed in is sent to sign in, and the upvote they pressed is cast when they do.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from apps.accounts.ratelimit import rate_limited

from ..models import Paper
from ..pending_votes import pending_vote_remember
from ..vote_button import vote_button_html
from ..votes import vote_cast, vote_remove
from .common import BadParameter, HtmxHttpRequest, answers_bad_parameters, get_paper_or_404

VOTE_ACTIONS = {"up": vote_cast, "remove": vote_remove}


def _next_url(request: HttpRequest, paper: Paper) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return paper.get_absolute_url()


@require_POST
@rate_limited("vote")
@answers_bad_parameters
def vote(request: HtmxHttpRequest, public_id: str) -> HttpResponse:
    paper = get_paper_or_404(Paper.objects.published(), public_id)
    next_url = _next_url(request, paper)
    if not request.user.is_authenticated:
        if request.POST.get("action") == "up":
            pending_vote_remember(request, paper)
        login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"
        if request.htmx:
            return HttpResponseClientRedirect(login_url)
        return redirect(login_url)
    action = request.POST.get("action", "")
    if action not in VOTE_ACTIONS:
        raise BadParameter("action", f"must be one of {', '.join(VOTE_ACTIONS)}")
    VOTE_ACTIONS[action](user=request.user, paper=paper)
    if request.htmx:
        paper.user_voted = action == "up"
        return HttpResponse(
            vote_button_html(paper, csrf_token=get_token(request), next_url=next_url)
        )
    return redirect(next_url if "#" in next_url else f"{next_url}#p{paper.pk}")
