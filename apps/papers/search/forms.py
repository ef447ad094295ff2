"""The /search page's parameters: validated by a form, turned into one queryset."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef

from ..models import Category, PaperTag, Tag
from ..periods import ServedDateField
from ..querysets import PaperQuerySet
from .choices import ListedModelChoiceField
from .ranking import SearchPlan

# Sorted by date or votes, weak partial matches would bury the papers asked
# for; those orders keep only papers covering most of the query (weighted by
# word rarity): both of two words, two of three, three of four...
MIN_COVERAGE_UNRANKED = 0.6


class SearchForm(forms.Form):
    SORT_CHOICES = [("relevance", "Relevance"), ("date", "Newest"), ("votes", "Most votes")]

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=300,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": 'e.g. "speculative decoding" -diffusion'}
        ),
    )
    tag = ListedModelChoiceField(
        Tag.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any tag"
    )
    category = ListedModelChoiceField(
        Category.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label="Any category",
    )
    date_from = ServedDateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = ServedDateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    @property
    def ranked(self) -> bool:
        """Results in relevance order: the best matches only (see search.candidates)."""
        return bool(self.cleaned_data["q"]) and self.cleaned_data["sort"] in ("", "relevance")

    @property
    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in ("q", "tag", "category", "date_from", "date_to"))

    def results(self, papers: PaperQuerySet) -> tuple[PaperQuerySet, SearchPlan]:
        """`papers` narrowed by the valid parameters and sorted; the plan highlights snippets."""
        data = self.cleaned_data
        papers = _filtered(papers, data)
        plan = SearchPlan.build(data["q"]) if data["q"] else SearchPlan()
        sort = data["sort"] or "relevance"
        if not data["q"]:
            return _sorted(papers, "votes" if sort == "votes" else "date"), plan
        if sort == "relevance":
            return plan.apply(papers), plan
        return _sorted(
            plan.apply(papers, min_coverage=MIN_COVERAGE_UNRANKED, best_only=False), sort
        ), plan


def _filtered(papers: PaperQuerySet, data: dict) -> PaperQuerySet:
    if data.get("tag"):
        papers = papers.filter(
            Exists(PaperTag.objects.filter(paper=OuterRef("pk"), tag=data["tag"]))
        )
    if data.get("category"):
        papers = papers.in_categories([data["category"]])
    if data.get("date_from"):
        papers = papers.filter(listed_on__gte=data["date_from"])
    if data.get("date_to"):
        papers = papers.filter(listed_on__lte=data["date_to"])
    return papers


def _sorted(papers: PaperQuerySet, sort: str) -> PaperQuerySet:
    return papers.by_votes() if sort == "votes" else papers.newest_first()
