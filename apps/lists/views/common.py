"""What the list views share: finding a list the reader may open or change."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import ReadingList


def owned_list_or_404(request: HttpRequest, pk: int) -> ReadingList:
    """Only the owner changes a list; to anyone else it does not exist."""
    return get_object_or_404(ReadingList.objects.owned_by(request.user), pk=pk)


def visible_list_or_404(request: HttpRequest, pk: int) -> ReadingList:
    return get_object_or_404(
        ReadingList.objects.visible_to(request.user).select_related("owner"), pk=pk
    )


def next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
