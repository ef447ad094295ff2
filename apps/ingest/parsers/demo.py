"""The demo listing: a copy of a "trending papers" page as text.

A preamble, then a title line and an abstract line per paper. The first title
is glued to the word "Subscribe" (the page's button); trailing lines are blank.
"""

from collections.abc import Iterator

from apps.ingest.documents import FeedError, Page, check_not_html
from apps.papers.upsert import PaperRecord, RecordError, build_record

BUTTON_TEXT = "Subscribe"


class ListingFormatError(FeedError):
    pass


def parse_demo(content: bytes) -> Page:
    check_not_html(content, what="a demo listing")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ListingFormatError(f"the listing is not UTF-8 text: {exc}") from None
    return Page(items=list(parse_demo_listing(text)))


def parse_demo_listing(text: str) -> Iterator[PaperRecord | RecordError]:
    """Yield a record per title/abstract pair, or the RecordError of a bad pair."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if line.startswith(BUTTON_TEXT)), None)
    if start is not None:
        first = lines[start].removeprefix(BUTTON_TEXT).strip()
        lines = ([first] if first else []) + lines[start + 1 :]
    if not lines:
        raise ListingFormatError("the listing holds no papers")
    if len(lines) % 2:
        raise ListingFormatError(
            f"the listing has {len(lines)} non-blank lines after the preamble; "
            "expected title/abstract pairs, the last title has no abstract"
        )
    for title, abstract in zip(lines[::2], lines[1::2], strict=True):
        try:
            yield build_record(title=title, abstract=abstract)
        except RecordError as exc:
            yield exc
