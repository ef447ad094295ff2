from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.curation.models import DailyPick
from apps.papers.models import Paper, TagFollow
from apps.papers.search import search_papers
from apps.papers.votes import vote_cast, vote_remove
from tests.factories import PaperFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_listed_on_is_the_utc_publication_day_or_else_the_ingestion_day():
    published = PaperFactory(published_at=datetime(2025, 11, 26, 23, 30, tzinfo=UTC))
    unpublished = PaperFactory(published_at=None, ingested_at=at(DAY - timedelta(days=3)))

    published.refresh_from_db()
    unpublished.refresh_from_db()
    assert published.listed_on == DAY
    assert unpublished.listed_on == DAY - timedelta(days=3)


def test_daily_list_puts_staff_picks_first_in_staff_order_then_votes(alice, bob):
    popular = PaperFactory(published_at=at(DAY), vote_count=9)
    quiet = PaperFactory(published_at=at(DAY), vote_count=1)
    second_pick = PaperFactory(published_at=at(DAY))
    first_pick = PaperFactory(published_at=at(DAY - timedelta(days=2)))  # featured later
    PaperFactory(published_at=at(DAY + timedelta(days=1)))
    DailyPick.objects.create(featured_on=DAY, paper=first_pick, position=1)
    DailyPick.objects.create(featured_on=DAY, paper=second_pick, position=2)

    assert list(Paper.objects.daily(DAY)) == [first_pick, second_pick, popular, quiet]


def test_votes_are_counted_once_per_reader(alice, bob):
    paper = PaperFactory()

    vote_cast(user=alice, paper=paper)
    vote_cast(user=alice, paper=paper)
    assert vote_cast(user=bob, paper=paper) == 2
    assert vote_remove(user=alice, paper=paper) == 1
    assert vote_remove(user=alice, paper=paper) == 1

    paper.refresh_from_db()
    assert paper.vote_count == paper.votes.count() == 1


def test_with_vote_state_marks_the_readers_own_votes(alice, bob):
    voted, other = PaperFactory(), PaperFactory()
    vote_cast(user=alice, paper=voted)

    state = dict(Paper.objects.with_vote_state(alice).values_list("pk", "user_voted"))
    anonymous = set(Paper.objects.with_vote_state(None).values_list("user_voted", flat=True))

    assert state == {voted.pk: True, other.pk: False}
    assert anonymous == {False}


def test_trending_ranks_recent_votes_on_young_papers_first():
    now = timezone.now()
    young = PaperFactory(published_at=now - timedelta(hours=3))
    old = PaperFactory(published_at=now - timedelta(days=30))
    PaperFactory(published_at=now)  # no votes: not trending
    for n in range(3):
        voter = UserFactory(username=f"voter{n}")
        vote_cast(user=voter, paper=old)
        if n < 2:
            vote_cast(user=voter, paper=young)

    assert list(Paper.objects.trending("7d")) == [young, old]


def test_search_ranks_title_matches_above_abstract_matches():
    in_abstract = PaperFactory(title="Something else", abstract="We study diffusion models.")
    in_title = PaperFactory(title="Diffusion models at scale", abstract="A study.")
    PaperFactory(title="Unrelated", abstract="Graph networks.")

    assert list(search_papers(Paper.objects.all(), "diffusion")) == [in_title, in_abstract]


def test_search_covers_author_names():
    paper = PaperFactory(authors=["Yoshua Bengio"])
    PaperFactory(authors=["Someone Else"])

    assert list(search_papers(Paper.objects.all(), "Bengio")) == [paper]


def test_followed_topics_are_the_papers_with_any_followed_tag_named_by_id(alice, bob):
    """My topics reads the reader's follows first and names the tags in the query: a join
    to the follows hides from the planner how many papers the tags cover (at 1,000,000
    papers it then read every paper of the tags before the day's few hundred)."""
    llm, rag, vision = (TagFactory(slug=slug) for slug in ("llm", "rag", "vision"))
    on_llm, on_rag, on_vision = PaperFactory(), PaperFactory(), PaperFactory()
    for paper, tag in ((on_llm, llm), (on_rag, rag), (on_vision, vision)):
        paper.paper_tags.create(tag=tag)
    for tag in (llm, rag):
        TagFollow.objects.create(user=alice, tag=tag)

    alices = Paper.objects.in_followed_topics(alice)

    assert set(alices) == {on_llm, on_rag}
    assert "tagfollow" not in str(alices.query)
    assert list(Paper.objects.in_followed_topics(bob)) == []
