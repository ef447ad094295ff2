"""The arXiv API's Atom feed (export.arxiv.org/api/query).

Each <entry> is a paper at its latest version: the version is in the id
(`http://arxiv.org/abs/2401.01234v2`). The feed pages with start/max_results and
says how many results there are in opensearch:totalResults. The API reports a
bad query as a feed with one entry whose id is under /api/errors.
"""

from apps.ingest.documents import Element, FeedError, Page, parse_datetime, parse_xml, text_of
from apps.papers.upsert import PaperRecord, RecordError, arxiv_id_and_version, build_record

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ERROR_ID_MARK = "/api/errors"
AUTHOR, NAME, LINK = f"{ATOM}author", f"{ATOM}name", f"{ATOM}link"
CATEGORY, PRIMARY_CATEGORY = f"{ATOM}category", f"{ARXIV}primary_category"
# Entry children read as plain text, by tag: one pass over each entry.
_TEXT_FIELDS = {
    f"{ATOM}id": "id",
    f"{ATOM}title": "title",
    f"{ATOM}summary": "abstract",
    f"{ATOM}published": "published",
    f"{ATOM}updated": "updated",
    f"{ARXIV}comment": "comment",
    f"{ARXIV}journal_ref": "journal_ref",
    f"{ARXIV}doi": "doi",
}


def parse_arxiv_api(content: bytes) -> Page:
    feed = parse_xml(content, root=f"{ATOM}feed", what="an arXiv API Atom feed")
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries[:1]:
        if ERROR_ID_MARK in text_of(entry, f"{ATOM}id"):
            summary = text_of(entry, f"{ATOM}summary")
            raise FeedError(f"the arXiv API answered with an error: {summary}")
    total = _int(text_of(feed, f"{OPENSEARCH}totalResults"))
    if total == 0 and not entries:
        return Page.nothing_listed("the arXiv API found nothing (totalResults 0)", total=0)
    return Page(items=[_record(entry) for entry in entries], total=total)


def _record(entry: Element) -> PaperRecord | RecordError:
    text: dict[str, str] = {}
    authors: list[str] = []
    categories: list[str] = []
    pdf_url = ""
    for child in entry:
        tag = child.tag
        if tag in _TEXT_FIELDS:
            text[_TEXT_FIELDS[tag]] = child.text or ""
        elif tag == AUTHOR:
            authors.extend(name.text or "" for name in child if name.tag == NAME)
        elif tag == PRIMARY_CATEGORY:
            categories.insert(0, child.get("term", ""))
        elif tag == CATEGORY:
            categories.append(child.get("term", ""))
        elif tag == LINK and child.get("title") == "pdf":
            pdf_url = child.get("href", "")
    try:
        arxiv_id, version = arxiv_id_and_version(text.get("id"))
        return build_record(
            title=text.get("title"),
            abstract=text.get("abstract"),
            arxiv_id=arxiv_id,
            version=version,
            authors=authors,
            categories=categories,
            published_at=parse_datetime(text.get("published")),
            updated_at=parse_datetime(text.get("updated")),
            comment=text.get("comment", ""),
            journal_ref=text.get("journal_ref", ""),
            doi=text.get("doi", ""),
            abs_url=f"https://arxiv.org/abs/{arxiv_id}",
            pdf_url=pdf_url,
        )
    except RecordError as exc:
        return exc


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None
