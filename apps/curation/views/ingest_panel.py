"""The ingest panel: each source's last runs, papers ingested per day, "run now" with live
progress (htmx polls the run's row until it ends)."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.permissions import curator_required
from apps.accounts.ratelimit import rate_limited
from apps.ingest.models import IngestRun, Source
from apps.ingest.scheduling import source_run_enqueue
from apps.ingest.tasks import run_dispatch
from apps.papers.models import Paper

from ..audit import audit_record
from .common import acting_user

CHART_DAYS = 30
RUNS_SHOWN = 5
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 600, 120, 2


@dataclass(frozen=True)
class Bar:
    day: str
    count: int
    x: float
    y: float
    width: float
    height: float


def ingested_per_day(days: int = CHART_DAYS) -> list[Bar]:
    today = timezone.now().astimezone(UTC).date()
    start = today - timedelta(days=days - 1)
    counts = dict(
        # A range on the column itself: the ingested_at index serves it, however many papers.
        Paper.objects.filter(ingested_at__gte=datetime.combine(start, time.min, tzinfo=UTC))
        .annotate(day=TruncDate("ingested_at", tzinfo=UTC))
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    highest = max(counts.values(), default=0) or 1
    width = CHART_WIDTH / days
    bars = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        count = counts.get(day, 0)
        height = CHART_HEIGHT * count / highest
        bars.append(
            Bar(
                day.isoformat(),
                count,
                offset * width,
                CHART_HEIGHT - height,
                width - BAR_GAP,
                height,
            )
        )
    return bars


@require_GET
@curator_required
def ingest_panel(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.order_by("name")
    recent = list(IngestRun.objects.filter(source__in=sources).order_by("-queued_at")[:500])
    runs: dict[int, list[IngestRun]] = {}
    for run in recent:
        if run.source_id is not None and len(runs.setdefault(run.source_id, [])) < RUNS_SHOWN:
            runs[run.source_id].append(run)
    rows = [(source, runs.get(source.pk, [])) for source in sources]
    bars = ingested_per_day()
    context = {
        "rows": rows,
        "bars": bars,
        "total": sum(bar.count for bar in bars),
        "chart_width": CHART_WIDTH,
        "chart_height": CHART_HEIGHT,
    }
    return render(request, "curation/ingest_panel.html", context)


@require_POST
@curator_required
@rate_limited("curate")
def source_run_now(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    run = source_run_enqueue(source=source, trigger=IngestRun.Trigger.MANUAL)
    if run is None:
        run = IngestRun.objects.filter(source=source, status__in=IngestRun.ACTIVE).first()
        message = "A run of this source is already under way."
    else:
        run_dispatch(run)
        audit_record(
            actor=acting_user(request), action="run now", obj=source, after={"run": run.pk}
        )
        message = "Queued."
    return render(request, "curation/_run_progress.html", {"run": run, "message": message})


@require_GET
@curator_required
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(IngestRun, pk=run_id)
    return render(request, "curation/_run_progress.html", {"run": run})
