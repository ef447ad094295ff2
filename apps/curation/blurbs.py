"""Editors' blurbs: Markdown with LaTeX math, rendered to sanitised HTML.

Math spans are set aside before Markdown sees them (it would read `a_1 * b_2` as
emphasis) and put back as text; the page's KaTeX typesets them (data-math).
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

_MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|\$[^$\n]+?\$", re.DOTALL)
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
ALLOWED_TAGS = {"p", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "br"}


def blurb_html(text: str) -> str:
    spans: list[str] = []

    def set_aside(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    rendered = _MARKDOWN.render(_MATH.sub(set_aside, text))
    rendered = re.sub(r"\x00(\d+)\x00", lambda m: html.escape(spans[int(m[1])]), rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
