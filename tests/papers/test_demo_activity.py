"""The demo activity `make screenshots` seeds: on the demo database only, and only once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from apps.accounts.permissions import CURATE
from apps.core.demo_activity import PICKS, demo_activity_seed
from apps.curation.models import DailyPick
from apps.lists.models import ReadingList, ReadingListItem
from apps.papers.models import Paper, PaperTag, Vote
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_papers(curator):
    titles = [title for title, _note in PICKS] + [
        "Atom: Low-bit Quantization for Efficient and Accurate LLM Serving",
        "MiniCPM-V: A GPT-4V Level MLLM on Your Phone",
        "UL2: Unifying Language Learning Paradigms",
    ]
    return [
        PaperFactory(title=title, source="demo", primary_category=None, authors=[])
        for title in titles
    ]


def state() -> dict:
    return {
        "votes": Vote.objects.count(),
        "tags": PaperTag.objects.count(),
        "picks": list(
            DailyPick.objects.order_by("featured_on", "position").values_list(
                "paper__title", "position", "note"
            )
        ),
        "categories": list(
            Paper.objects.order_by("pk").values_list("primary_category__code", flat=True)
        ),
    }


def test_it_gives_the_demo_papers_votes_picks_tags_and_categories(demo_papers, curator):
    demo_activity_seed()

    assert Vote.objects.exists()
    for paper in Paper.objects.annotate(rows=Count("votes")):
        assert paper.vote_count == paper.rows
    picks = list(
        DailyPick.objects.filter(featured_on=demo_papers[0].listed_on).order_by("position")
    )
    assert [pick.paper.title for pick in picks] == [title for title, _note in PICKS]
    assert picks[0].note.startswith("Plans an agent's tool calls")
    assert picks[0].featured_on == demo_papers[0].listed_on
    assert picks[0].picked_by == curator
    atom = Paper.objects.get(title__startswith="Atom")
    assert {tag.slug for tag in atom.tags.all()} == {
        "quantization-compression",
        "inference-serving",
    }
    assert set(atom.paper_tags.values_list("origin", flat=True)) == {"staff"}  # labelled
    assert atom.primary_category.code == "cs.DC"
    assert Paper.objects.get(title__startswith="MiniCPM").primary_category.code == "cs.CV"
    assert not Paper.objects.filter(primary_category=None).exists()
    assert all(paper.tags.count() <= 3 for paper in Paper.objects.all())
    assert not Paper.objects.filter(authorships__isnull=False).exists()  # no invented author
    public = ReadingList.objects.filter(visibility="public", items__isnull=False).distinct()
    assert public.exists()
    assert ReadingList.objects.filter(kind="read_later", items__status="read").exists()


def test_it_annotates_the_most_voted_papers_with_notes_and_replies(demo_papers):
    from apps.annotations.models import Annotation

    for paper in demo_papers:
        Paper.objects.filter(pk=paper.pk).update(
            abstract="We present a method. It makes long documents fast to read for everyone."
        )
    demo_activity_seed()

    notes = Annotation.objects.all()
    assert notes.filter(field="abstract").exists()
    assert notes.filter(reply_to__isnull=False).exists()
    for note in notes.exclude(field=""):
        assert note.paper.abstract[note.start : note.end] == note.exact
    count = notes.count()
    demo_activity_seed()
    assert Annotation.objects.count() == count


def test_seeding_twice_changes_nothing(demo_papers):
    demo_activity_seed()
    first = state()
    items = ReadingListItem.objects.count()

    again = demo_activity_seed()

    assert state() == first
    assert ReadingListItem.objects.count() == items
    assert again["list_items"] == 0


def test_a_day_the_staff_already_picked_is_left_alone(demo_papers):
    DailyPick.objects.create(
        featured_on=demo_papers[0].listed_on, paper=demo_papers[-1], position=1
    )

    demo_activity_seed()

    assert DailyPick.objects.filter(featured_on=demo_papers[0].listed_on).count() == 1


def test_any_other_database_is_refused(demo_papers):
    PaperFactory(source="arxiv_api", primary_category=None)

    with pytest.raises(ValueError, match="not the demo database"):
        demo_activity_seed()
    out = StringIO()
    call_command("seed_demo_activity", stdout=out)

    assert "nothing seeded" in out.getvalue()
    assert state() == {"votes": 0, "tags": 0, "picks": [], "categories": [None] * 7}


def test_the_command_reports_what_it_seeded(demo_papers):
    out = StringIO()

    call_command("seed_demo_activity", stdout=out)

    assert out.getvalue().startswith("Demo activity: categorised 6, tags ")
    assert "picks 12" in out.getvalue()  # the demo day's 3, then 3 for each of 3 days before


def test_the_last_days_have_published_picks_and_the_editor_curates(demo_papers, curator):
    demo_activity_seed()

    today = timezone.localdate()
    days = {today - timedelta(days=n) for n in range(4)}
    picked = DailyPick.objects.filter(featured_on__in=days)
    assert {pick.featured_on for pick in picked} == days
    assert all(pick.published for pick in picked)
    assert curator.has_perm(CURATE)
