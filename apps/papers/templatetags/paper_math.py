"""`{% math_on_page as math %}`: whether the page's papers have LaTeX for KaTeX to typeset.

Pages load KaTeX only when they need it, and then before their first paint.
"""

import re

from django import template
from django.template import Context
from django.utils.text import Truncator

register = template.Library()

# The delimiters static/js/math.js hands to KaTeX's auto-render: $...$ ($$...$$), \(...\), \[...\].
LATEX = re.compile(r"\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)


def has_latex(text: str | None) -> bool:
    return bool(text and LATEX.search(text))


@register.simple_tag(takes_context=True)
def math_on_page(context: Context) -> bool:
    """Whether `paper` or any of `papers` (what the page shows) has LaTeX in title or abstract."""
    papers = list(context.get("papers") or ())
    if context.get("paper") is not None:
        papers.append(context["paper"])
    return any(has_latex(paper.title) or has_latex(paper.abstract) for paper in papers)


_DOLLARS = re.compile(r"(?<!\\)\$\$?")


@register.filter
def math_excerpt(text: str, words: int) -> str:
    """`truncatewords`, cut back before a formula the cut left open: it would show as raw LaTeX."""
    excerpt = Truncator(text).words(words, truncate=" …")  # as truncatewords does
    if len(text.split()) <= words:
        return excerpt
    dollars = [match.start() for match in _DOLLARS.finditer(excerpt)]
    openers = [dollars[-1]] if len(dollars) % 2 else []
    for opener, closer in (("\\(", "\\)"), ("\\[", "\\]")):
        if excerpt.rfind(opener) > excerpt.rfind(closer):
            openers.append(excerpt.rfind(opener))
    if openers:
        excerpt = excerpt[: min(openers)].rstrip() + " …"
    return excerpt
