"""One paper's upvote control, as HTML: on every card and paper page, and htmx's answer to a vote.

htmx replaces the whole form with the answer; without JavaScript the form posts and
the server redirects back to `next`. It settles at once (base.html's htmx-config), so a
quick second press goes through htmx too.

Built with `format_html` rather than a template: a page shows 25 of them for each
signed-in reader, and Django's template engine cost about half a millisecond apiece.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .paper_urls import paper_url

_ARROW = '<svg class="vote-arrow" aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><path d="M8 3 14 11H2z"/></svg>'  # noqa: E501


def vote_button_html(paper: Any, *, csrf_token: Any, next_url: str) -> SafeString:
    """`paper` carries `user_voted` (PaperQuerySet.with_vote_state) and `vote_count`."""
    voted = bool(getattr(paper, "user_voted", False))
    url = paper_url("papers:vote", paper.public_id)
    count = paper.vote_count
    return format_html(
        '<form class="vote{}" method="post" action="{}" hx-post="{}" hx-target="this"'
        ' hx-swap="outerHTML">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<input type="hidden" name="action" value="{}">'
        '<button type="submit" class="vote-button" id="vote-{}" aria-pressed="{}" title="{}">'
        "{}"
        '<span class="visually-hidden">Upvote “{}”,</span>'
        '<span class="vote-count" data-vote-count>{}</span>'
        '<span class="visually-hidden"> vote{}</span>'
        "</button></form>",
        " is-voted" if voted else "",
        url,
        url,
        str(csrf_token or ""),
        next_url,
        "remove" if voted else "up",
        paper.pk,
        "true" if voted else "false",
        "Remove your upvote" if voted else "Upvote",
        SafeString(_ARROW),
        paper.short_title,
        count,
        "" if count == 1 else "s",
    )
