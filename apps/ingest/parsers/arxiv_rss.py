"""arXiv's RSS 2.0 new-listings feed (rss.arxiv.org/rss/cs.CL), one per category.

Each <item> is an announcement: <arxiv:announce_type> is new, cross (a
cross-listing into this feed's category), replace (a new version) or
replace-cross. The guid carries the version (oai:arXiv.org:2401.01234v2), the
description "arXiv:2401.01234v2 Announce Type: new Abstract: ...", the
authors are one dc:creator string.

A cross-listing or replace-cross adds its categories to a known paper even
when its version is not newer: it never makes a second paper. A channel
without items is a normal answer on days without announcements.
"""

import re

from apps.ingest.documents import Element, FeedError, Page, parse_datetime, parse_xml, text_of
from apps.papers.upsert import PaperRecord, RecordError, arxiv_id_and_version, build_record

from .arxiv_oai import split_authors

ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
ANNOUNCE_TYPES = {"new", "cross", "replace", "replace-cross"}
CROSS_TYPES = {"cross", "replace-cross"}
# arXiv announces nothing on Saturdays, Sundays and holidays: the channel is then empty.
NOTHING_ANNOUNCED = "the RSS feed lists no items (no announcement today)"
_ABSTRACT = re.compile(r"^.*?Announce Type:\s*\S+\s*(?:Abstract:\s*)?", re.DOTALL)


def parse_arxiv_rss(content: bytes) -> Page:
    rss = parse_xml(content, root="rss", what="an arXiv RSS feed")
    channel = rss.find("channel")
    if channel is None:
        raise FeedError("not an RSS feed: no <channel>")
    items = [_record(item) for item in channel.iterfind("item")]
    if not items:
        return Page.nothing_listed(NOTHING_ANNOUNCED)
    return Page(items=items)


def _record(item: Element) -> PaperRecord | RecordError:
    try:
        arxiv_id, version = arxiv_id_and_version(text_of(item, "guid") or text_of(item, "link"))
        announce_type = text_of(item, f"{ARXIV}announce_type").strip()
        if announce_type not in ANNOUNCE_TYPES:
            raise RecordError(f"arXiv {arxiv_id}: unknown announce type {announce_type[:20]!r}")
        return build_record(
            title=text_of(item, "title"),
            abstract=_ABSTRACT.sub("", text_of(item, "description"), count=1),
            arxiv_id=arxiv_id,
            version=version,
            authors=split_authors(text_of(item, f"{DC}creator")),
            categories=[c.text or "" for c in item.iterfind("category")],
            # The announcement day; arXiv's first-version date is not in the feed.
            published_at=parse_datetime(text_of(item, "pubDate")) if version == 1 else None,
            abs_url=f"https://arxiv.org/abs/{arxiv_id}",
            cross_list=announce_type in CROSS_TYPES,
        )
    except RecordError as exc:
        return exc
