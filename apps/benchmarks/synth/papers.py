"""Synthetic papers written by COPY, with their authors, categories and tags.

`PaperWriter.papers` streams the papers table and keeps each paper's links in
flat arrays; `links` writes them afterwards, one COPY per table.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.backends.utils import CursorWrapper

from apps.papers.identifiers import short_id_for, title_key
from apps.papers.models import Author, Authorship, Category, Paper, PaperTag, Tag

from . import vocab
from .bulk import copy_rows, quote
from .plan import Timestamps, zipf_table
from .text import WordModel

SOURCE = "synth"
AUTHORS_PER_PAPER = [0, 8, 14, 17, 16, 13, 10, 7, 5, 4, 3, 2, 1]  # weight of 0, 1, 2, ... authors
CROSS_LISTS = [45, 33, 15, 7]  # weight of 0, 1, 2, 3 further categories
TAGS_PER_PAPER = [35, 35, 20, 10]
VERSIONS = [0, 70, 20, 7, 3]
PaperCategory = Paper.categories.through
PAPER_COLUMNS = (
    "id", "arxiv_id", "title_key", "short_id", "version", "title", "abstract", "authors_text",
    "primary_category_id", "published_at", "updated_at", "comment", "journal_ref", "doi",
    "abs_url", "pdf_url", "source", "ingested_at", "modified_at", "status", "vote_count",
)  # fmt: skip
Report = Callable[[str], object]


@dataclass
class PaperPlan:
    """What the papers to write are: ids, times (epoch seconds, ascending), votes."""

    first_id: int
    arxiv_ids: list[str]
    times: list[int]
    vote_counts: list[int]
    end: int  # nothing happens after this moment


def author_names(rng: random.Random, count: int) -> list[str]:
    """Distinct realistic names ("Wei Zhang", "Ana M. Costa"), most popular first."""
    given, surnames = vocab.GIVEN_NAMES, vocab.SURNAMES
    middles = ["", *(f" {letter}." for letter in "ABCDEFGHJKLMNPRSTVWY")]
    combinations = len(given) * len(surnames) * len(middles)
    picked = rng.sample(range(combinations), min(count, combinations))
    names = []
    for n in picked:
        rest, surname = divmod(n, len(surnames))
        first, middle = divmod(rest, len(middles))
        names.append(f"{given[first]}{middles[middle]} {surnames[surname]}")
    return names


def authors_load(cursor: CursorWrapper, names: list[str]) -> list[int]:
    """The authors' ids, in the order of `names`; those missing are created."""
    table = quote(Author._meta.db_table)
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS synth_author (name text)")
    cursor.execute("TRUNCATE synth_author")
    with cursor.cursor.copy("COPY synth_author (name) FROM STDIN") as copy:
        copy.write("".join(f"{name}\n" for name in names))
    cursor.execute(
        f"INSERT INTO {table} (name) SELECT name FROM synth_author ORDER BY name "
        "ON CONFLICT (name) DO NOTHING"
    )
    cursor.execute(f"SELECT a.name, a.id FROM {table} a JOIN synth_author s USING (name)")
    ids = dict(cursor.fetchall())
    return [ids[name] for name in names]


def vocabulary_load() -> tuple[list[int], list[float], list[int]]:
    """Category ids with their weights as a primary category, and tag ids (most used first)."""
    Category.objects.bulk_create(
        [Category(code=code, name=name) for code, name, _ in vocab.CATEGORIES],
        ignore_conflicts=True,
    )
    Tag.objects.bulk_create(
        [Tag(slug=slug, name=name) for slug, name in vocab.TAGS], ignore_conflicts=True
    )
    categories = dict(Category.objects.values_list("code", "pk"))
    tags = dict(Tag.objects.values_list("slug", "pk"))
    return (
        [categories[code] for code, _, _ in vocab.CATEGORIES],
        [weight for _, _, weight in vocab.CATEGORIES],
        [tags[slug] for slug, _ in vocab.TAGS],
    )


class PaperWriter:
    def __init__(
        self,
        rng: random.Random,
        model: WordModel,
        *,
        authors: tuple[list[int], list[str]],
        editor_id: int | None,
        report: Report,
    ) -> None:
        self.rng = rng
        self.model = model
        self.author_ids, self.author_names = authors
        self.author_table = zipf_table(
            len(self.author_ids), exponent=0.9, offset=5, size=4 * len(self.author_ids)
        )
        self.category_ids, self.category_weights, self.tag_ids = vocabulary_load()
        self.tag_table = zipf_table(len(self.tag_ids), exponent=1.0, offset=2, size=1000)
        self.editor_id = editor_id
        self.report = report
        self.timestamps = Timestamps()
        # Per paper: how many authors, categories, tags; then all of them end to end.
        self.counts = {"authors": array("B"), "categories": array("B"), "tags": array("B")}
        self.linked = {"authors": array("q"), "categories": array("q"), "tags": array("q")}

    def papers(self, cursor: CursorWrapper, plan: PaperPlan, *, freeze: bool) -> int:
        return copy_rows(cursor, Paper, PAPER_COLUMNS, self._paper_lines(plan), freeze=freeze)

    def links(self, cursor: CursorWrapper, plan: PaperPlan, *, freeze: bool) -> dict[str, int]:
        authorships = copy_rows(
            cursor,
            Authorship,
            ("paper_id", "author_id", "position"),
            (f"{p}\t{a}\t{n}" for p, a, n in self._links(plan, "authors")),
            freeze=freeze,
        )
        categories = copy_rows(
            cursor,
            PaperCategory,
            ("paper_id", "category_id"),
            (f"{p}\t{c}" for p, c, _ in self._links(plan, "categories")),
            freeze=freeze,
        )
        tags = copy_rows(
            cursor,
            PaperTag,
            ("paper_id", "tag_id", "origin", "confidence", "confirmed_by_id", "confirmed_at",
             "created_at"),
            self._paper_tag_lines(plan),
            freeze=freeze,
        )  # fmt: skip
        return {"authorships": authorships, "paper_categories": categories, "paper_tags": tags}

    def _paper_lines(self, plan: PaperPlan) -> Iterator[str]:
        rng, ts = self.rng, self.timestamps
        authors_k = rng.choices(range(len(AUTHORS_PER_PAPER)), AUTHORS_PER_PAPER, k=len(plan.times))
        for n, (arxiv_id, published) in enumerate(zip(plan.arxiv_ids, plan.times, strict=True)):
            title, abstract = self.model.paper(rng)
            authors = list(dict.fromkeys(rng.choices(self.author_table, k=authors_k[n])))
            self._keep("authors", [self.author_ids[a] for a in authors])
            categories = self._categories()
            self._keep("tags", self._tags())
            version = rng.choices(range(len(VERSIONS)), VERSIONS)[0]
            updated = published
            if version > 1:
                updated = min(plan.end, published + rng.randrange(86_400, 200 * 86_400))
            ingested = min(plan.end, published + rng.randrange(4 * 3600))
            comment, journal_ref, doi = self._publication_details(rng, arxiv_id)
            url = f"{arxiv_id}v{version}"
            yield "\t".join((
                str(plan.first_id + n), arxiv_id, title_key(title), short_id_for(arxiv_id),
                str(version), title, abstract,
                ", ".join(self.author_names[a] for a in authors), str(categories[0]),
                ts(published), ts(updated), comment, journal_ref, doi,
                f"https://arxiv.org/abs/{url}", f"https://arxiv.org/pdf/{url}", SOURCE,
                ts(ingested), ts(ingested), Paper.Status.PUBLISHED, str(plan.vote_counts[n]),
            ))  # fmt: skip
            if (n + 1) % 100_000 == 0:
                self.report(f"  {n + 1:,} papers")

    def _keep(self, kind: str, ids: Sequence[int]) -> None:
        self.counts[kind].append(len(ids))
        self.linked[kind].extend(ids)

    def _categories(self) -> list[int]:
        rng = self.rng
        cross = rng.choices(range(len(CROSS_LISTS)), CROSS_LISTS)[0]
        drawn = rng.choices(self.category_ids, self.category_weights, k=1 + cross)
        categories = list(dict.fromkeys(drawn))
        self._keep("categories", categories)
        return categories

    def _tags(self) -> list[int]:
        count = self.rng.choices(range(len(TAGS_PER_PAPER)), TAGS_PER_PAPER)[0]
        return list(
            dict.fromkeys(self.tag_ids[t] for t in self.rng.choices(self.tag_table, k=count))
        )

    @staticmethod
    def _publication_details(rng: random.Random, arxiv_id: str) -> tuple[str, str, str]:
        comment = rng.choice(vocab.COMMENTS)
        if rng.random() < 0.5:
            comment = f"{rng.randint(6, 40)} pages, {rng.randint(1, 15)} figures"
        if rng.random() < 0.9:
            return comment, "", ""
        venue = rng.choice(vocab.VENUES)
        return comment, f"{venue} {rng.randint(2023, 2026)}", f"10.48550/arXiv.{arxiv_id}"

    def _links(self, plan: PaperPlan, kind: str) -> Iterator[tuple[int, int, int]]:
        linked = iter(self.linked[kind])
        for n, count in enumerate(self.counts[kind]):
            for position in range(count):
                yield plan.first_id + n, next(linked), position

    def _paper_tag_lines(self, plan: PaperPlan) -> Iterator[str]:
        rng, ts = self.rng, self.timestamps
        for paper_id, tag_id, _ in self._links(plan, "tags"):
            created = ts(plan.times[paper_id - plan.first_id])
            kind = rng.random()
            if kind < 0.05 and self.editor_id is not None:
                yield f"{paper_id}\t{tag_id}\tstaff\t\\N\t{self.editor_id}\t{created}\t{created}"
            elif kind < 0.45:
                yield f"{paper_id}\t{tag_id}\trule\t\\N\t\\N\t\\N\t{created}"
            else:
                confidence = round(rng.uniform(0.5, 1.0), 3)
                yield f"{paper_id}\t{tag_id}\tmodel\t{confidence}\t\\N\t\\N\t{created}"
