"""Staff: the reported annotations, hidden or restored."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import User

from ..models import Annotation
from ..services import annotation_hide, annotation_restore


@require_GET
@staff_member_required
def reported(request: HttpRequest) -> HttpResponse:
    queue = (
        Annotation.objects.reported()
        .select_related("owner", "paper")
        .order_by("hidden_at", "-report_count", "-created")
    )
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(
        request, "annotations/reported.html", {"page": page, "annotations": page.object_list}
    )


def _moderated(annotation_id: int) -> Annotation:
    try:
        return Annotation.objects.reported().select_related("paper").get(pk=annotation_id)
    except Annotation.DoesNotExist:
        # Staff may only moderate public notes; a private one stays unseen.
        public = Annotation.objects.filter(pk=annotation_id, visibility="public").select_related(
            "paper"
        )
        if not (annotation := public.first()):
            raise Http404("No such annotation.") from None
        return annotation


@require_POST
@staff_member_required
def hide(request: HttpRequest, annotation_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    annotation_hide(annotation=_moderated(annotation_id), staff=request.user)
    return redirect("annotations:reported")


@require_POST
@staff_member_required
def restore(request: HttpRequest, annotation_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    annotation_restore(annotation=_moderated(annotation_id), staff=request.user)
    return redirect("annotations:reported")
