from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.functional import cached_property

from .expressions import UtcDate
from .paper_urls import paper_url
from .querysets import PaperQuerySet


class Category(models.Model):
    """An arXiv subject class such as cs.CL."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.code

    @property
    def archive(self) -> str:
        return self.code.split(".", 1)[0]


class Author(models.Model):
    name = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def short_title(title: str) -> str:
    """The title cut to 80 characters, for the labels of a card's buttons (a plain cut:
    Truncator, which spares HTML and combining marks, cost more than the button)."""
    return title if len(title) <= 80 else f"{title[:79]}…"


class Paper(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    # Identity: the arXiv id without version where known; otherwise the
    # normalised title is the key, unique among papers without an arXiv id, so
    # a later arXiv record of the same paper is matched to it. Lookups by
    # title_key go through that partial unique index; a full one would only
    # slow ingestion down.
    arxiv_id = models.CharField(max_length=32, unique=True, null=True, blank=True)
    title_key = models.CharField(max_length=500, editable=False)
    # Derived from the first key a paper had and never changed: old links keep working.
    short_id = models.CharField(max_length=16, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(null=True, blank=True)

    title = models.TextField()
    abstract = models.TextField(blank=True)
    authors: "models.ManyToManyField[Author, Authorship]" = models.ManyToManyField(
        Author, through="Authorship", related_name="papers"
    )
    # The author names joined with ", ", kept by whoever writes Authorship rows:
    # full-text search covers authors without a join.
    authors_text = models.TextField(blank=True, default="")
    primary_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="primary_papers"
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="papers")
    tags: "models.ManyToManyField[Tag, PaperTag]" = models.ManyToManyField(
        "Tag", through="PaperTag", related_name="papers"
    )

    published_at = models.DateTimeField(null=True, blank=True, help_text="arXiv first version.")
    updated_at = models.DateTimeField(null=True, blank=True, help_text="arXiv latest version.")
    comment = models.TextField(blank=True)
    journal_ref = models.TextField(blank=True)
    doi = models.CharField(max_length=200, blank=True)
    abs_url = models.URLField(max_length=500, blank=True)
    pdf_url = models.URLField(max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    source = models.CharField(max_length=32, help_text="Ingest source kind that created it.")
    ingested_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(auto_now=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    # Up to 8 model, method and benchmark names from the paper's own text, kept by the
    # tagger (tagging app); words of the title and abstract, so search already finds them.
    keyphrases = ArrayField(
        models.CharField(max_length=60), default=list, db_default=[], blank=True
    )
    # Typed links named in the abstract or arXiv comment, in order of appearance, kept by
    # the tagger: [{"kind": "code" | "model" | "dataset" | "project", "url": ...}]. A
    # column, not a table: every card shows them without another query.
    resource_links = models.JSONField(default=list, db_default=[], blank=True)
    # Exact: changed only by the vote services, in the same transaction as the Vote row.
    vote_count = models.PositiveIntegerField(default=0)

    # Computed by PostgreSQL itself on every write: no per-request vector computation.
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("authors_text", weight="B", config="english")
            + SearchVector("abstract", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The day a paper belongs to on daily lists: arXiv first publication, else ingestion (UTC).
    listed_on = models.GeneratedField(
        expression=UtcDate(Coalesce("published_at", "ingested_at")),
        output_field=models.DateField(),
        db_persist=True,
    )

    objects = PaperQuerySet.as_manager()

    # Annotated by PaperQuerySet.with_vote_state(user); not a column.
    user_voted: bool
    # Annotated on a day's list (PaperQuerySet.on_day); cards read them on every list, and a
    # template lookup that fails costs more than the card's other lookups together.
    pick_position: int | None = None
    pick_note: str | None = None

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(title__regex=r"^\s*$"), name="paper_title_not_blank"
            ),
            models.CheckConstraint(condition=~Q(title_key=""), name="paper_title_key_not_empty"),
            models.UniqueConstraint(
                fields=["title_key"],
                condition=Q(arxiv_id__isnull=True),
                name="paper_unique_title_key_without_arxiv_id",
            ),
        ]
        indexes = [
            # The published lists' orders, key for key (newest_first, by_votes and the API's
            # keyset orderings): a page is an index range, however deep.
            models.Index(
                Coalesce("published_at", "ingested_at").desc(),
                F("ingested_at").desc(),
                F("id").asc(),
                name="paper_published_newest_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                F("vote_count").desc(),
                Coalesce("published_at", "ingested_at").desc(),
                F("id").asc(),
                name="paper_published_votes_idx",
                condition=Q(status="published"),
            ),
            # The API's trending order past the papers voted for in its window: those all
            # score 0 and follow by votes, then id (PaperQuerySet.trending_parts).
            models.Index(
                F("vote_count").desc(),
                F("id").asc(),
                name="paper_published_votes_id_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["status", "-published_at"], name="paper_status_published_idx"),
            models.Index(fields=["-ingested_at"], name="paper_ingested_idx"),
            models.Index(fields=["listed_on", "-vote_count"], name="paper_listed_votes_idx"),
            GinIndex(fields=["search_vector"], name="paper_search_idx"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="paper_title_trgm_idx"),
            # A BibTeX import matches its entries by DOI, case-blind. (Not title_key: a
            # full index on it would slow every ingest for a rare import's title match.)
            models.Index(Lower("doi"), name="paper_doi_lower_idx", condition=~Q(doi="")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return paper_url("papers:detail", self.public_id)

    @cached_property
    def short_title(self) -> str:
        return short_title(self.title)

    @property
    def public_id(self) -> str:
        return self.arxiv_id or self.short_id

    @property
    def code_url(self) -> str | None:
        return self.first_link("code")

    def first_link(self, kind: str) -> str | None:
        return next((link["url"] for link in self.resource_links if link["kind"] == kind), None)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def arxiv_abs_url(self) -> str:
        return _web_link(self.abs_url) or self._arxiv_link("abs")

    @property
    def arxiv_pdf_url(self) -> str:
        return _web_link(self.pdf_url) or self._arxiv_link("pdf")

    def _arxiv_link(self, kind: str) -> str:
        return f"https://arxiv.org/{kind}/{self.arxiv_id}" if self.arxiv_id else ""


def _web_link(url: str) -> str:
    """The stored link if it is http(s): rows from older ingests or the admin may hold anything."""
    return url if url.lower().startswith(("https://", "http://")) else ""


class Authorship(models.Model):
    """An author's place in a paper's author list."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"], name="authorship_unique_position"
            ),
            models.UniqueConstraint(fields=["paper", "author"], name="authorship_unique_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} ({self.position + 1})"


class Tag(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="tag_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class PaperTag(models.Model):
    class Origin(models.TextChoices):
        RULE = "rule", "Rule"
        MODEL = "model", "Model"
        STAFF = "staff", "Staff"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="paper_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="paper_tags")
    origin = models.CharField(max_length=8, choices=Origin.choices)
    confidence = models.FloatField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "tag"], name="papertag_unique_paper_tag"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="papertag_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} · {self.tag}"


class TagFollow(models.Model):
    """A reader follows a topic tag: "My topics" on the daily page, the digest, "for you"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="tagfollow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.tag_id}"


class Vote(models.Model):
    """One reader's upvote of one paper; Paper.vote_count mirrors the rows exactly."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "paper"], name="vote_one_per_user_and_paper"),
        ]
        indexes = [
            models.Index(fields=["paper", "-created_at"], name="vote_paper_recent_idx"),
            # A trending window's votes and their papers, without reading the older ones
            # or the rows (votes arrive in time order; synthetic ones do not).
            models.Index(fields=["created_at"], include=["paper"], name="vote_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ▲ {self.paper_id}"


class TrendingScore(models.Model):
    """A paper's trending score in one window: votes in the window / (age in hours + 2) ** 1.5.

    Only papers with a vote in the window have a row. Votes bump it at once; the
    periodic `refresh_trending` task recomputes every row (ages move on, votes age out).
    """

    span = models.CharField(max_length=8)  # a key of apps.papers.trending.WINDOWS
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="trending_scores")
    recent_votes = models.PositiveIntegerField()
    score = models.FloatField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["span", "paper"], name="trendingscore_once_per_span")
        ]
        indexes = [models.Index(fields=["span", "-score", "paper"], name="trendingscore_rank_idx")]

    def __str__(self) -> str:
        return f"{self.span} {self.paper_id}: {self.score:.3f}"


class SearchTerm(models.Model):
    """A lexeme of the search vectors and how many counted papers contain it (its document
    frequency): search weighs a word by its rarity. Kept by search.stats, never by hand."""

    lexeme = models.TextField(primary_key=True)
    papers = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.lexeme} ({self.papers})"


class SearchCorpus(models.Model):
    """The single row of totals beside SearchTerm: what has been counted so far."""

    papers = models.PositiveIntegerField(default=0)
    # Sum of the counted vectors' lengths (distinct lexemes): their mean normalises ranking.
    lexemes = models.BigIntegerField(default=0)
    # Papers are counted in id order; every paper up to this id has been counted.
    counted_through = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "search corpus"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="searchcorpus_single_row")]

    def __str__(self) -> str:
        return f"{self.papers} papers counted"
