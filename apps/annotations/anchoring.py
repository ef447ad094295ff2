"""Find a quoted passage in a text again: the W3C TextQuoteSelector, anchored.

Pure functions, no Django: the exact quote where its prefix and suffix agree (or
nearest the old position), else the closest fuzzy match above a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT = 32  # characters of prefix and suffix kept with a quote
FUZZY_THRESHOLD = 80.0  # rapidfuzz ratio (0-100) a changed passage must keep


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    fuzzy: bool = False


def quote_context(text: str, start: int, end: int) -> Anchor:
    """The selector of text[start:end], with up to CONTEXT characters either side."""
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def _occurrences(text: str, exact: str) -> list[int]:
    found, at = [], text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _context_score(text: str, at: int, exact: str, prefix: str, suffix: str) -> float:
    before = text[max(0, at - len(prefix)) : at]
    after = text[at + len(exact) : at + len(exact) + len(suffix)]
    score = 0.0
    if prefix:
        score += fuzz.ratio(before, prefix)
    if suffix:
        score += fuzz.ratio(after, suffix)
    return score


def anchor_find(
    text: str,
    *,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> Anchor | None:
    """Where `exact` is in `text` now, or None when nothing close enough is left.

    Several exact occurrences: the one whose surroundings best match prefix and
    suffix, then the one nearest `hint` (the old start). No exact occurrence: the
    best fuzzy alignment of the quote, accepted when its score reaches `threshold`.
    """
    if not exact or not text:
        return None
    candidates = _occurrences(text, exact)
    if candidates:
        best = max(
            candidates,
            key=lambda at: (
                _context_score(text, at, exact, prefix, suffix),
                -abs(at - hint) if hint is not None else 0,
            ),
        )
        return quote_context(text, best, best + len(exact))
    alignment = fuzz.partial_ratio_alignment(exact, text, score_cutoff=threshold)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    found = quote_context(text, alignment.dest_start, alignment.dest_end)
    # A short quote aligned inside a longer one scores high on partial_ratio:
    # hold the chosen span itself to the threshold too.
    if fuzz.ratio(found.exact, exact) < threshold:
        return None
    return Anchor(found.start, found.end, found.exact, found.prefix, found.suffix, fuzzy=True)
