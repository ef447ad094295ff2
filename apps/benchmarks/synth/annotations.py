"""Synthetic annotations: readers' notes on passages of abstracts, whole-paper notes and
replies, mostly on the papers readers voted for. Bodies come from a small pool rendered
once (Markdown to sanitised HTML is the costly part), so millions load quickly."""

from __future__ import annotations

import random
from collections.abc import Iterator

from django.db.backends.utils import CursorWrapper

from apps.annotations.anchoring import quote_context
from apps.annotations.models import Annotation
from apps.papers.markdown import markdown_render
from apps.papers.models import Paper

from .bulk import copy_rows, copy_text, quote, reserve_ids
from .papers import PaperPlan
from .plan import DAY, Timestamps

BODIES = [
    "Is this claim tested beyond the **main benchmark**?",
    "The bound $O(n \\log n)$ assumes sorted input: see section 3.",
    "Nice idea; compare with prior work on *sparse attention*.",
    "Which datasets? The abstract does not say.",
    "Key result. Worth a reread.",
    "The ablation would settle this: does it hold without pre-training?",
    "Related: [an earlier survey](https://arxiv.org/abs/2101.00001).",
    "Code is linked in the paper; reproduced the headline number.",
    "Does the $\\alpha$ in the scaling law depend on data quality?",
    "Unclear how this differs from the baseline.",
]
REPLIES = ["Agreed.", "Not sure: the appendix shows otherwise.", "See table 2.", "Good point!"]
TAGS = ["method", "to-read", "question", "dataset", "baseline", "math", "idea", "reproduce"]
PUBLIC_SHARE = 0.6
PASSAGE_SHARE = 0.6
REPLY_SHARE = 0.2
CHUNK = 5_000


def annotations_load(
    cursor: CursorWrapper,
    rng: random.Random,
    plan: PaperPlan,
    *,
    count: int,
    readers: int,
    first_user: int,
) -> int:
    """`count` annotations by the synthetic readers, on papers weighted by their votes."""
    if not count or not plan.times or not readers:
        return 0
    weights = [1 + votes for votes in plan.vote_counts]
    papers = sorted(rng.choices(range(len(plan.times)), weights=weights, k=count))
    first = reserve_ids(cursor, Annotation, count)
    columns = (
        "id", "owner_id", "paper_id", "version", "field", "exact", "prefix", "suffix", "start",
        "end", "orphaned", "reply_to_id", "body", "body_html", "tags", "visibility",
        "upvote_count", "report_count", "created", "updated",
    )  # fmt: skip
    # Read first: COPY holds the connection while the lines are produced.
    abstracts: dict[int, str] = {}
    unique = sorted({plan.first_id + n for n in papers})
    for start in range(0, len(unique), CHUNK):
        abstracts.update(_abstracts(cursor, unique[start : start + CHUNK]))
    lines = _lines(
        rng, plan, papers, abstracts, first=first, readers=readers, first_user=first_user
    )
    return copy_rows(cursor, Annotation, columns, lines)


def _abstracts(cursor: CursorWrapper, ids: list[int]) -> dict[int, str]:
    cursor.execute(
        f"SELECT id, abstract FROM {quote(Paper._meta.db_table)} WHERE id = ANY(%s)", [ids]
    )
    return dict(cursor.fetchall())


def _lines(
    rng: random.Random,
    plan: PaperPlan,
    papers: list[int],
    abstracts: dict[int, str],
    *,
    first: int,
    readers: int,
    first_user: int,
) -> Iterator[str]:
    html = {body: copy_text(markdown_render(body)) for body in [*BODIES, *REPLIES]}
    ts = Timestamps()
    annotation_id = first
    last_public: dict[int, int] = {}
    for n in papers:
        paper_id = plan.first_id + n
        owner = first_user + rng.randrange(readers)
        created = min(plan.end, plan.times[n] + rng.randrange(1, 30 * DAY))
        moment = ts(created)
        parent = last_public.get(paper_id)
        if parent is not None and rng.random() < REPLY_SHARE:
            body = rng.choice(REPLIES)
            yield "\t".join(
                (str(annotation_id), str(owner), str(paper_id), "1", "", "", "", "", r"\N",
                 r"\N", "f", str(parent), copy_text(body), html[body], "{}", "public", "0",
                 "0", moment, moment)
            )  # fmt: skip
            annotation_id += 1
            continue
        body = rng.choice(BODIES)
        public = rng.random() < PUBLIC_SHARE
        tags = "{" + ",".join(rng.sample(TAGS, rng.randint(0, 2))) + "}"
        selector = ["", "", "", "", r"\N", r"\N"]
        abstract = abstracts.get(paper_id, "")
        if abstract and rng.random() < PASSAGE_SHARE:
            length = min(len(abstract), rng.randint(12, 60))
            start = rng.randrange(0, len(abstract) - length + 1)
            anchor = quote_context(abstract, start, start + length)
            if anchor.exact.strip():
                texts = (anchor.exact, anchor.prefix, anchor.suffix)
                selector = ["abstract", *map(copy_text, texts), str(anchor.start), str(anchor.end)]
        yield "\t".join(
            (str(annotation_id), str(owner), str(paper_id), "1", *selector, "f", r"\N",
             copy_text(body), html[body], tags, "public" if public else "private",
             str(rng.randrange(4) if public else 0), "0", moment, moment)
        )  # fmt: skip
        if public:
            last_public[paper_id] = annotation_id
        annotation_id += 1
