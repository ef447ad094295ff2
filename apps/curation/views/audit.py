"""The audit log: every curation action, newest first, filterable; read-only (GET only)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.accounts.permissions import curator_required
from apps.papers.views.common import answers_bad_parameters, paginate

from ..models import AuditEntry
from .common import parse_day

PER_PAGE = 50


@require_GET
@curator_required
@answers_bad_parameters
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()
    get = request.GET
    if get.get("actor"):
        entries = entries.filter(actor_name=get["actor"][:150])
    if get.get("action"):
        entries = entries.filter(action=get["action"][:40])
    if get.get("object"):
        entries = entries.filter(object_id=get["object"][:64])
    if get.get("from"):
        entries = entries.filter(created_at__date__gte=parse_day(get["from"], "from"))
    if get.get("to"):
        entries = entries.filter(created_at__date__lte=parse_day(get["to"], "to"))
    page = paginate(request, entries.order_by("-created_at", "-id"), per_page=PER_PAGE)
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    context = {"page_obj": page, "entries": page.object_list, "actions": list(actions)}
    return render(request, "curation/audit_log.html", context)
