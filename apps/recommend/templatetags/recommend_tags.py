"""`{% similar_papers paper %}` on the paper page (apps.papers cannot import this app;
its template loads this library). Two queries whatever the paper."""

from typing import Any

from django import template

from apps.papers.models import Paper

from ..history import similar_papers as similar_ranked

register = template.Library()


@register.inclusion_tag("recommend/_similar.html")
def similar_papers(paper: Paper) -> dict[str, Any]:
    ids = [pid for pid, _ in similar_ranked(paper)]
    found = (
        Paper.objects.published()
        .only("id", "title", "arxiv_id", "short_id", "listed_on", "vote_count")
        .in_bulk(ids)
    )
    return {"similar": [found[pid] for pid in ids if pid in found]}
