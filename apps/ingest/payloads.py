"""The upstream items as received, kept beside their papers (hf-daily: upvotes, submitter)."""

import json

from django.db import connection
from django.utils import timezone

from apps.papers.upsert import PaperRecord

from .models import RawPayload

RAW_PAYLOAD = RawPayload._meta.db_table
# One statement per batch; a payload that did not change is not rewritten.
_SAVE = f"""
    INSERT INTO {RAW_PAYLOAD} (paper_id, kind, payload, fetched_at)
    SELECT paper_id, %s, payload, %s
    FROM unnest(%s::bigint[], %s::jsonb[]) AS t(paper_id, payload)
    ON CONFLICT (paper_id, kind) DO UPDATE
    SET payload = EXCLUDED.payload, fetched_at = EXCLUDED.fetched_at
    WHERE {RAW_PAYLOAD}.payload IS DISTINCT FROM EXCLUDED.payload"""


def raw_payloads_save(stored: list[tuple[PaperRecord, int]], *, kind: str) -> None:
    """Keep each stored record's raw item (if it has one) as the paper's payload of `kind`."""
    kept = {paper_id: record.raw for record, paper_id in stored if record.raw is not None}
    if not kept:
        return
    payloads = [json.dumps(payload) for payload in kept.values()]
    with connection.cursor() as cursor:
        cursor.execute(_SAVE, [kind, timezone.now(), list(kept), payloads])
