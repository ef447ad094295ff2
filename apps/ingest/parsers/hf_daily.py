"""Hugging Face daily papers (huggingface.co/api/daily_papers?date=YYYY-MM-DD).

A JSON list of items: `paper` {id (the arXiv id, no version), title, summary,
authors [{name}], publishedAt, upvotes}, and the listing's own `publishedAt`,
`numComments`, `submittedBy`. The whole item is kept as the raw payload.
"""

import json
import re
from typing import Any

from apps.ingest.documents import FeedError, Page, parse_datetime, parse_json
from apps.papers.upsert import PaperRecord, RecordError, arxiv_id_and_version, build_record

MAX_PAYLOAD_CHARS = 100_000
_REFUSED_BY_JSONB = re.compile("[\x00\ud800-\udfff]")


def parse_hf_daily(content: bytes) -> Page:
    items = parse_json(content, what="a Hugging Face daily-papers list")
    if not isinstance(items, list):
        raise FeedError(
            f"not a Hugging Face daily-papers list: the JSON is a {type(items).__name__}"
        )
    if not items:  # weekends, and a day before anything is submitted
        return Page.nothing_listed("the daily-papers list is empty (nothing submitted that day)")
    return Page(items=[_record(item) for item in items])


def _record(item: Any) -> PaperRecord | RecordError:
    try:
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict):
            raise RecordError("a daily-papers item without a paper object")
        arxiv_id, _ = arxiv_id_and_version(_text(paper.get("id")))
        authors = paper.get("authors") or []
        if not isinstance(authors, list):
            raise RecordError(f"arXiv {arxiv_id}: authors is not a list")
        oversized = len(json.dumps(item)) > MAX_PAYLOAD_CHARS
        record = build_record(
            title=_text(paper.get("title")),
            abstract=_text(paper.get("summary")),
            arxiv_id=arxiv_id,
            authors=[_text(a.get("name")) for a in authors if isinstance(a, dict)],
            published_at=parse_datetime(_text(paper.get("publishedAt"))),
            abs_url=f"https://arxiv.org/abs/{arxiv_id}",
            raw=None if oversized else _without_nul(item),
        )
    except RecordError as exc:
        return exc
    if oversized:  # the paper is kept, without the item (or with only what was cut)
        record.adjustments += (f"raw item not kept: over {MAX_PAYLOAD_CHARS} characters",)
    return record


def _without_nul(value: Any) -> Any:
    """PostgreSQL's jsonb refuses U+0000 and lone surrogates (JSON can escape both)."""
    if isinstance(value, str):
        return _REFUSED_BY_JSONB.sub("", value)
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"expected text, got {type(value).__name__}")
    return value
