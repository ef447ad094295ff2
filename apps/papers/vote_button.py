"""One paper's upvote control, as HTML: on every card and paper page, and htmx's answer to a vote.

htmx replaces the whole form with the answer; without JavaScript the form posts and
the server redirects back to `next`. It settles at once (base.html's htmx-config), so a
quick second press goes through htmx too.

Built with an f-string over `html.escape`d values rather than a template (Django's
engine cost about half a millisecond a button) or `format_html` (its lazy-aware escaping
of each value cost more than the rest of the button): a page shows 25 of them for each
signed-in reader. Every value that is not a fixed string of this module is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString

from .paper_urls import paper_url
from .reader_parts import Fill

_ARROW = '<svg class="vote-arrow" aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><path d="M8 3 14 11H2z"/></svg>'  # noqa: E501


def vote_button_html(paper: Any, *, csrf_token: Any, next_url: str) -> SafeString:
    """`paper` carries `user_voted` (PaperQuerySet.with_vote_state) and `vote_count`."""
    voted = bool(getattr(paper, "user_voted", False))
    url = escape(paper_url("papers:vote", paper.public_id))
    count = int(paper.vote_count)
    return SafeString(
        f'<form class="vote{" is-voted" if voted else ""}" method="post" action="{url}"'
        f' hx-post="{url}" hx-target="this" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token or ""))}">'
        f'<input type="hidden" name="next" value="{escape(next_url)}">'
        f'<input type="hidden" name="action" value="{"remove" if voted else "up"}">'
        f'<button type="submit" class="vote-button" id="vote-{int(paper.pk)}"'
        f' aria-pressed="{"true" if voted else "false"}"'
        f' title="{"Remove your upvote" if voted else "Upvote"}">{_ARROW}'
        f'<span class="visually-hidden">Upvote “{escape(paper.short_title)}”,</span>'
        f'<span class="vote-count" data-vote-count>{count}</span>'
        f'<span class="visually-hidden"> vote{"" if count == 1 else "s"}</span>'
        "</button></form>"
    )


def vote_buttons_fill(fill: Fill, keys: list[str]) -> dict[str, str]:
    """The vote holes of a page shared by signed-in readers (apps.papers.reader_parts)."""
    papers = fill.papers
    return {
        key: vote_button_html(papers[int(key)], csrf_token=fill.csrf_token, next_url=fill.next_url)
        for key in keys
        if int(key) in papers
    }


def reader_name_fill(fill: Fill, keys: list[str]) -> dict[str, str]:
    return {key: escape(str(fill.request.user)) for key in keys}
