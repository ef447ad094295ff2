"""Curators' pages: each tag's rules (add, edit, switch off, preview) and the tagger versions."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.permissions import curator_required
from apps.accounts.ratelimit import rate_limited
from apps.papers.models import Tag
from apps.papers.views.common import HtmxHttpRequest

from ..engine.rules import Rule, RuleError, compile_pattern
from ..models import TaggerVersion, TagRule
from ..preview import rule_preview_matches
from ..training import tagger_activate

PREVIEW_SHOWN = 30


class RuleForm(forms.ModelForm):
    class Meta:
        model = TagRule
        fields = ["kind", "pattern", "weight", "title_weight"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("kind") and data.get("pattern"):
            try:
                compile_pattern(data["kind"], data["pattern"])
            except RuleError as error:
                self.add_error("pattern", str(error))
        return data


def _rule_saved(form: RuleForm, request: HttpRequest) -> bool:
    """Save a valid rule, stamped with its curator; False (with the form's error) where
    it is invalid or the tag already has the same kind and pattern."""
    if not form.is_valid():
        return False
    rule = form.instance
    clash = TagRule.objects.filter(
        tag=rule.tag, kind=form.cleaned_data["kind"], pattern=form.cleaned_data["pattern"]
    ).exclude(pk=rule.pk)
    if clash.exists():
        form.add_error("pattern", "This tag already has that rule.")
        return False
    rule.updated_by, rule.updated_at = request.user, timezone.now()
    form.save()
    return True


@require_GET
@curator_required
def tag_index(request: HttpRequest) -> HttpResponse:
    tags = Tag.objects.annotate(
        rule_count=Count("rules", filter=Q(rules__active=True), distinct=True)
    ).order_by("name")
    versions = TaggerVersion.objects.defer("model")[:10]
    return render(request, "tagging/tag_index.html", {"tags": tags, "versions": versions})


@require_http_methods(["GET", "POST"])
@curator_required
@rate_limited("tag_rules")
def tag_rules(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    form = RuleForm(request.POST or None, instance=TagRule(tag=tag))
    if request.method == "POST" and _rule_saved(form, request):
        messages.success(request, "Rule added: it applies to papers tagged from now on.")
        return redirect("tagging:rules", slug=tag.slug)
    rules = TagRule.objects.filter(tag=tag).order_by("-active", "-weight", "pattern")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "tagging/tag_rules.html", {"tag": tag, "rules": rules, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@curator_required
@rate_limited("tag_rules")
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a rule's kind, pattern or weights; papers tagged from now on follow it."""
    rule = get_object_or_404(TagRule.objects.select_related("tag"), pk=pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and _rule_saved(form, request):
        messages.success(request, "Rule saved: it applies to papers tagged from now on.")
        return redirect("tagging:rules", slug=rule.tag.slug)
    status = 400 if request.method == "POST" else 200
    context = {"tag": rule.tag, "rule": rule, "form": form}
    return render(request, "tagging/rule_edit.html", context, status=status)


@require_POST
@curator_required
@rate_limited("tag_rules")
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(TagRule.objects.select_related("tag"), pk=pk)
    rule.active, rule.updated_at = not rule.active, timezone.now()
    rule.updated_by = request.user  # type: ignore[assignment]
    rule.save(update_fields=["active", "updated_by", "updated_at"])
    return redirect("tagging:rules", slug=rule.tag.slug)


@require_GET
@curator_required
def rule_preview(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Which existing papers a rule would match ("test this rule"), as an htmx fragment.

    An invalid rule is a 400, except to htmx, which swaps no 4xx answer: the button
    gets 200 and the form's error, so the curator sees why.
    """
    tag = get_object_or_404(Tag, slug=slug)
    form = RuleForm(request.GET, instance=TagRule(tag=tag))
    if not form.is_valid():
        status = 200 if request.htmx else 400
        return render(request, "tagging/_rule_preview.html", {"form": form}, status=status)
    rule = Rule(
        tag=tag.slug,
        kind=form.cleaned_data["kind"],
        pattern=form.cleaned_data["pattern"],
        weight=form.cleaned_data["weight"],
        title_weight=form.cleaned_data["title_weight"],
    )
    matches, looked = rule_preview_matches(rule)
    shown = matches[:PREVIEW_SHOWN]
    already = tag.paper_tags.filter(paper__in=[match.paper for match in shown])
    context = {
        "form": form,
        "matches": shown,
        "total": len(matches),
        "looked": looked,
        "already": set(already.values_list("paper_id", flat=True)),
    }
    return render(request, "tagging/_rule_preview.html", context)


@require_POST
@curator_required
@rate_limited("tag_rules")
def version_activate(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(TaggerVersion.objects.defer("model"), pk=pk)
    tagger_activate(version=version, user=request.user)  # type: ignore[arg-type]
    messages.success(request, f"Tagger version {version.pk} is now in use.")
    return redirect("tagging:index")
