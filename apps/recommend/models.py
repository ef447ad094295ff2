"""What the recommender keeps: the feature space, each paper's sparse vector and nearest
neighbours, readers' dismissals and their ranked recommendations (the cache /for-you reads)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class FeatureSpace(models.Model):
    """A fitted vocabulary (word unigrams and bigrams) with its IDF weights.

    The newest row is the current space; a full rebuild fits a new one and every
    paper is re-encoded into it, in batches, by the refresh task.
    """

    terms = models.JSONField(help_text="The vocabulary, in column order.")
    idf = models.BinaryField(help_text="float32 IDF weight per column.")
    papers = models.PositiveIntegerField(help_text="Papers the vocabulary was fitted on.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        get_latest_by = "id"

    def __str__(self) -> str:
        return f"space {self.pk}: {len(self.terms)} terms"


class PaperVector(models.Model):
    """One paper's L2-normalised TF-IDF vector in one space, stored sparse and compact:
    int32 column indices and float16 weights (about 6 bytes per distinct term)."""

    paper = models.OneToOneField(
        "papers.Paper", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    space = models.ForeignKey(FeatureSpace, on_delete=models.CASCADE, related_name="vectors")
    indices = models.BinaryField()
    weights = models.BinaryField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["space", "paper"], name="papervector_space_idx")]

    def __str__(self) -> str:
        return f"vector of {self.paper_id}"


class PaperNeighbours(models.Model):
    """A paper's nearest papers: the raw cosine candidates and the final, re-ranked ten."""

    paper = models.OneToOneField(
        "papers.Paper", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    space = models.ForeignKey(FeatureSpace, on_delete=models.CASCADE, related_name="+")
    candidate_ids = ArrayField(models.BigIntegerField(), default=list)
    candidate_scores = ArrayField(models.FloatField(), default=list)
    similar_ids = ArrayField(models.BigIntegerField(), default=list)
    similar_scores = ArrayField(models.FloatField(), default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "paper neighbours"
        indexes = [models.Index(fields=["space", "paper"], name="paperneighbours_space_idx")]

    def __str__(self) -> str:
        return f"neighbours of {self.paper_id}"


class Dismissal(models.Model):
    """A reader said "not interested": never recommended again, a negative in training."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dismissals"
    )
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "paper"], name="dismissal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ✕ {self.paper_id}"


class ReaderRecommendations(models.Model):
    """One reader's ranked recommendations, trained in a worker: the cache /for-you reads.

    `history` is the stamp of the votes, saved papers and dismissals it was trained on;
    a page view that finds another stamp queues training again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    # The share of trending in the blend, moved by the reader: 0 = only their model.
    trending_weight = models.FloatField(default=0.3)
    history = models.CharField(max_length=200, blank=True)
    paper_ids = ArrayField(models.BigIntegerField(), default=list)
    scores = ArrayField(models.FloatField(), default=list)
    # Per paper: {"because": paper id of the most similar positive, "terms": [...]}.
    reasons = models.JSONField(default=list)
    trained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "reader recommendations"
        constraints = [
            models.CheckConstraint(
                condition=Q(trending_weight__gte=0, trending_weight__lte=1),
                name="readerrecommendations_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"recommendations for {self.user_id}"
