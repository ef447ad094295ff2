"""Full-text search: the query parser, term normalisation, ranking, the /search form,
and the offline relevance evaluation with its judged queries."""

from .paging import CappedPaginator, RankedPaginator
from .ranking import SEARCH_CONFIG, SearchPlan, search_papers, suggest_titles

__all__ = [
    "SEARCH_CONFIG",
    "CappedPaginator",
    "RankedPaginator",
    "SearchPlan",
    "search_papers",
    "suggest_titles",
]
