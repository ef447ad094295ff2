"""A site in use, on the demo database only: votes, staff picks with notes, tags, categories,
readers' annotations and replies, a few readers' reading lists.

The demo listing holds titles and abstracts alone; `make screenshots` calls
`demo_activity_seed` first so the README shows the pages as readers see them.
Categories come from keyword rules over the titles; the labelled papers' tags
count as staff-confirmed and the real tagger tags the rest. No author is
invented. Running it again changes nothing.
"""

import random
import re
from collections.abc import Sequence
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.permissions import CURATORS_GROUP
from apps.curation.models import DailyPick
from apps.lists.models import ReadingList, ReadingListItem
from apps.lists.services import list_items_add, read_later_get, reading_list_create
from apps.papers.identifiers import title_key
from apps.papers.models import Category, Paper, PaperTag, Tag
from apps.papers.votes import vote_cast
from apps.tagging.decisions import paper_tag_add
from apps.tagging.engine.evaluation import load_examples
from apps.tagging.models import TaggerVersion
from apps.tagging.services import papers_tags_apply
from apps.tagging.training import LABELLED_PATH, tagger_train

from .demo_annotations import demo_annotations_seed

# (code or slug, name, title pattern), or for picks (title, note): the pattern is last.
Rules = Sequence[tuple[str, ...]]
DEMO_SOURCE = "demo"
READERS = 24
VOTED_PAPERS = 30
PICK_VOTE_RANKS = (1, 4, 9)
RECENT_PICK_DAYS = 4  # today and the days before it get published picks too
RECENT_PICKS_PER_DAY = 3

CATEGORIES = [  # (code, arXiv's name, title pattern): the first match is the primary category
    ("cs.CV", "Computer Vision and Pattern Recognition",
     r"multi-?modal|mllm|vision|visual|image|video|vlm|llava|3d|omni"),
    ("cs.DC", "Distributed, Parallel, and Cluster Computing",
     r"serving|serverless|distributed|parallelism|cluster|gpus|throughput|hardware|npu"),
    ("cs.CL", "Computation and Language",
     r"language|llms?\b|multilingual|text|nlp|speech|chat|prompt"),
    ("cs.LG", "Machine Learning", r""),
]  # fmt: skip
PICKS = [  # (title, the staff's note)
    ("An LLM Compiler for Parallel Function Calling",
     "Plans an agent's tool calls as a graph and runs the independent ones in parallel: "
     "up to 3.7x faster and 6.7x cheaper than ReAct. A practical read if you build agents."),
    ("TriForce: Lossless Acceleration of Long Sequence Generation with Hierarchical "
     "Speculative Decoding",
     "Speculative decoding with the model's own sparse KV cache as the draft: lossless, "
     "and up to 2.31x faster on Llama2-7B-128K."),
    ("Practical Unlearning for Large Language Models", ""),
]  # fmt: skip


def is_demo_database() -> bool:
    """Only the demo listing is in: no paper from any other source."""
    papers = Paper.objects.all()
    return (
        papers.filter(source=DEMO_SOURCE).exists()
        and not papers.exclude(source=DEMO_SOURCE).exists()
    )


def demo_day() -> date | None:
    """The latest day the demo papers are listed on: where the picks go."""
    return (
        Paper.objects.filter(source=DEMO_SOURCE)
        .order_by("-listed_on")
        .values_list("listed_on", flat=True)
        .first()
    )


@transaction.atomic
def demo_activity_seed() -> dict[str, int]:
    """Seed votes, picks, tags and categories; refuses anything but the demo database."""
    if not is_demo_database():
        raise ValueError("not the demo database: it holds papers from other sources")
    papers = list(Paper.objects.filter(source=DEMO_SOURCE).order_by("title_key"))
    return {
        "categorised": _categorise(papers),
        "tags": _tag(papers),
        "votes": _vote(papers),
        "picks": _pick(demo_day()) + _pick_recent_days(papers),
        "curators": _curators(),
        "annotations": demo_annotations_seed(papers),
        "list_items": _lists(),
    }


def _matching(rules: Rules, title: str) -> list[str]:
    return [rule[0] for rule in rules if re.search(rule[-1], title, re.IGNORECASE)]


def _vocabulary(model: type[Category], field: str, rules: Rules) -> dict:
    """The rules' categories by code, made where missing."""
    return {
        key: model.objects.get_or_create(**{field: key}, defaults={"name": name})[0]
        for key, name, _pattern in rules
    }


def _categorise(papers: list[Paper]) -> int:
    categories = _vocabulary(Category, "code", CATEGORIES)
    changed = 0
    for paper in papers:
        if paper.primary_category_id is not None:
            continue
        matching = _matching(CATEGORIES, paper.title)
        paper.primary_category = categories[matching[0]]
        paper.save(update_fields=["primary_category"])
        paper.categories.set([categories[code] for code in matching])
        changed += 1
    return changed


def _tag(papers: list[Paper]) -> int:
    """The labelled papers' tags as staff-confirmed; the real tagger for all the others."""
    editor = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    labelled = {title_key(e.title): e for e in load_examples(LABELLED_PATH)}
    tags = {tag.slug: tag for tag in Tag.objects.all()}
    confirmed = 0
    for paper in papers:
        example = labelled.get(paper.title_key)
        if example is None or editor is None:
            continue
        for slug in sorted(example.tags):
            if slug in tags and not PaperTag.objects.filter(paper=paper, tag=tags[slug]).exists():
                paper_tag_add(paper=paper, tag=tags[slug], user=editor)
                confirmed += 1
    if TaggerVersion.objects.active() is None:
        tagger_train(activate="always", folds=0, note="demo, not cross-validated")
    papers_tags_apply(paper_ids=[paper.pk for paper in papers])
    return confirmed + PaperTag.objects.exclude(origin=PaperTag.Origin.STAFF).count()


def _vote(papers: list[Paper]) -> int:
    readers = []
    for number in range(1, READERS + 1):
        reader, created = get_user_model().objects.get_or_create(
            username=f"demo-reader-{number:02d}",
            defaults={"display_name": f"Demo reader {number}", "email": ""},
        )
        if created:
            reader.set_unusable_password()
            reader.save(update_fields=["password"])
        readers.append(reader)
    picked_titles = {title for title, _note in PICKS}
    picked = [paper for paper in papers if paper.title in picked_titles]
    others = [paper for paper in papers if paper.title not in picked_titles]
    chosen = random.Random(4).sample(others, min(VOTED_PAPERS - len(picked), len(others)))
    for rank, paper in zip(PICK_VOTE_RANKS, picked, strict=False):  # staff and readers agree
        chosen.insert(rank, paper)
    for rank, paper in enumerate(chosen):
        voters = max(1, round(READERS * 0.85**rank))  # a few favourites, a long tail
        for reader in readers[:voters]:
            vote_cast(user=reader, paper=paper)
    return sum(paper.vote_count for paper in chosen)


# Reading lists of the first demo readers (issue 10): (reader number, list name,
# visibility, tag slug whose papers it holds, or "" for the reader's Read later).
DEMO_LISTS = [
    (1, "", "private", "long-context"),
    (1, "Efficient inference reading group", "public", "efficient-inference"),
    (2, "", "private", "agents"),
    (2, "Agents: related work", "link", "agents"),
    (3, "Vision-language to cite", "public", "multimodal"),
]
DEMO_LIST_SIZE = 6
DEMO_STATUSES = ("read", "reading", "to_read")


def _lists() -> int:
    """Items added (0 the second time: lists are found by name, papers added once)."""
    added = 0
    for number, name, visibility, slug in DEMO_LISTS:
        reader = get_user_model().objects.filter(username=f"demo-reader-{number:02d}").first()
        if reader is None:
            continue
        if name:
            reading_list = ReadingList.objects.filter(owner=reader, name=name).first()
            reading_list = reading_list or reading_list_create(
                owner=reader, name=name, visibility=visibility
            )
        else:
            reading_list = read_later_get(user=reader)
        tagged = Paper.objects.filter(source=DEMO_SOURCE, paper_tags__tag__slug=slug)
        new = list_items_add(
            reading_list=reading_list, papers=list(tagged.order_by("title_key")[:DEMO_LIST_SIZE])
        )
        for n, item in enumerate(new):  # the first ones read, then one being read
            item.status = DEMO_STATUSES[min(n, len(DEMO_STATUSES) - 1)]
        ReadingListItem.objects.bulk_update(new, ["status"])
        added += len(new)
    return added


def _pick(day: date | None) -> int:
    if day is None or DailyPick.objects.filter(featured_on=day).exists():
        return 0  # staff already picked that day: leave their work alone
    editor = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    position = 0
    for title, note in PICKS:
        paper = Paper.objects.filter(source=DEMO_SOURCE, title=title).first()
        if paper is not None:
            position += 1
            DailyPick.objects.create(
                featured_on=day, paper=paper, position=position, note=note, picked_by=editor
            )
    return position


def _editor() -> User | None:
    return User.objects.filter(is_staff=True).order_by("pk").first()


def _pick_recent_days(papers: list[Paper]) -> int:
    """Published picks for today and the last days (days staff picked stay as they are),
    from the most voted papers, a different few each day."""
    ranked = sorted(papers, key=lambda paper: (-paper.vote_count, paper.title_key))
    if not ranked:
        return 0
    editor, made, today = _editor(), 0, timezone.localdate()
    for offset in range(RECENT_PICK_DAYS):
        day = today - timedelta(days=offset)
        if DailyPick.objects.filter(featured_on=day).exists():
            continue
        start = offset * RECENT_PICKS_PER_DAY
        for position in range(1, RECENT_PICKS_PER_DAY + 1):
            paper = ranked[(start + position - 1) % len(ranked)]
            DailyPick.objects.create(featured_on=day, paper=paper, position=position,
                                     picked_by=editor, published=True)  # fmt: skip
            made += 1
    return made


def _curators() -> int:
    """The demo editor (the first staff account) curates: the /curate/ dashboard."""
    editor = _editor()
    if editor is None:
        return 0
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="curate", content_type__app_label="curation")
    )
    editor.groups.add(group)
    return 1
