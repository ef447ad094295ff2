"""arXiv identifiers, normalised title keys and the short public ids derived from them."""

import base64
import hashlib
import re
import unicodedata

# New style 2401.01234 (4 digits before 2015) and old style hep-th/9901001 or math.GT/0309136.
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_ID_WITH_VERSION = re.compile(
    rf"^(?:https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)?(?P<id>{ARXIV_ID})"
    r"(?:v(?P<version>\d+))?(?:\.pdf)?$",
    re.IGNORECASE,
)
SHORT_ID_PREFIX = "p"
SHORT_ID_LENGTH = 10  # base32 letters after the prefix
# What `/papers/<id>` accepts: an arXiv id, optionally with its version (and ".pdf",
# which redirects to the paper's page), or a short id. Nothing else, so words like
# "search" or "week" beside it in a URL are never taken for a paper.
PUBLIC_ID = rf"{ARXIV_ID}(?:v\d+)?(?:\.pdf)?|{SHORT_ID_PREFIX}[a-z2-7]{{{SHORT_ID_LENGTH}}}"
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


class InvalidArxivId(ValueError):
    pass


def split_arxiv_id(raw: str) -> tuple[str, int | None]:
    """'arXiv:2401.01234v2' or an abs/pdf URL -> ('2401.01234', 2)."""
    match = _ARXIV_ID_WITH_VERSION.match(raw.strip())
    if not match:
        raise InvalidArxivId(f"not an arXiv identifier: {raw[:80]!r}")
    version = match["version"]
    return match["id"], int(version) if version else None


def title_key(title: str) -> str:
    """Case-, accent- and punctuation-blind key: 'BERT: Pre-training' -> 'bert pre training'."""
    if title.isascii():  # nothing to decompose: the common case, kept fast for bulk ingest
        without_marks = title
    else:
        decomposed = unicodedata.normalize("NFKD", title)
        without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", without_marks.casefold()).strip()[:500]


def short_id_for(key: str) -> str:
    digest = hashlib.sha256(key.encode()).digest()
    return SHORT_ID_PREFIX + base64.b32encode(digest).decode().lower()[:SHORT_ID_LENGTH]
