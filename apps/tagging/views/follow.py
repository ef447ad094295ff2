"""A reader follows or unfollows a tag (htmx): the button is lazy-loaded on the tag page."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Tag, TagFollow


@require_http_methods(["GET", "POST"])
@rate_limited("tag_follow")
def tag_follow(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(tag_page(tag))
        follows = TagFollow.objects.filter(user=request.user, tag=tag)
        if request.POST.get("follow") == "1":
            TagFollow.objects.get_or_create(user=request.user, tag=tag)
        else:
            follows.delete()
        if not request.htmx:  # type: ignore[attr-defined]
            return redirect(tag_page(tag))
    following = (
        request.user.is_authenticated
        and TagFollow.objects.filter(user=request.user, tag=tag).exists()
    )
    response = render(request, "tagging/_follow_button.html", {"tag": tag, "following": following})
    response["Cache-Control"] = "private, no-store"
    return response


def tag_page(tag: Tag) -> str:
    return reverse("papers:tag", args=[tag.slug])
