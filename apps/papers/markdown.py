"""Readers' and editors' Markdown (notes, pick blurbs) as sanitised HTML.

markdown-it (CommonMark, raw HTML off) renders it; math between $...$ / $$...$$
is kept as text between \\( \\) / \\[ \\] in an element marked data-math, which
the site's KaTeX (static/js/math.js) typesets as it does titles and abstracts.
nh3 (ammonia) then keeps only a small set of tags and attributes, and links
only with http(s) or mailto schemes, whatever the Markdown produced.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "span", "div", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"data-math"}, "div": {"data-math"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _math_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f'<span data-math="inline">\\({html.escape(tokens[idx].content)}\\)</span>'


def _math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f'<div data-math="">\\[{html.escape(tokens[idx].content)}\\]</div>\n'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)
    md.add_render_rule("math_inline", _math_inline)
    md.add_render_rule("math_inline_double", _math_block)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("math_block_label", _math_block)
    # Headings in a note stay below the page's own (h1 title, h2 sections).
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    return md


def _level(token: Token) -> str:
    return f"h{min(6, max(3, int(token.tag[1]) + 2))}"


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f"<{_level(tokens[idx])}>"


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f"</{_level(tokens[idx])}>\n"


_MARKDOWN = _parser()


def sanitise_html(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


def markdown_render(text: str) -> str:
    """Safe HTML for a note's Markdown: no raw HTML, script, handler or javascript: link."""
    return sanitise_html(_MARKDOWN.render(text))


def has_math(text: str) -> bool:
    return "data-math" in text
