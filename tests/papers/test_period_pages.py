"""Daily, weekly and monthly pages: what they list, their navigation and their errors."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.curation.models import DailyPick
from apps.papers.models import Paper
from apps.papers.querysets import PaperQuerySet
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory, TagFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 11, 26)  # a Wednesday in ISO week 48


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def titles(response) -> list[str]:
    return [paper.title for paper in response.context["papers"]]


def test_a_day_lists_staff_picks_in_staff_order_then_papers_by_votes(client):
    PaperFactory(title="Popular", published_at=at(DAY), vote_count=9)
    PaperFactory(title="Quiet", published_at=at(DAY), vote_count=1)
    second = PaperFactory(title="Second pick", published_at=at(DAY))
    first = PaperFactory(title="First pick", published_at=at(DAY - timedelta(days=3)))
    PaperFactory(title="Next day", published_at=at(DAY + timedelta(days=1)))
    DailyPick.objects.create(featured_on=DAY, paper=first, position=1)
    DailyPick.objects.create(featured_on=DAY, paper=second, position=2)

    response = client.get("/papers/2025-11-26")

    assert response.status_code == 200
    assert titles(response) == ["First pick", "Second pick", "Popular", "Quiet"]
    assert response.content.count(b"Staff pick") == 2


def test_a_pick_card_shows_the_staffs_note_when_there_is_one(client):
    noted = PaperFactory(title="Noted", published_at=at(DAY))
    bare = PaperFactory(title="Bare", published_at=at(DAY))
    DailyPick.objects.create(
        featured_on=DAY, paper=noted, position=1, note="Read §3 <first>: the ablation."
    )
    DailyPick.objects.create(featured_on=DAY, paper=bare, position=2)

    html = client.get("/papers/2025-11-26").content.decode()

    assert html.count('class="pick-note"') == 1
    # The note is the editor's Markdown, sanitised (apps.papers.markdown).
    assert "Staff note:</span> <p>Read §3 &lt;first&gt;: the ablation.</p>" in html
    noted_card = html[html.index(f'id="p{noted.pk}"') : html.index(f'id="p{bare.pk}"')]
    assert "pick-note" in noted_card


def test_a_pick_note_belongs_to_its_day_only(client):
    paper = PaperFactory(published_at=at(DAY))
    DailyPick.objects.create(featured_on=DAY, paper=paper, position=1, note="Picked on the day")
    DailyPick.objects.create(
        featured_on=DAY + timedelta(days=1), paper=paper, position=1, note="Picked the next day"
    )

    html = client.get("/papers/2025-11-26").content.decode()

    assert "Picked on the day" in html
    assert "Picked the next day" not in html


def test_a_day_sorted_by_newest_ignores_votes(client):
    PaperFactory(title="Morning", published_at=at(DAY, 8), vote_count=5)
    PaperFactory(title="Evening", published_at=at(DAY, 20))

    assert titles(client.get("/papers/2025-11-26?sort=new")) == ["Evening", "Morning"]


@pytest.mark.usefixtures("noon_today")
def test_home_is_today_and_has_no_next_day(client):
    PaperFactory(title="Fresh")

    response = client.get("/")

    assert titles(response) == ["Fresh"]
    assert response.context["period"].start == timezone.localdate()
    assert b'rel="next"' not in response.content
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert f'href="/papers/{yesterday}"'.encode() in response.content


def test_a_past_day_links_to_the_previous_and_next_days(client):
    response = client.get("/papers/2025-11-26")

    assert b'href="/papers/2025-11-25"' in response.content
    assert b'href="/papers/2025-11-27"' in response.content


def test_an_empty_day_says_so_and_links_to_the_nearest_day_with_papers(client):
    PaperFactory(published_at=at(DAY - timedelta(days=5)))
    PaperFactory(published_at=at(DAY + timedelta(days=2)))

    response = client.get("/papers/2025-11-26")

    assert b"No papers were listed on Wednesday 26 November 2025" in response.content
    assert response.context["nearest"].start == DAY + timedelta(days=2)
    assert b'href="/papers/2025-11-28"' in response.content


def test_the_week_lists_monday_to_sunday_by_votes(client):
    PaperFactory(title="Sunday before", published_at=at(date(2025, 11, 23)), vote_count=99)
    PaperFactory(title="Monday", published_at=at(date(2025, 11, 24)), vote_count=1)
    PaperFactory(title="Sunday", published_at=at(date(2025, 11, 30)), vote_count=3)
    PaperFactory(title="Next Monday", published_at=at(date(2025, 12, 1)), vote_count=99)

    response = client.get("/papers/week/2025-W48")

    assert titles(response) == ["Sunday", "Monday"]
    assert b'href="/papers/week/2025-W47"' in response.content
    assert b'href="/papers/week/2025-W49"' in response.content


@pytest.mark.parametrize("depth", [0, 4, 1000])
def test_pages_by_votes_of_a_week_read_from_each_days_best_match_the_whole_sort(
    client, settings, monkeypatch, depth, django_assert_max_num_queries
):
    """Whatever depth the days' own most voted are read to (0: never; 4: the first two
    pages of two, from days of six papers; 1000: every page), each page holds the
    papers the whole week sorted by votes puts there, ties (votes, then listing time)
    and all."""
    settings.PAPERS_PER_PAGE = 2
    monkeypatch.setattr(PaperQuerySet, "MOST_VOTED_MERGE_DEPTH", depth)
    monday = date(2025, 11, 24)
    expected = []
    for n in range(42):
        day = monday + timedelta(days=n % 7)
        paper = PaperFactory(published_at=at(day, hour=12 - (n // 14) % 2), vote_count=n % 3)
        expected.append(paper)
    PaperFactory(published_at=at(monday), vote_count=50, status=Paper.Status.PENDING)
    PaperFactory(published_at=at(monday - timedelta(days=1)), vote_count=50)
    expected.sort(key=lambda p: (-p.vote_count, -p.published_at.timestamp(), p.pk))

    seen = []
    for number in range(1, 22):
        with django_assert_max_num_queries(12):
            response = client.get(f"/papers/week/2025-W48?page={number}")
        assert response.context["paginator"].count == 42
        seen += [paper.pk for paper in response.context["papers"]]

    assert seen == [paper.pk for paper in expected]
    assert client.get("/papers/week/2025-W48?page=22").status_code == 404


def test_the_month_lists_its_days_only(client):
    PaperFactory(title="October", published_at=at(date(2025, 10, 31)))
    PaperFactory(title="First", published_at=at(date(2025, 11, 1)), vote_count=2)
    PaperFactory(title="Last", published_at=at(date(2025, 11, 30)), vote_count=1)

    response = client.get("/papers/month/2025-11")

    assert titles(response) == ["First", "Last"]
    assert b'href="/papers/month/2025-10"' in response.content
    assert b'href="/papers/month/2025-12"' in response.content
    assert b"November 2025" in response.content


@pytest.mark.usefixtures("noon_today")
def test_the_weekly_and_monthly_tabs_open_the_current_period(client):
    PaperFactory(title="Fresh")

    assert titles(client.get("/papers/week")) == ["Fresh"]
    assert titles(client.get("/papers/month")) == ["Fresh"]


@pytest.mark.parametrize(
    "url", ["/papers/2025-02-30", "/papers/2025-13-01", "/papers/week/2025-W54",
            "/papers/month/2025-13", "/papers/month/2025-00",
            # Outside the years served (1900-2999): date arithmetic would overflow there.
            "/papers/9999-12-31", "/papers/0001-01-01", "/papers/1899-12-31",
            "/papers/week/9999-W52", "/papers/week/0001-W01", "/papers/week/3000-W01",
            "/papers/month/9999-12", "/papers/month/0001-01", "/papers/month/3000-01"],
)  # fmt: skip
def test_impossible_dates_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/papers/1900-01-01", "/papers/week/1900-W01", "/papers/month/1900-01"]
)
def test_the_first_period_served_has_no_previous_link(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.context["period"].previous is None
    assert b'rel="prev"' not in response.content


def test_the_last_day_served_links_only_to_periods_served(client):
    response = client.get("/papers/2999-12-31")  # its ISO week is 3000-W01

    assert response.status_code == 200
    assert b'href="/papers/2999-12-30"' in response.content
    assert b'href="/papers/month/2999-12"' in response.content
    assert b"/papers/week/3000" not in response.content
    assert b'min="1900-01-01" max="2999-12-31"' in response.content


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("date=2025-11-26", "/papers/2025-11-26"),
        ("date=2025-11-26&period=week", "/papers/week/2025-W48"),
        ("date=2025-11-26&period=month", "/papers/month/2025-11"),
        ("date=2025-11-26&period=day&sort=new", "/papers/2025-11-26?sort=new"),
        ("date=1900-01-01&period=week", "/papers/week/1900-W01"),
        ("date=2999-12-31&period=month", "/papers/month/2999-12"),
    ],
)
def test_the_date_picker_redirects_to_the_chosen_period(client, query, target):
    response = client.get(f"/papers/jump?{query}")

    assert response.status_code == 302
    assert response.url == target


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/papers/jump", "date"),
        ("/papers/jump?date=26/11/2025", "date"),
        ("/papers/jump?date=2025-11-26&period=year", "period"),
        ("/papers/jump?date=9999-12-31", "date"),
        ("/papers/jump?date=9999-12-31&period=week", "date"),
        ("/papers/jump?date=9999-12-31&period=month", "date"),
        ("/papers/jump?date=0001-01-01&period=week", "date"),
        ("/papers/jump?date=0001-01-01", "date"),
        ("/papers/jump?date=2999-12-31&period=week", "date"),
        ("/papers/2025-11-26?sort=random", "sort"),
        ("/papers/week/2025-W48?page=two", "page"),
        ("/papers/month/2025-11?page=0", "page"),
    ],
)
def test_bad_parameters_get_a_400_that_names_them(client, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert f"<code>{parameter}</code>".encode() in response.content


def test_pages_show_each_papers_votes_tags_and_the_readers_own_vote(client, alice):
    voted = PaperFactory(title="Liked", published_at=at(DAY))
    PaperFactory(title="Not liked", published_at=at(DAY))
    tag = TagFactory(slug="llm", name="Language models")
    voted.paper_tags.create(tag=tag, origin="staff")
    vote_cast(user=alice, paper=voted)
    client.force_login(alice)

    response = client.get("/papers/2025-11-26")

    voted_state = {p.title: p.user_voted for p in response.context["papers"]}
    assert voted_state == {"Liked": True, "Not liked": False}
    assert response.content.count(b'aria-pressed="true"') == 1
    assert b'href="/tags/llm"' in response.content
    assert b"data-vote-count>1</span>" in response.content


PERIOD_URLS = ["/papers/2025-11-26", "/papers/week/2025-W48", "/papers/month/2025-11",
               "/papers/2025-11-26?sort=new"]  # fmt: skip


@pytest.mark.parametrize("url", PERIOD_URLS)
@pytest.mark.parametrize("signed_in", [False, True])
def test_period_query_counts_do_not_grow_with_the_papers(
    client, alice, django_assert_max_num_queries, url, signed_in
):
    if signed_in:
        client.force_login(alice)
    # count, page, authorships, paper tags, tags; signed in: + session, user, the
    # reader's lists and which of them hold the page's papers (the save controls)
    budget = 9 if signed_in else 5
    tag = TagFactory()
    for papers in (2, 30):
        for paper in PaperFactory.create_batch(papers, published_at=at(DAY), authors=["A", "B"]):
            paper.paper_tags.create(tag=tag, origin="rule")
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200


def test_an_empty_day_costs_two_more_queries_for_the_nearest_day(
    client, django_assert_max_num_queries
):
    PaperFactory(published_at=at(DAY - timedelta(days=1)))

    with django_assert_max_num_queries(4):
        response = client.get("/papers/2025-11-26")
    assert response.context["nearest"].start == DAY - timedelta(days=1)
