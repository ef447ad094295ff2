"""An upvote pressed before signing in: kept in the session, cast once the reader signs in."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from .models import Paper
from .votes import vote_cast

SESSION_KEY = "papers_pending_vote"


def pending_vote_remember(request: HttpRequest, paper: Paper) -> None:
    request.session[SESSION_KEY] = paper.pk


def pending_vote_cast(
    sender: Any, *, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """`user_logged_in` receiver: the login flow is allauth's, so this is our only hook into it.

    The pending vote leaves the session before it is cast, so a later sign-in never casts it
    again; a paper gone (or unpublished) meanwhile is simply not voted for.
    """
    session = getattr(request, "session", None)
    paper_id = session.pop(SESSION_KEY, None) if session is not None else None
    if paper_id is None:
        return
    paper = Paper.objects.published().filter(pk=paper_id).first()
    if paper is not None:
        vote_cast(user=user, paper=paper)
