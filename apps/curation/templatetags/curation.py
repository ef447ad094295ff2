from django import template
from django.utils.safestring import SafeString, mark_safe

from apps.papers.markdown import markdown_render

register = template.Library()


@register.filter
def blurb(text: str) -> SafeString:
    """An editor's Markdown blurb as sanitised HTML (nh3), math left for KaTeX."""
    return mark_safe(markdown_render(text or ""))
