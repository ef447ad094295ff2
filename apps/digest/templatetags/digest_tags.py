"""Feed links and the digest's forms, for the pages of lower apps to load:
`{% load digest_tags %}{% feed_head "tag" tag.slug %}`."""

from typing import Any

from django import template
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.html import format_html

from apps.papers import reader_parts

from ..models import Subscription
from ..subscribe_form import held_digest, subscribe_form_html

register = template.Library()

_TITLES = {
    "daily": "Daily picks",
    "trending": "Trending",
    "tag": "Tag",
    "category": "Category",
    "search": "These search results",
    "list": "Reading list",
}


def _feed_urls(kind: str, arg: Any) -> tuple[str, str]:
    if kind == "search":
        query = (
            arg.copy() if isinstance(arg, QueryDict) else QueryDict(str(arg or ""), mutable=True)
        )
        query.pop("page", None)
        suffix = f"?{query.urlencode()}"
        args: list = []
    else:
        suffix, args = "", ([] if arg in (None, "") else [arg])
    return (
        reverse(f"digest:feed-{kind}-rss", args=args) + suffix,
        reverse(f"digest:feed-{kind}-atom", args=args) + suffix,
    )


def _title(kind: str, arg: Any) -> str:
    title = _TITLES[kind]
    return f"{title}: {arg}" if kind in ("tag", "category") else title


@register.simple_tag
def feed_head(kind: str, arg: Any = None) -> str:
    """`<link rel="alternate">` to the RSS and Atom feeds of a page, for the <head>."""
    rss, atom = _feed_urls(kind, arg)
    title = _title(kind, arg)
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{} (RSS)" href="{}">\n'
        '<link rel="alternate" type="application/atom+xml" title="{} (Atom)" href="{}">',
        title, rss, title, atom,
    )  # fmt: skip


@register.simple_tag
def feed_links(kind: str, arg: Any = None) -> str:
    """The visible feed links of a page."""
    rss, atom = _feed_urls(kind, arg)
    return format_html(
        '<p class="feed-links"><span class="feed-icon" aria-hidden="true"></span>'
        'Follow in a feed reader: <a href="{}" type="application/rss+xml">RSS</a> · '
        '<a href="{}" type="application/atom+xml">Atom</a></p>',
        rss, atom,
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def digest_subscribe_form(context: template.Context) -> str:
    """The daily page's form: a reader picks daily or weekly; a visitor gives an address.
    A hole on pages shared by signed-in readers (apps.papers.reader_parts)."""
    request = context["request"]
    if reader_parts.sharing(request):
        return reader_parts.hole("digest", "subscribe")
    return _subscribe_form_html(request, context.get("csrf_token"))


def subscribe_form_fill(fill: reader_parts.Fill, keys: list[str]) -> dict[str, str]:
    html = _subscribe_form_html(fill.request, fill.csrf_token)
    return dict.fromkeys(keys, html)


def _subscribe_form_html(request: HttpRequest, csrf_token: Any) -> str:
    return subscribe_form_html(
        held=held_digest(request.user),
        signed_in=request.user.is_authenticated,
        csrf_token=csrf_token,
        next_path=request.path,
    )


@register.inclusion_tag("digest/_profile_summary.html", takes_context=True)
def digest_profile_summary(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    return {"subscription": Subscription.objects.filter(user=user).first()}
