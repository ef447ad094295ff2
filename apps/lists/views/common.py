"""What the list views share: finding a list the reader may open or change."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from apps.papers.views.common import BadParameter

from ..models import ReadingList
from ..services import ListError


def owned_list_or_404(request: HttpRequest, pk: int) -> ReadingList:
    """Only the owner changes a list; to anyone else it does not exist."""
    return get_object_or_404(ReadingList.objects.owned_by(request.user), pk=pk)


def visible_list_or_404(request: HttpRequest, pk: int) -> ReadingList:
    return get_object_or_404(
        ReadingList.objects.visible_to(request.user).select_related("owner"), pk=pk
    )


def next_url(request: HttpRequest, default: str) -> str:
    """`next` from the form (or, on a GET, the query string) if it is this site's."""
    candidate = (request.POST if request.method == "POST" else request.GET).get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@contextmanager
def list_errors_as_bad_parameters() -> Iterator[None]:
    """A service's ListError as the site's 400 page naming the field."""
    try:
        yield
    except ListError as error:
        raise BadParameter(error.field, error.problem) from None
