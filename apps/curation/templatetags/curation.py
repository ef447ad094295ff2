from django import template
from django.utils.safestring import SafeString, mark_safe

from ..blurbs import blurb_html

register = template.Library()


@register.filter
def blurb(text: str) -> SafeString:
    """An editor's Markdown blurb as sanitised HTML (nh3), math left for KaTeX."""
    return mark_safe(blurb_html(text or ""))
