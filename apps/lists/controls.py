"""A signed-in reader's Save button and "Lists" menu on a paper card, as HTML.

Cards show the control with its menu closed: the Save button (Read later), a "Lists"
menu that loads when opened (views.items.menu) and the lists that hold the paper.
Built with `format_html` rather than a template: a page shows 25 of them for each
signed-in reader, and Django's template engine cost about a millisecond apiece. The
open menu (one form per list, shown only on request) is the template
lists/_list_controls.html, which takes the Save form and "In ..." line from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from .models import ReadingList


def save_form_html(
    paper: Any, *, saved: bool, save_url: str, csrf_token: Any, next_url: str
) -> SafeString:
    return format_html(
        '<form class="save-form" method="post" action="{}" hx-post="{}"'
        ' hx-target="#list-control-{}" hx-swap="outerHTML">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<input type="hidden" name="list" value="read_later">'
        '<input type="hidden" name="action" value="{}">'
        '<button type="submit" class="save-button" data-save-button aria-pressed="{}" title="{}">'
        '{}<span class="visually-hidden"> “{}” {} Read later</span></button></form>',
        save_url,
        save_url,
        paper.pk,
        str(csrf_token or ""),
        next_url,
        "remove" if saved else "add",
        "true" if saved else "false",
        "Remove from Read later" if saved else "Save to Read later",
        "Saved" if saved else "Save",
        paper.short_title,
        "in" if saved else "to",
    )


def in_lists_html(holding: Sequence[ReadingList]) -> SafeString:
    if not holding:
        return SafeString("")
    links = format_html_join(
        ", ", '<a href="{}">{}</a>', ((rl.get_absolute_url(), rl.name) for rl in holding)
    )
    return format_html('<p class="in-lists" data-in-lists>In {}</p>', links)


def closed_control_html(control: dict[str, Any]) -> SafeString:
    """The control with its menu closed (`control` as reading_lists.control_context builds it)."""
    paper = control["paper"]
    menu_url = f"{control['menu_url']}?{urlencode({'next': control['next_url']})}"
    return format_html(
        '<div class="list-control" id="list-control-{}" data-list-control>{}'
        '<details class="list-menu" hx-get="{}" hx-trigger="toggle once"'
        ' hx-target="#list-control-{}" hx-swap="outerHTML">'
        '<summary id="list-menu-{}">Lists<span class="visually-hidden"> for “{}”</span></summary>'
        '<ul class="list-menu-items"><li><a class="list-menu-manage" href="{}">Choose lists</a>'
        "</li></ul></details>{}</div>",
        paper.pk,
        control["save_form"],
        menu_url,
        paper.pk,
        paper.pk,
        paper.short_title,
        menu_url,
        control["in_lists"],
    )
