"""A database of synthetic papers, readers, votes and picks, loaded in bulk.

`synth_run` fills a database of its own (it holds no other papers): it empties
the paper tables (TRUNCATE, so COPY can write frozen rows that need no vacuum),
drops their secondary indexes and foreign keys, COPYs everything, rebuilds them
and runs ANALYZE, all in one transaction. `papers_append` adds papers to any
database (the ingest benchmark's existing papers).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.utils import timezone

from apps.annotations.models import Annotation
from apps.curation.models import DailyPick
from apps.lists.models import ReadingList, ReadingListItem
from apps.papers.models import Author, Authorship, Paper, PaperTag, Vote
from apps.papers.search.stats import search_terms_rebuild
from apps.papers.trending import trending_refresh

from .activity import USER_PREFIX, picks_load, users_load, votes_load
from .annotations import annotations_load
from .bulk import DeferredIndexes, analyze, quote, referencing_closure, reserve_ids, truncate
from .lists import lists_load
from .papers import SOURCE, PaperCategory, PaperPlan, PaperWriter, author_names, authors_load
from .phases import Phases, SynthResult
from .plan import DAY, arxiv_ids, epoch, paper_times, vote_counts
from .text import WordModel, demo_texts

Report = Callable[[str], object]
# Loaded with their secondary indexes and foreign keys dropped.
BULK_TABLES: list[type[Model]] = [Paper, Authorship, PaperCategory, PaperTag, Vote]
READER_TABLES: list[type[Model]] = [Annotation, ReadingList, ReadingListItem]
AUTHORS_PER_PAPER_POOL = 3  # a pool of a third as many authors as papers
SYNTH_USERNAMES = rf"^{USER_PREFIX}([0-9]{{5,}}|editor)$"


class SynthRefused(Exception):
    pass


@dataclass(frozen=True)
class SynthOptions:
    papers: int
    users: int
    votes: int
    annotations: int = 0
    lists: int = 0
    seed: int = 0
    reset: bool = False


@lru_cache(maxsize=2)
def word_model(seed: int) -> WordModel:
    return WordModel(demo_texts(), random.Random(seed))


def synth_run(
    options: SynthOptions, *, report: Report = print, now: datetime | None = None
) -> SynthResult:
    """Replace the synthetic data with a new set as `options` say; refuse on other papers."""
    result = SynthResult()
    phase = Phases(result, report)
    rng = random.Random(options.seed)
    end = epoch(now or timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        with phase("reset"):
            _clear(cursor, reset=options.reset)
        with phase("plan"):
            times = paper_times(rng, options.papers, end=end)
            cap = max(1, options.users // 4)  # no paper gets a vote from every reader
            plan = PaperPlan(
                first_id=reserve_ids(cursor, Paper, len(times)),
                arxiv_ids=arxiv_ids(times, {}),
                times=times,
                vote_counts=vote_counts(rng, times, votes=options.votes, cap=cap),
                end=end,
            )
            word_model(options.seed)
        with phase("users"):
            first_user = users_load(cursor, rng, options.users, start=times[0] if times else end)
        editor_id = first_user + options.users
        deferred = _load_papers(cursor, rng, plan, options.seed, phase, editor_id=editor_id)
        with phase("votes"):
            result.counts["votes"] = votes_load(
                cursor, rng, plan, readers=options.users, first_user=first_user, freeze=True
            )
        with phase("picks"):
            result.counts["picks"] = picks_load(cursor, rng, plan, editor_id=editor_id, freeze=True)
        with phase("indexes"):
            deferred.restore()
        if options.annotations:
            with phase("annotations"):
                result.counts["annotations"] = annotations_load(
                    cursor, rng, plan, count=options.annotations, readers=options.users,
                    first_user=first_user,
                )  # fmt: skip
        with phase("lists"):
            result.counts.update(
                lists_load(
                    cursor,
                    rng,
                    plan,
                    lists=options.lists,
                    readers=options.users,
                    first_user=first_user,
                )
            )
        with phase("analyze"):
            analyze(
                cursor,
                [*BULK_TABLES, Author, DailyPick, get_user_model(), EmailAddress, *READER_TABLES],
            )
    # What the site keeps beside the rows, as the beat tasks would after a real ingest.
    with phase("trending"):
        result.counts["trending_rows"] = trending_refresh()
    with phase("search terms"):
        search_terms_rebuild()
    result.counts.update(users=options.users, staff=1, days=len({t // DAY for t in times}))
    return result


def papers_append(
    count: int, *, end: datetime, seed: int = 0, report: Report = print
) -> dict[str, int]:
    """Add `count` synthetic papers published up to `end`, without votes, to any database.

    Their arXiv ids follow the highest of each month already there. Indexes are
    dropped and rebuilt only when that is the cheaper (the table at most doubles).
    """
    result = SynthResult()
    phase = Phases(result, report)
    rng = random.Random(seed)
    end_second = epoch(end)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {quote(Paper._meta.db_table)}")
        rebuild = cursor.fetchone()[0] < count
        times = paper_times(rng, count, end=end_second)
        plan = PaperPlan(
            first_id=reserve_ids(cursor, Paper, count),
            arxiv_ids=arxiv_ids(times, _taken_numbers(cursor)),
            times=times,
            vote_counts=[0] * count,
            end=end_second,
        )
        deferred = _load_papers(cursor, rng, plan, seed, phase, freeze=False, defer=rebuild)
        with phase("indexes"):
            deferred.restore()
        with phase("analyze"):
            analyze(cursor, [*BULK_TABLES, Author])
    return result.counts


def _load_papers(
    cursor: CursorWrapper,
    rng: random.Random,
    plan: PaperPlan,
    seed: int,
    phase: Phases,
    *,
    editor_id: int | None = None,
    freeze: bool = True,
    defer: bool = True,
) -> DeferredIndexes:
    """Authors, papers and their links; the caller restores the indexes dropped (`defer`)."""
    with phase("authors"):
        names = author_names(rng, max(10, len(plan.times) // AUTHORS_PER_PAPER_POOL))
        authors = (authors_load(cursor, names), names)
    writer = PaperWriter(
        rng, word_model(seed), authors=authors, editor_id=editor_id, report=phase.report
    )
    deferred = DeferredIndexes(cursor, BULK_TABLES if defer else [])
    with phase("papers"):
        phase.result.counts["papers"] = writer.papers(cursor, plan, freeze=freeze)
    with phase("links"):
        phase.result.counts.update(writer.links(cursor, plan, freeze=freeze))
    phase.result.counts["authors"] = len(names)
    return deferred


def _clear(cursor: CursorWrapper, *, reset: bool) -> None:
    """Empty the paper tables, after checking they hold synthetic data only."""
    others = Paper.objects.exclude(source=SOURCE).count()
    if others:
        raise SynthRefused(
            f"the database holds {others:,} papers that are not synthetic: synth fills a "
            "database of its own (another PAPERS_VAR_DIR or DATABASE_URL)"
        )
    readers = get_user_model().objects.filter(username__regex=SYNTH_USERNAMES)
    if not reset and (Paper.objects.exists() or readers.exists()):
        raise SynthRefused("the database holds synthetic data already: pass --reset to replace it")
    # Deferred checks pending in this transaction are run now, before each change:
    # TRUNCATE and ALTER TABLE refuse to run with some pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    truncate(cursor, referencing_closure([Paper, Author]))
    readers.delete()
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _taken_numbers(cursor: CursorWrapper) -> dict[str, int]:
    """The highest arXiv number of each month (new-style ids) already in the papers table."""
    cursor.execute(
        "SELECT split_part(arxiv_id, '.', 1), max(split_part(arxiv_id, '.', 2)::int) "
        f"FROM {quote(Paper._meta.db_table)} WHERE arxiv_id ~ '^[0-9]{{4}}[.][0-9]{{5}}$' "
        "GROUP BY 1"
    )
    return dict(cursor.fetchall())
