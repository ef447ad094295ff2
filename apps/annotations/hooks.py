import logging
from typing import Any

from .services import annotations_reanchor

logger = logging.getLogger(__name__)


def reanchor_revised_papers(sender: Any, *, paper_ids: list[int], **kwargs: Any) -> None:
    counts = annotations_reanchor(paper_ids=paper_ids)
    if counts["moved"] or counts["orphaned"]:
        logger.info("annotations re-anchored on %d revised papers: %s", len(paper_ids), counts)
