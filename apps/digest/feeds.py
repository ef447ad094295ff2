"""RSS and Atom feeds (django.contrib.syndication): daily picks, trending, a tag, a
category, search results, a public reading list. Each has an Atom twin (`atom_of`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed

from apps.curation.models import DailyPick
from apps.lists.models import ReadingList, ReadingListItem
from apps.papers import trending
from apps.papers.models import Category, Paper, Tag
from apps.papers.search.forms import SearchForm
from apps.papers.templatetags.paper_math import math_excerpt


class BadFeedQuery(Exception):
    """A feed's query parameter is wrong: a 400 naming it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")


def _limit() -> int:
    return settings.FEED_ITEMS


def _with_tags(items: list[Item]) -> list[Item]:
    prefetch_related_objects([item.paper for item in items], "paper_tags__tag")
    return items


@dataclass
class Item:
    """A paper in a feed; a pick or a list entry adds its note, date and own guid."""

    paper: Paper
    note: str = ""
    date: datetime | None = None
    guid: str = ""


def _items(papers: Iterable[Paper]) -> list[Item]:
    return _with_tags([Item(paper) for paper in papers])


class PaperFeed(Feed):
    title_template = None
    description_template = None

    def item_title(self, item: Item) -> str:
        return item.paper.title

    def item_description(self, item: Item) -> str:
        abstract = item.paper.abstract
        excerpt = math_excerpt(abstract, 80) if abstract else ""
        return f"{item.note}\n\n{excerpt}".strip() if item.note else excerpt

    def item_link(self, item: Item) -> str:
        return item.paper.get_absolute_url()

    def item_guid(self, item: Item) -> str:
        return item.guid or item.paper.get_absolute_url()

    def item_pubdate(self, item: Item) -> datetime:
        return item.date or item.paper.published_at or item.paper.ingested_at

    def item_author_name(self, item: Item) -> str:
        return item.paper.authors_text[:300]

    def item_categories(self, item: Item) -> list[str]:
        return [paper_tag.tag.name for paper_tag in item.paper.paper_tags.all()]


class DailyPicksFeed(PaperFeed):
    title = f"{settings.SITE_NAME}: daily picks"
    description = "The papers the editors picked each day, with their notes."

    def link(self) -> str:
        return reverse("papers:today")

    def items(self) -> list[Item]:
        picks = (
            DailyPick.objects.filter(published=True, paper__status=Paper.Status.PUBLISHED)
            .select_related("paper")
            .defer("paper__search_vector")
            .order_by("-featured_on", "position")[: _limit()]
        )
        return _with_tags([
            Item(
                pick.paper,
                note=pick.note,
                date=datetime.combine(pick.featured_on, time(), tzinfo=UTC),
                guid=f"{pick.paper.get_absolute_url()}#pick-{pick.featured_on.isoformat()}",
            )
            for pick in picks
        ])  # fmt: skip


class TrendingFeed(PaperFeed):
    description = "Papers with the most recent votes, newest first among equals."

    def get_object(self, request: HttpRequest) -> str:
        window = request.GET.get("window") or trending.DEFAULT_WINDOW
        if window not in trending.WINDOWS:
            raise BadFeedQuery("window", f"must be one of {', '.join(trending.WINDOWS)}")
        return window

    def title(self, window: str) -> str:
        return f"{settings.SITE_NAME}: trending ({window})"

    def link(self, window: str) -> str:
        return f"{reverse('papers:trending')}?window={window}"

    def items(self, window: str) -> list[Item]:
        papers = Paper.objects.published().trending(window).defer("search_vector")
        return _items(papers[: _limit()])


class TagFeed(PaperFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return f"{settings.SITE_NAME}: {tag.name}"

    def description(self, tag: Tag) -> str:
        return tag.description or f"Papers tagged {tag.name}, newest first."

    def link(self, tag: Tag) -> str:
        return reverse("papers:tag", args=[tag.slug])

    def items(self, tag: Tag) -> list[Item]:
        papers = Paper.objects.published().filter(paper_tags__tag=tag).newest_first()
        return _items(papers.defer("search_vector")[: _limit()])


class CategoryFeed(PaperFeed):
    def get_object(self, request: HttpRequest, code: str) -> Category:
        return get_object_or_404(Category, code=code)

    def title(self, category: Category) -> str:
        return f"{settings.SITE_NAME}: {category.code}"

    def description(self, category: Category) -> str:
        return f"Papers in {category.code} {category.name}, cross-lists included, newest first."

    def link(self, category: Category) -> str:
        return reverse("papers:category", args=[category.code])

    def items(self, category: Category) -> list[Item]:
        papers = Paper.objects.published().in_categories([category]).newest_first()
        return _items(papers.defer("search_vector")[: _limit()])


class SearchFeed(PaperFeed):
    """The first results of a search, in the order the search page shows them."""

    def get_object(self, request: HttpRequest) -> SearchForm:
        form = SearchForm(request.GET)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise BadFeedQuery(field, " ".join(str(error) for error in errors))
        if not form.has_criteria:
            raise BadFeedQuery("q", "a search needs words or a filter")
        return form

    def title(self, form: SearchForm) -> str:
        return f"{settings.SITE_NAME}: search {form.cleaned_data['q']!r}".replace("''", "")

    def description(self, form: SearchForm) -> str:
        return "Search results."

    def link(self, form: SearchForm) -> str:
        return f"{reverse('papers:search')}?{urlencode(form.data, doseq=True)}"

    def items(self, form: SearchForm) -> list[Item]:
        papers, _plan = form.results(Paper.objects.published().defer("search_vector"))
        return _items(papers[: _limit()])


class ReadingListFeed(PaperFeed):
    def get_object(self, request: HttpRequest, list_id: int) -> ReadingList:
        return get_object_or_404(ReadingList, pk=list_id, visibility=ReadingList.Visibility.PUBLIC)

    def title(self, reading_list: ReadingList) -> str:
        return f"{settings.SITE_NAME}: {reading_list.name}"

    def description(self, reading_list: ReadingList) -> str:
        return reading_list.description or f"A reading list by {reading_list.owner}."

    def link(self, reading_list: ReadingList) -> str:
        return reading_list_path(reading_list.pk)

    def items(self, reading_list: ReadingList) -> list[Item]:
        entries = (
            ReadingListItem.objects.filter(
                reading_list=reading_list, paper__status=Paper.Status.PUBLISHED
            )
            .select_related("paper")
            .defer("paper__search_vector")
            .order_by("-added_at", "-id")[: _limit()]
        )
        return _with_tags([Item(e.paper, note=e.note, date=e.added_at) for e in entries])


def reading_list_path(list_id: int) -> str:
    """The list's page (apps.lists); its route may not exist yet on every branch."""
    try:
        return reverse("lists:detail", args=[list_id])
    except NoReverseMatch:
        return f"/lists/{list_id}"


def atom_of(feed: type[Feed]) -> type[Feed]:
    return type(f"{feed.__name__}Atom", (feed,), {"feed_type": Atom1Feed})
