"""What the tagger proposed for a paper and what staff decided about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TagSuggestion(models.Model):
    """One tag proposed for one paper, and its fate.

    `pending` waits in the curation queue (readers never see it); `applied` was
    applied automatically above the tag's threshold; `accepted` / `rejected` are
    staff decisions. A rejected row stays: the tag is never re-added to that paper
    automatically, and it counts as a negative example in training.
    """

    class Origin(models.TextChoices):
        RULE = "rule", "Rule"
        MODEL = "model", "Model"
        STAFF = "staff", "Staff"

    class State(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPLIED = "applied", "Applied automatically"
        ACCEPTED = "accepted", "Accepted by staff"
        REJECTED = "rejected", "Rejected by staff"

    paper = models.ForeignKey(
        "papers.Paper", on_delete=models.CASCADE, related_name="tag_suggestions"
    )
    tag = models.ForeignKey("papers.Tag", on_delete=models.CASCADE, related_name="suggestions")
    origin = models.CharField(max_length=8, choices=Origin.choices)
    confidence = models.FloatField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "tag"], name="tagsuggestion_once"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="tagsuggestion_confidence_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["paper"], condition=Q(state="pending"), name="tagsuggestion_pending_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} · {self.tag_id} ({self.state})"


class TagRuleQuerySet(models.QuerySet["TagRule"]):
    def active(self) -> "TagRuleQuerySet":
        return self.filter(active=True)


class TagRule(models.Model):
    """A curator's keyword, phrase or regular expression that is evidence for a tag.

    A match in the title counts `title_weight` times a match in the abstract.
    """

    class Kind(models.TextChoices):
        KEYWORD = "keyword", "Keyword (a whole word)"
        PHRASE = "phrase", "Phrase (words in order)"
        REGEX = "regex", "Regular expression"

    tag = models.ForeignKey("papers.Tag", on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PHRASE)
    pattern = models.CharField(max_length=300)
    weight = models.FloatField(default=1.0)
    title_weight = models.FloatField(default=2.0)
    active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TagRuleQuerySet.as_manager()

    class Meta:
        ordering = ["tag__slug", "-weight", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["tag", "kind", "pattern"], name="tagrule_once"),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=10), name="tagrule_weight_range"
            ),
            models.CheckConstraint(
                condition=Q(title_weight__gte=1, title_weight__lte=10),
                name="tagrule_title_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag_id}: {self.kind} {self.pattern!r}"


class TaggerVersionQuerySet(models.QuerySet["TaggerVersion"]):
    def active(self) -> "TaggerVersion | None":
        return self.filter(active=True).first()


class TaggerVersion(models.Model):
    """One trained tagger: when, on how much, how well (cross-validated), and the model.

    Exactly one version at most is active; a new one becomes active only when
    someone says so, or when training finds it no worse than the active one.
    """

    trained_at = models.DateTimeField(default=timezone.now)
    training_papers = models.PositiveIntegerField()
    # {"micro": {"precision", "recall", "f1"}, "macro_f1", "per_tag": {...}, "folds", ...}
    scores = models.JSONField(default=dict)
    thresholds = models.JSONField(default=dict)
    tags = models.JSONField(default=list)
    model = models.BinaryField(help_text="The pickled tagger (apps.tagging.engine.learner).")
    active = models.BooleanField(default=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    objects = TaggerVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-trained_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="taggerversion_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"tagger v{self.pk} ({self.trained_at:%Y-%m-%d})"

    @property
    def micro_f1(self) -> float:
        return float(self.scores.get("micro", {}).get("f1", 0.0))

    @property
    def macro_f1(self) -> float:
        return float(self.scores.get("macro_f1", 0.0))


class PaperTagging(models.Model):
    """When a paper was last tagged and by which version: what re-tagging skips."""

    paper = models.OneToOneField(
        "papers.Paper", on_delete=models.CASCADE, primary_key=True, related_name="tagging"
    )
    version = models.ForeignKey(
        TaggerVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tagged_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.paper_id} tagged {self.tagged_at:%Y-%m-%d %H:%M}"


class RetagRun(models.Model):
    """Re-tagging every paper, in id order, batch by batch: resumable from `through_id`."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    through_id = models.BigIntegerField(default=0)
    papers = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"retag {self.pk} through {self.through_id}"
