"""Merging the papers' GIN pending lists into their indexes, off the ingest's path.

Upserts let GIN entries pile up in the pending list (INGEST_GIN_PENDING_LIST_KB)
rather than merging them into the search and trigram indexes row by row; this
merges them in one sorted pass, as vacuum would. Searches are correct either
way; a long pending list only makes them slower.
"""

from django.db import connection

from apps.papers.models import Paper


def search_indexes_merge_pending() -> int:
    """Merge every GIN pending list of the papers table; return the pages merged."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT coalesce(sum(gin_clean_pending_list(i.indexrelid)), 0)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am am ON am.oid = c.relam
            WHERE i.indrelid = %s::regclass AND am.amname = 'gin'
            """,
            [Paper._meta.db_table],
        )
        return int(cursor.fetchone()[0])
