"""Signed-in readers share one cached copy of a list or paper page, with their own parts
filled in (apps.papers.reader_parts): each reader sees their own votes, lists, name and
digest form, never another's, and a warm page costs a few queries whatever it shows."""

from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client

from apps.digest.services import Preferences, subscription_save
from apps.lists.services import list_item_add, read_later_get, reading_list_create
from apps.papers.models import PaperTag, Tag, TagFollow
from apps.papers.page_cache import SITE, scopes_bump
from apps.papers.votes import vote_cast
from tests.curation.conftest import make_editor
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = "2025-11-26"
LISTED = datetime(2025, 11, 26, 12, tzinfo=UTC)


@pytest.fixture
def voted():
    return PaperFactory(title="Voted by Alice", published_at=LISTED)


@pytest.fixture
def saved():
    return PaperFactory(title="Saved by Alice", published_at=LISTED)


@pytest.fixture
def tag(voted, saved):
    tag = Tag.objects.get(slug="multimodal")
    for paper in (voted, saved):
        PaperTag.objects.create(paper=paper, tag=tag, origin="staff")
    return tag


@pytest.fixture
def alices_state(alice, voted, saved):
    vote_cast(user=alice, paper=voted)
    list_item_add(reading_list=read_later_get(user=alice), paper=saved)
    reading = reading_list_create(owner=alice, name="Alice's reading")
    list_item_add(reading_list=reading, paper=saved)


@pytest.fixture
def bobs_state(bob, saved):
    vote_cast(user=bob, paper=saved)  # on trending too
    EmailAddress.objects.create(user=bob, email=bob.email, verified=True, primary=True)
    subscription_save(user=bob, preferences=Preferences(frequency="weekly"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def card(html: str, title: str) -> str:
    start = html.index(title)
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def shared_copies() -> list[str]:
    client = cache._cache.get_client(None)
    return list(client.scan_iter(match=f"{cache.key_prefix}*page:readers:*"))


PAGES = [
    f"/papers/{DAY}",
    "/papers/week/2025-W48",
    "/papers/month/2025-11",
    "/trending?window=30d",
    "/tags/multimodal",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.usefixtures("tag", "alices_state", "bobs_state")
def test_each_reader_sees_their_own_parts_of_the_page_another_stored(url, alice, bob):
    bobs = signed_in(bob).get(url).content.decode()  # renders and stores the shared copy
    assert len(shared_copies()) == 1

    alices = signed_in(alice).get(url).content.decode()

    assert len(shared_copies()) == 1  # served from it
    assert ">Alice<" in alices
    assert ">Bob<" not in alices
    assert ">Bob<" in bobs
    assert ">Alice<" not in bobs
    assert 'aria-pressed="true"' in card(alices, "Voted by Alice")
    assert 'aria-pressed="true"' not in card(bobs, "Voted by Alice")
    assert "Saved<" in card(alices, "Saved by Alice")
    assert "Alice&#x27;s reading" in card(alices, "Saved by Alice")
    assert "Alice&#x27;s reading" not in bobs
    assert "\x00" not in alices + bobs


@pytest.mark.usefixtures("alices_state", "bobs_state")
def test_the_digest_form_on_the_shared_day_page_is_each_readers_own(alice, bob):
    signed_in(bob).get(f"/papers/{DAY}")

    alices = signed_in(alice).get(f"/papers/{DAY}").content.decode()
    bobs = signed_in(bob).get(f"/papers/{DAY}").content.decode()

    assert "You get a weekly digest" in bobs
    assert "You get a" not in alices
    assert 'name="frequency"' in alices


@pytest.mark.usefixtures("alices_state")
def test_the_paper_page_is_shared_with_each_readers_vote_and_lists(alice, bob, voted, saved):
    for paper, mine in ((voted, 'aria-pressed="true"'), (saved, "Alice&#x27;s reading")):
        url = f"/papers/{paper.public_id}"
        bobs = signed_in(bob).get(url).content.decode()
        alices = signed_in(alice).get(url).content.decode()

        assert mine in alices
        assert mine not in bobs
    assert len(shared_copies()) == 2


def test_a_warm_shared_page_costs_the_same_few_queries_for_three_or_twenty_five_cards(
    alice, bob, django_assert_max_num_queries
):
    PaperFactory.create_batch(3, published_at=LISTED)
    signed_in(bob).get(f"/papers/{DAY}")
    client = signed_in(alice)
    client.get(f"/papers/{DAY}")
    # the user; the papers' counts and Alice's votes; her lists holding them; her digest
    with django_assert_max_num_queries(4) as few:
        client.get(f"/papers/{DAY}")
    queries = len(few.captured_queries)  # the next capture clears the log it reads
    PaperFactory.create_batch(22, published_at=LISTED)
    scopes_bump([SITE])  # as ingest does
    signed_in(bob).get(f"/papers/{DAY}")

    with django_assert_max_num_queries(queries):
        page = client.get(f"/papers/{DAY}").content.decode()

    assert page.count("<article") == 25
    assert page.count('class="vote-button"') == 25
    assert page.count("data-list-control") == 25


def test_counts_on_a_briefly_cached_page_are_read_afresh(alice, bob, voted):
    """Trending is kept for 30 s whatever the votes: its counts are filled in per request."""
    vote_cast(user=bob, paper=voted)
    assert "data-vote-count>1<" in signed_in(bob).get("/trending?window=30d").content.decode()

    vote_cast(user=alice, paper=voted)
    page = signed_in(bob).get("/trending?window=30d").content.decode()

    assert len(shared_copies()) == 1
    assert "data-vote-count>2<" in page


def test_a_vote_posted_from_the_shared_page_passes_the_csrf_check(alice, bob, voted):
    signed_in(bob).get(f"/papers/{DAY}")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    html = client.get(f"/papers/{DAY}").content.decode()
    token = card(html, voted.title).split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = client.post(
        f"/papers/{voted.public_id}/vote", {"action": "up", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    voted.refresh_from_db()
    assert voted.vote_count == 1


def test_staff_pages_are_their_own_and_never_shared(alice, voted):
    curator = make_editor("curator", is_staff=True)
    staff = signed_in(curator).get(f"/papers/{DAY}").content.decode()
    readers = signed_in(alice).get(f"/papers/{DAY}").content.decode()

    assert "pick-control" in staff
    assert "pick-control" not in readers
    assert ">Curator<" not in readers


def test_my_topics_is_shared_only_by_readers_following_the_same_tags(alice, bob, tag, voted):
    other = PaperFactory(title="About nothing Alice follows", published_at=LISTED)
    TagFollow.objects.create(user=alice, tag=tag)
    carol = UserFactory(username="carol", display_name="Carol")
    TagFollow.objects.create(user=carol, tag=tag)
    vote_cast(user=carol, paper=voted)
    url = f"/papers/{DAY}?topics=mine"

    alices = signed_in(alice).get(url).content.decode()
    bobs = signed_in(bob).get(url).content.decode()
    kept = len(shared_copies())
    carols = signed_in(carol).get(url).content.decode()

    assert voted.title in alices
    assert other.title not in alices
    assert voted.title not in bobs  # bob follows nothing: his own copy, empty
    assert kept == 2
    assert len(shared_copies()) == 2  # carol follows what alice does: alice's copy
    assert voted.title in carols
    assert ">Carol<" in carols
    assert ">Alice<" not in carols
    # Carol's vote shows on her copy of the card, not on Alice's.
    assert carols.count('aria-pressed="true"') == 1
    assert alices.count('aria-pressed="true"') == 0


def test_following_another_tag_shows_its_papers_at_once(alice, tag, voted):
    other_tag = Tag.objects.create(slug="other-topic", name="Other topic")
    other = PaperFactory(title="About the other topic", published_at=LISTED)
    PaperTag.objects.create(paper=other, tag=other_tag, origin="rule")
    TagFollow.objects.create(user=alice, tag=tag)
    client = signed_in(alice)
    before = client.get(f"/papers/{DAY}?topics=mine").content.decode()

    TagFollow.objects.create(user=alice, tag=other_tag)
    after = client.get(f"/papers/{DAY}?topics=mine").content.decode()

    assert other.title not in before
    assert other.title in after
    assert voted.title in after


def test_a_page_showing_its_readers_name_outside_the_header_is_not_shared(voted):
    """The name is a hole; a page that shows it elsewhere (here: a title equal to the
    name) is kept for nobody, so no part drawn for one reader reaches another."""
    reader = UserFactory(username="voted", display_name="Voted by Alice")

    page = signed_in(reader).get(f"/papers/{DAY}").content.decode()

    assert ">Voted by Alice<" in page
    assert shared_copies() == []


def test_a_reader_with_a_message_gets_the_page_rendered_for_them(alice, bob, voted):
    signed_in(bob).get(f"/papers/{DAY}")
    client = signed_in(alice)
    client.post("/accounts/profile/", {"display_name": "Alice Two"})  # a flash message

    page = client.get(f"/papers/{DAY}").content.decode()

    assert ">Alice Two<" in page
