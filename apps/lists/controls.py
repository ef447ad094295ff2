"""A signed-in reader's Save button and "Lists" menu on a paper card, as HTML.

Cards show the control with its menu closed: the Save button (Read later), a "Lists"
menu that loads when opened (views.items.menu) and the lists that hold the paper.
Built with f-strings over `html.escape`d values rather than a template (Django's engine
cost about a millisecond apiece) or `format_html` (its lazy-aware escaping of each value
cost more than the rest): a page shows 25 of them for each signed-in reader. Every value
that is not a fixed string of this module is escaped. The
open menu (one form per list, shown only on request) is the template
lists/_list_controls.html, which takes the Save form and "In ..." line from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape
from typing import Any

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from .models import ReadingList


def save_form_html(
    paper: Any, *, saved: bool, save_url: str, csrf_token: Any, next_url: str
) -> SafeString:
    url = escape(save_url)
    return SafeString(
        f'<form class="save-form" method="post" action="{url}" hx-post="{url}"'
        f' hx-target="#list-control-{int(paper.pk)}" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token or ""))}">'
        f'<input type="hidden" name="next" value="{escape(next_url)}">'
        '<input type="hidden" name="list" value="read_later">'
        f'<input type="hidden" name="action" value="{"remove" if saved else "add"}">'
        '<button type="submit" class="save-button" data-save-button'
        f' aria-pressed="{"true" if saved else "false"}"'
        f' title="{"Remove from Read later" if saved else "Save to Read later"}">'
        f'{"Saved" if saved else "Save"}<span class="visually-hidden">'
        f" “{escape(paper.short_title)}” {'in' if saved else 'to'} Read later</span>"
        "</button></form>"
    )


def in_lists_html(holding: Sequence[ReadingList]) -> SafeString:
    if not holding:
        return SafeString("")
    links = format_html_join(
        ", ", '<a href="{}">{}</a>', ((rl.get_absolute_url(), rl.name) for rl in holding)
    )
    return format_html('<p class="in-lists" data-in-lists>In {}</p>', links)


@lru_cache(maxsize=256)
def _next_query(next_url: str) -> str:
    """`next=<next_url>`: the same for every card of a page."""
    return urlencode({"next": next_url})


def closed_control_html(control: dict[str, Any]) -> SafeString:
    """The control with its menu closed (`control` as reading_lists.control_context builds it)."""
    paper = control["paper"]
    pk = int(paper.pk)
    menu_url = escape(f"{control['menu_url']}?{_next_query(control['next_url'])}")
    return SafeString(
        f'<div class="list-control" id="list-control-{pk}" data-list-control>'
        f"{conditional_escape(control['save_form'])}"
        f'<details class="list-menu" hx-get="{menu_url}" hx-trigger="toggle once"'
        f' hx-target="#list-control-{pk}" hx-swap="outerHTML">'
        f'<summary id="list-menu-{pk}">Lists<span class="visually-hidden">'
        f" for “{escape(paper.short_title)}”</span></summary>"
        f'<ul class="list-menu-items"><li><a class="list-menu-manage" href="{menu_url}">'
        "Choose lists</a></li></ul></details>"
        f"{conditional_escape(control['in_lists'])}</div>"
    )
