"""/me/votes: the papers I upvoted, the latest vote first."""

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import render

from apps.accounts.http import AuthenticatedHttpRequest
from apps.papers.models import Paper, Vote
from apps.papers.views.common import answers_bad_parameters, listing_context


@login_required
@answers_bad_parameters
def my_votes(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = Vote.objects.filter(user=request.user)
    papers = (
        Paper.objects.for_card_list(request.user)
        .filter(pk__in=mine.values("paper"))
        .annotate(voted_at=Subquery(mine.filter(paper=OuterRef("pk")).values("created_at")[:1]))
        .order_by("-voted_at", "-pk")
    )
    context = listing_context(request, papers, heading="Papers you upvoted")
    return render(request, "lists/my_votes.html", context)
