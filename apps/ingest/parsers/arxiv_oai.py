"""arXiv's OAI-PMH interface: ListRecords in the arXivRaw or arXiv metadata format.

A response holds up to about a thousand records and, while more remain, a
resumptionToken to ask for the next part (empty in the last part). A record
whose header has status="deleted" carries no metadata: the paper is withdrawn.
"noRecordsMatch" is the protocol's way to say there is nothing new.

arXivRaw lists every version (<version version="v2"><date>...</date>); the
latest is the paper's version. arXiv has no versions, only created/updated.
"""

import re

from apps.ingest.documents import Element, FeedError, Page, parse_datetime, parse_xml, text_of
from apps.papers.upsert import (
    PaperRecord,
    RecordError,
    arxiv_id_and_version,
    build_record,
    build_withdrawal,
)

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RAW = "{http://arxiv.org/OAI/arXivRaw/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
NOTHING_NEW = "noRecordsMatch"
_AFFILIATION = re.compile(r"\([^()]*\)")


def parse_arxiv_oai(content: bytes) -> Page:
    root = parse_xml(content, root=f"{OAI}OAI-PMH", what="an OAI-PMH response")
    page = Page(response_date=text_of(root, f"{OAI}responseDate") or None)
    error = root.find(f"{OAI}error")
    if error is not None:
        code = error.get("code", "")
        if code == NOTHING_NEW:
            return Page.nothing_listed(
                "the OAI-PMH server has nothing new (noRecordsMatch)",
                response_date=page.response_date,
            )
        raise FeedError(f"the OAI-PMH server answered {code or 'an error'}: {error.text or ''}")
    listing = root.find(f"{OAI}ListRecords")
    if listing is None:
        raise FeedError("not an OAI-PMH ListRecords response: no <ListRecords>")
    page.items = [_record(record) for record in listing.iterfind(f"{OAI}record")]
    token = listing.find(f"{OAI}resumptionToken")
    if token is not None:
        page.next_token = (token.text or "").strip() or None
        size = token.get("completeListSize")
        page.total = int(size) if size and size.isdigit() else None
    return page


def _record(record: Element) -> PaperRecord | RecordError:
    header = record.find(f"{OAI}header")
    try:
        if header is None:
            raise RecordError("an OAI record without a header")
        arxiv_id, _ = arxiv_id_and_version(text_of(header, f"{OAI}identifier"))
        if header.get("status") == "deleted":
            at = parse_datetime(text_of(header, f"{OAI}datestamp"))
            return build_withdrawal(arxiv_id=arxiv_id, at=at)
        metadata = record.find(f"{OAI}metadata")
        raw = None if metadata is None else metadata.find(f"{RAW}arXivRaw")
        if raw is not None:
            return _raw_record(raw, arxiv_id)
        plain = None if metadata is None else metadata.find(f"{ARXIV}arXiv")
        if plain is not None:
            return _plain_record(plain, arxiv_id)
        raise RecordError(f"arXiv {arxiv_id}: no arXivRaw or arXiv metadata")
    except RecordError as exc:
        return exc


def _raw_record(raw: Element, arxiv_id: str) -> PaperRecord:
    versions = sorted(
        (_version_number(v.get("version", ""), arxiv_id), text_of(v, f"{RAW}date"))
        for v in raw.iterfind(f"{RAW}version")
    )
    return build_record(
        title=text_of(raw, f"{RAW}title"),
        abstract=text_of(raw, f"{RAW}abstract"),
        arxiv_id=arxiv_id,
        version=versions[-1][0] if versions else None,
        authors=split_authors(text_of(raw, f"{RAW}authors")),
        categories=text_of(raw, f"{RAW}categories").split(),
        published_at=parse_datetime(versions[0][1]) if versions else None,
        updated_at=parse_datetime(versions[-1][1]) if versions else None,
        comment=text_of(raw, f"{RAW}comments"),
        journal_ref=text_of(raw, f"{RAW}journal-ref"),
        doi=text_of(raw, f"{RAW}doi"),
        abs_url=f"https://arxiv.org/abs/{arxiv_id}",
    )


def _plain_record(plain: Element, arxiv_id: str) -> PaperRecord:
    authors = [
        " ".join(
            part
            for part in (
                text_of(author, f"{ARXIV}forenames"),
                text_of(author, f"{ARXIV}keyname"),
                text_of(author, f"{ARXIV}suffix"),
            )
            if part
        )
        for author in plain.iterfind(f"{ARXIV}authors/{ARXIV}author")
    ]
    return build_record(
        title=text_of(plain, f"{ARXIV}title"),
        abstract=text_of(plain, f"{ARXIV}abstract"),
        arxiv_id=arxiv_id,
        authors=authors,
        categories=text_of(plain, f"{ARXIV}categories").split(),
        published_at=parse_datetime(text_of(plain, f"{ARXIV}created")),
        updated_at=parse_datetime(text_of(plain, f"{ARXIV}updated") or None),
        comment=text_of(plain, f"{ARXIV}comments"),
        journal_ref=text_of(plain, f"{ARXIV}journal-ref"),
        doi=text_of(plain, f"{ARXIV}doi"),
        abs_url=f"https://arxiv.org/abs/{arxiv_id}",
    )


def _version_number(value: str, arxiv_id: str) -> int:
    number = value.strip().removeprefix("v")
    if not number.isdigit():
        raise RecordError(f"arXiv {arxiv_id}: unreadable version {value[:20]!r}")
    return int(number)


def split_authors(value: str) -> list[str]:
    """'A. Smith (MIT), B. Jones and C. Li' (arXiv's author string) -> three names."""
    value = " ".join(_AFFILIATION.sub(" ", value).split())
    names: list[str] = []
    for part in value.split(", "):
        names.extend(part.split(" and "))
    return [name.strip() for name in names if name.strip()]
