from datetime import datetime, timedelta

from celery.schedules import crontab
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    ARXIV_API = "arxiv-api", "arXiv API (Atom)"
    ARXIV_OAI = "arxiv-oai", "arXiv OAI-PMH"
    ARXIV_RSS = "arxiv-rss", "arXiv RSS new listings"
    HF_DAILY = "hf-daily", "Hugging Face daily papers"
    DEMO = "demo", "Demo listing"


def cron_schedule(expression: str) -> crontab:
    """'minute hour day-of-month month day-of-week' (UTC) as a Celery crontab."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError("a schedule has five fields: minute hour day-of-month month day-of-week")
    minute, hour, day_of_month, month, day_of_week = fields
    return crontab(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month,
        day_of_week=day_of_week,
    )


def validate_schedule(expression: str) -> None:
    try:
        cron_schedule(expression)
    except ValueError as exc:
        raise ValidationError(f"not a cron schedule: {exc}") from None


class Source(models.Model):
    """An upstream listing that Celery beat harvests on its schedule."""

    name = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    url = models.URLField(
        max_length=500, help_text="The endpoint: API, OAI base URL, RSS or JSON address."
    )
    query = models.CharField(
        max_length=500,
        blank=True,
        help_text="arxiv-api: search_query (default: the categories); arxiv-oai: the set, "
        "e.g. cs:cs:CL.",
    )
    categories = ArrayField(models.CharField(max_length=32), blank=True, default=list)
    metadata_prefix = models.CharField(
        max_length=16, blank=True, default="arXivRaw", help_text="arxiv-oai: arXivRaw or arXiv."
    )
    page_size = models.PositiveIntegerField(default=500, help_text="arxiv-api: max_results.")
    enabled = models.BooleanField(default=True)
    hold_for_review = models.BooleanField(
        default=False,
        help_text="New papers from this source wait in the curation queue (status pending) "
        "instead of being published at once.",
    )
    schedule = models.CharField(
        max_length=100,
        default="0 */6 * * *",
        validators=[validate_schedule],
        help_text="cron, UTC: minute hour day-of-month month day-of-week.",
    )
    next_run_at = models.DateTimeField(null=True, blank=True)
    # Where an incremental harvest goes on from; written with each committed page.
    cursor = models.JSONField(default=dict, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def next_run_after(self, moment: datetime) -> datetime:
        return moment + max(
            cron_schedule(self.schedule).remaining_estimate(moment), timedelta(seconds=1)
        )


class IngestRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        MANUAL = "manual", "Run now"
        COMMAND = "command", "Command line"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    target = models.TextField(blank=True, help_text="The files or URLs of a command-line run.")
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    pages_fetched = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    adjusted = models.PositiveIntegerField(
        default=0, help_text="Records stored after a value was cut or dropped to fit."
    )
    error = models.TextField(blank=True, help_text="Why the run stopped.")
    note = models.TextField(
        blank=True, help_text="What else to know, such as a feed that listed nothing today."
    )
    record_errors = models.JSONField(
        default=list, blank=True, help_text="Why records were rejected (the first ones)."
    )
    record_adjustments = models.JSONField(
        default=list,
        blank=True,
        help_text="What was cut or dropped to store records (the first ones).",
    )

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(status__in=["queued", "running"]),
                name="ingestrun_one_active_per_source",
            ),
        ]
        indexes = [models.Index(fields=["source", "-queued_at"], name="ingestrun_source_idx")]

    def __str__(self) -> str:
        return f"{self.source or self.kind} {self.queued_at:%Y-%m-%d %H:%M} {self.status}"


class RawPayload(models.Model):
    """An upstream item as received (hf-daily keeps upvotes, comments, submitter)."""

    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="raw_payloads")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    payload = models.JSONField()
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "kind"], name="rawpayload_unique_paper_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} payload of paper {self.paper_id}"
