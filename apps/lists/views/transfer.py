"""A list as BibTeX, RIS or CSL-JSON; a BibTeX file into a list, with its report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from apps.accounts.http import AuthenticatedHttpRequest
from apps.accounts.ratelimit import rate_limited
from apps.papers.views.common import BadParameter, answers_bad_parameters

from ..exports import FORMATS, export_filename, export_items
from ..forms import ImportForm
from ..imports import ImportRefused, bibtex_import
from ..models import ReadingList
from ..services import ListError
from .common import owned_list_or_404, visible_list_or_404
from .pages import render_detail


def export_response(reading_list: ReadingList, format_key: str | None) -> HttpResponse:
    """The export as a download; BadParameter (`format`) for an unknown format."""
    export_format = FORMATS.get(format_key or "bibtex")
    if export_format is None:
        raise BadParameter("format", f"must be one of {', '.join(FORMATS)}")
    body = export_format.render(list(export_items(reading_list)))
    response = HttpResponse(body, content_type=f"{export_format.content_type}; charset=utf-8")
    filename = export_filename(reading_list, export_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@answers_bad_parameters
def export(request: HttpRequest, list_id: int) -> HttpResponse:
    return export_response(visible_list_or_404(request, list_id), request.GET.get("format"))


@answers_bad_parameters
def shared_export(request: HttpRequest, token: str) -> HttpResponse:
    reading_list = get_object_or_404(ReadingList.objects.shared_by_token(token))
    return export_response(reading_list, request.GET.get("format"))


@require_POST
@login_required
@rate_limited("list_write")
def import_bibtex(request: AuthenticatedHttpRequest, list_id: int) -> HttpResponse:
    """Add what a BibTeX file names to the list: the report, or the form with the reason."""
    reading_list = owned_list_or_404(request, list_id)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = bibtex_import(reading_list=reading_list, data=form.cleaned_data["file"].read())
        except (ImportRefused, ListError) as error:
            form.add_error("file", str(error.problem if isinstance(error, ListError) else error))
        else:
            context = {"reading_list": reading_list, "report": report}
            return render(request, "lists/import_report.html", context)
    return render_detail(request, reading_list, status=400, import_form=form, settings_open=True)
