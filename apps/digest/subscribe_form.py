"""The daily page's digest form, as HTML: a reader picks daily or weekly, a visitor gives
an address; a reader who has a digest is told its settings instead.

Built with an f-string over `html.escape`d values rather than a template: on the day
pages shared by signed-in readers it is a hole filled for every request
(apps.papers.reader_parts), where Django's engine and the ORM's query cost a
millisecond, more than the rest of the fill. Every value that is not a fixed string of
this module is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString

from apps.papers.raw_rows import raw_rows

from .models import Subscription


@dataclass(frozen=True)
class Held:
    """What the form says of a reader's digest."""

    frequency: str
    hour: int
    timezone: str


# The choices QuickSubscribeForm accepts, as the model names them.
_FREQUENCIES = "".join(
    f'<option value="{escape(value)}">{escape(str(label).lower())}</option>'
    for value, label in Subscription.Frequency.choices
)
_HELD = "SELECT frequency, hour, timezone FROM {subscription} WHERE user_id = %s"


def held_digest(user: Any) -> Held | None:
    """The signed-in reader's digest, if they have one: one query (the user is unique)."""
    if not user.is_authenticated:
        return None
    rows = raw_rows(_HELD, [user.pk], subscription=Subscription)
    return Held(*rows[0]) if rows else None


def subscribe_form_html(
    *, held: Held | None, signed_in: bool, csrf_token: Any, next_path: str
) -> SafeString:
    if held is not None:
        body = (
            f"<p>You get a {escape(held.frequency)} digest at {int(held.hour):02d}:00"
            f" ({escape(held.timezone)})."
            f' <a href="{escape(reverse("digest:settings"))}">Digest settings</a> ·'
            f' <a href="{escape(reverse("digest:preview"))}">Preview</a></p>'
        )
    else:
        if signed_in:
            fields = (
                '<label for="digest-frequency">Send me the papers</label>'
                f'<select id="digest-frequency" name="frequency">{_FREQUENCIES}</select>'
            )
            after = ""
        else:
            fields = (
                '<input type="hidden" name="frequency" value="daily">'
                '<label for="digest-email">Your e-mail address</label>'
                '<input type="email" id="digest-email" name="email" required'
                ' autocomplete="email" maxlength="254">'
            )
            after = (
                '<p class="muted">We send a link to confirm first.'
                " Unsubscribe from any digest in one click.</p>"
            )
        action, token = escape(reverse("digest:subscribe")), escape(str(csrf_token or ""))
        body = (
            f'<form class="inline-form" method="post" action="{action}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            f"{fields}"
            '<input type="hidden" name="timezone" value="" data-browser-timezone>'
            '<button type="submit">Subscribe</button></form>'
            f"{after}"
            f'<script src="{escape(static("js/digest.js"))}" defer></script>'
        )
    return SafeString(
        '<section class="digest-signup" aria-labelledby="digest-signup-title">'
        '<h2 id="digest-signup-title" class="eyebrow">Get the picks by e-mail</h2>'
        f"{body}</section>"
    )
