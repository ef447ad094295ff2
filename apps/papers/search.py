"""Full-text search over the stored search vector (title A, authors B, abstract C).

`search_papers` is the one entry point the site and the API share.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

SEARCH_CONFIG = "english"


def search_papers(queryset, query: str):
    """Papers matching `query` (web-search syntax), annotated with `rank`, best first."""
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-vote_count", "id")
    )
