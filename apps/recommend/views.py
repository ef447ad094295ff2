"""/for-you: the reader's recommendations, answered from the kept ranking; "not interested"
(htmx removes the card) and the trending weight the reader moves."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.http import AuthenticatedHttpRequest
from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Paper
from apps.papers.page_cache import cached_for_reader
from apps.papers.views.common import BadParameter, answers_bad_parameters, get_paper_or_404

from .services import for_you, reader_state, recommendation_dismiss, trending_weight_set
from .tasks import train_reader

TRAINING_QUEUED_SECONDS = 60  # one training request per reader at a time
# A reader's page is kept under everything of theirs it shows (a vote, save, dismissal,
# follow or training of theirs is a new key); what it mixes in from everyone (trending)
# is kept this long at most, the trending scores' own refresh period.
FOR_YOU_KEPT_SECONDS = 300


def _queue_training(user_id: int) -> None:
    if cache.add(f"recommend:train:{user_id}", 1, TRAINING_QUEUED_SECONDS):
        transaction.on_commit(lambda: train_reader.delay(user_id))


@login_required
def for_you_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    state = reader_state(user=request.user)
    if state.needs_training:
        _queue_training(request.user.pk)

    def page() -> HttpResponse:
        ranked = for_you(user=request.user, state=state)
        # `papers`: the cards' per-page tags (notes counts) read them at once.
        papers = [item.paper for item in ranked.items]
        return render(request, "recommend/for_you.html", {"page": ranked, "papers": papers})

    return cached_for_reader(request, state.stamp, page, timeout=FOR_YOU_KEPT_SECONDS)


@require_POST
@login_required
@rate_limited("recommend")
def dismiss(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    paper = get_paper_or_404(Paper.objects.published(), public_id)
    recommendation_dismiss(user=request.user, paper=paper)
    _queue_training(request.user.pk)
    if getattr(request, "htmx", False):
        return HttpResponse("")  # the card is swapped for nothing
    return redirect("recommend:for-you")


@require_POST
@login_required
@rate_limited("recommend")
@answers_bad_parameters
def set_weight(request: AuthenticatedHttpRequest) -> HttpResponse:
    raw = request.POST.get("trending", "")
    try:
        percent = int(raw)
    except ValueError:
        raise BadParameter("trending", "a whole number from 0 to 100") from None
    if not 0 <= percent <= 100:
        raise BadParameter("trending", "a whole number from 0 to 100")
    trending_weight_set(user=request.user, weight=percent / 100)
    return redirect("recommend:for-you")
