"""`paper_url(name, public_id)`: `reverse(name, args=[public_id])` for a page of cards.

A card links its paper's page, vote and list controls: three reverses each, 75 a page,
about a tenth of a signed-in page's Python. A paper route's address is its prefix, the
id, and its suffix, so each route is reversed once (per script prefix, which a deploy
under a sub-path sets) with a stand-in id and the real one put in its place. The ids
the route accepts (PaperIdConverter) are URL-safe as they are: nothing to quote.
"""

from __future__ import annotations

import re
from functools import cache

from django.urls import get_script_prefix, reverse

from .identifiers import PUBLIC_ID

_STAND_IN = "2401.00000"
_ID = re.compile(rf"(?:{PUBLIC_ID})\Z")


@cache
def _around(name: str, script_prefix: str) -> tuple[str, str]:
    address = reverse(name, args=[_STAND_IN])
    before, _, after = address.partition(_STAND_IN)
    return before, after


def paper_url(name: str, public_id: str) -> str:
    if not _ID.match(public_id):
        return reverse(name, args=[public_id])  # raises NoReverseMatch, as reverse does
    before, after = _around(name, get_script_prefix())
    return f"{before}{public_id}{after}"
