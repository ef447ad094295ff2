"""The list pages: save from a card, manage a list, share it, /me/votes, query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.lists.models import ReadingList
from apps.lists.services import list_item_add, read_later_get, reading_list_create
from apps.papers.models import Vote
from apps.papers.page_cache import SITE, scopes_bump
from apps.papers.votes import vote_cast
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.usefixtures("noon_today")
def test_save_from_a_card_adds_to_read_later_and_the_card_says_so(client, alice):
    paper = PaperFactory(title="Saved paper")
    client.force_login(alice)

    response = client.post(
        f"/lists/save/{paper.public_id}", {"list": "read_later", "action": "add"}, **HTMX
    )

    assert response.status_code == 200
    assert b"Saved" in response.content
    assert b'aria-pressed="true"' in response.content
    assert read_later_get(user=alice).items.filter(paper=paper).exists()
    page = client.get("/").content.decode()
    assert "In <a href" in page
    assert "Read later</a>" in page


def test_the_menu_adds_to_a_named_list_and_takes_out_again(client, alice):
    paper = PaperFactory()
    named = reading_list_create(owner=alice, name="Retrieval")
    client.force_login(alice)

    added = client.post(
        f"/lists/save/{paper.public_id}", {"list": named.pk, "action": "add", "menu": "1"}, **HTMX
    )
    assert b"Retrieval</a>" in added.content  # "In Retrieval"
    assert b'<details class="list-menu" open>' in added.content
    client.post(f"/lists/save/{paper.public_id}", {"list": named.pk, "action": "remove"})

    assert not named.items.exists()


def test_cards_load_the_list_menu_only_when_it_opens(client, alice):
    paper = PaperFactory(title="Menu paper")
    held = reading_list_create(owner=alice, name="Retrieval")
    reading_list_create(owner=alice, name="Agents")
    list_item_add(reading_list=held, paper=paper)
    client.force_login(alice)

    card = client.get("/").content.decode()
    menu = client.get(f"/lists/menu/{paper.public_id}", {"next": "/"}, **HTMX).content.decode()

    assert 'data-list-choice="Agents"' not in card  # the closed menu names no list
    assert f'hx-get="/lists/menu/{paper.public_id}?next=%2F"' in card
    assert '<details class="list-menu" open>' in menu
    assert 'data-list-choice="Retrieval" aria-pressed="true"' in menu
    assert 'data-list-choice="Agents" aria-pressed="false"' in menu
    assert 'name="next" value="/"' in menu
    assert "<html" not in menu


def test_without_javascript_the_list_menu_is_a_page_that_posts_back(client, alice):
    paper = PaperFactory(title="Menu paper")
    named = reading_list_create(owner=alice, name="Agents")
    client.force_login(alice)

    page = client.get(f"/lists/menu/{paper.public_id}", {"next": "/trending"})
    saved = client.post(
        f"/lists/save/{paper.public_id}",
        {"list": named.pk, "action": "add", "menu": "1", "next": "/trending"},
    )

    assert page.status_code == 200
    assert b"<h1>Save to your lists</h1>" in page.content
    assert b'data-list-choice="Agents" aria-pressed="false"' in page.content
    assert saved.status_code == 302
    assert saved["Location"] == "/trending"
    assert named.items.filter(paper=paper).exists()


def test_the_list_menu_of_an_unknown_paper_is_not_found(client, alice):
    client.force_login(alice)

    assert client.get("/lists/menu/2401.99999", **HTMX).status_code == 404


def test_a_reader_cannot_save_into_someone_elses_list(client, alice, bob):
    theirs = reading_list_create(owner=bob, name="Bob's", visibility="public")
    client.force_login(alice)

    response = client.post(f"/lists/save/{PaperFactory().public_id}", {"list": theirs.pk})

    assert response.status_code == 404
    assert not theirs.items.exists()


@pytest.mark.usefixtures("noon_today")
def test_anonymous_cached_pages_hold_no_save_control(client, alice):
    paper = PaperFactory()
    list_item_add(reading_list=read_later_get(user=alice), paper=paper)

    anonymous = client.get("/").content
    client.force_login(alice)
    signed_in = client.get("/").content
    client.logout()
    cached = client.get("/").content

    assert b"data-list-control" not in anonymous
    assert b"data-list-control" not in cached
    assert b"data-list-control" in signed_in


def test_the_paper_page_shows_the_lists_that_hold_it(client, alice):
    paper = PaperFactory()
    named = reading_list_create(owner=alice, name="Thesis")
    list_item_add(reading_list=named, paper=paper)
    client.force_login(alice)

    page = client.get(paper.get_absolute_url()).content.decode()

    assert f'href="/lists/{named.pk}">Thesis</a>' in page


def test_list_page_shows_items_in_order_with_status_note_and_date(client, alice):
    reading_list = reading_list_create(owner=alice, name="Order")
    first, _ = list_item_add(reading_list=reading_list, paper=PaperFactory(title="First one"))
    list_item_add(reading_list=reading_list, paper=PaperFactory(title="Second one"), note="look")
    client.force_login(alice)

    page = client.get(f"/lists/{reading_list.pk}").content.decode()

    assert page.index("First one") < page.index("Second one")
    assert ">look</textarea>" in page
    assert "To read" in page
    assert first.added_at.strftime("%Y-%m-%d") in page


def test_owner_changes_status_and_note_with_htmx(client, alice):
    reading_list = read_later_get(user=alice)
    item, _ = list_item_add(reading_list=reading_list, paper=PaperFactory())
    client.force_login(alice)
    url = f"/lists/{reading_list.pk}/items/{item.pk}"

    status = client.post(url, {"action": "status", "status": "read"}, **HTMX)
    note = client.post(url, {"action": "note", "note": "Read with Bob"}, **HTMX)

    assert status.status_code == note.status_code == 200
    assert b"data-item-status>Read<" in status.content
    item.refresh_from_db()
    assert (item.status, item.note) == ("read", "Read with Bob")


def test_a_bad_status_is_a_400_naming_it(client, alice):
    reading_list = read_later_get(user=alice)
    item, _ = list_item_add(reading_list=reading_list, paper=PaperFactory())
    client.force_login(alice)

    response = client.post(
        f"/lists/{reading_list.pk}/items/{item.pk}", {"action": "status", "status": "gone"}
    )

    assert response.status_code == 400
    assert b"<code>status</code>" in response.content


def test_move_buttons_and_drag_reorder(client, alice):
    reading_list = reading_list_create(owner=alice, name="Order")
    items = [
        list_item_add(reading_list=reading_list, paper=PaperFactory(title=f"Paper {t}"))[0]
        for t in "ABC"
    ]
    client.force_login(alice)

    moved = client.post(
        f"/lists/{reading_list.pk}/items/{items[2].pk}",
        {"action": "move", "direction": "up"},
        **HTMX,
    ).content.decode()
    assert moved.index("Paper C") < moved.index("Paper B")

    client.post(
        f"/lists/{reading_list.pk}/reorder", {"order": [items[1].pk, items[0].pk, items[2].pk]}
    )
    titles = reading_list.items.order_by("position").values_list("paper__title", flat=True)
    assert list(titles) == ["Paper B", "Paper A", "Paper C"]


def test_create_rename_share_and_delete_a_list(client, alice):
    client.force_login(alice)

    created = client.post("/lists/new", {"name": "Agents", "visibility": "private"})
    reading_list = ReadingList.objects.get(owner=alice, name="Agents")
    assert created["Location"] == f"/lists/{reading_list.pk}"

    client.post(f"/lists/{reading_list.pk}/edit", {"name": "Agents 2", "visibility": "link"})
    reading_list.refresh_from_db()
    assert (reading_list.name, reading_list.visibility) == ("Agents 2", "link")
    old_token = reading_list.share_token
    assert client.get(f"/lists/shared/{old_token}").status_code == 200

    client.post(f"/lists/{reading_list.pk}/share-link")
    reading_list.refresh_from_db()
    assert reading_list.share_token != old_token
    assert client.get(f"/lists/shared/{old_token}").status_code == 404

    client.post(f"/lists/{reading_list.pk}/delete")
    assert not ReadingList.objects.filter(pk=reading_list.pk).exists()


def test_an_empty_name_shows_the_form_again_with_the_error(client, alice):
    client.force_login(alice)

    response = client.post("/lists/new", {"name": "  "})

    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not ReadingList.objects.filter(owner=alice, kind="named").exists()


def test_my_lists_page_has_read_later_first(client, alice):
    reading_list_create(owner=alice, name="Aardvarks")
    client.force_login(alice)

    page = client.get("/lists/").content.decode()

    assert page.index("Read later") < page.index("Aardvarks")


def test_profile_and_reader_page_show_public_lists_only_to_others(client, alice, bob):
    reading_list_create(owner=alice, name="Open shelf", visibility="public")
    reading_list_create(owner=alice, name="Secret shelf")
    client.force_login(alice)
    assert b"Open shelf" in client.get("/accounts/profile/").content

    client.force_login(bob)
    page = client.get(f"/lists/readers/{alice.pk}").content

    assert b"Open shelf" in page
    assert b"Secret shelf" not in page


def test_my_votes_lists_what_i_upvoted_newest_vote_first(client, alice, bob, settings):
    older, newer, not_mine = PaperFactory(), PaperFactory(), PaperFactory()
    vote_cast(user=alice, paper=older)
    vote_cast(user=alice, paper=newer)
    vote_cast(user=bob, paper=not_mine)
    Vote.objects.filter(user=alice, paper=older).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(alice)

    response = client.get("/me/votes")

    assert [p.pk for p in response.context["papers"]] == [newer.pk, older.pk]


def test_my_votes_is_paginated(client, alice, settings):
    for paper in PaperFactory.create_batch(settings.PAPERS_PER_PAGE + 2):
        vote_cast(user=alice, paper=paper)
    client.force_login(alice)

    assert len(client.get("/me/votes?page=2").context["papers"]) == 2
    assert client.get("/me/votes?page=x").status_code == 400


def test_list_page_query_count_does_not_grow_with_items(
    client, alice, django_assert_max_num_queries
):
    reading_list = reading_list_create(owner=alice, name="Big", visibility="public")
    for paper in PaperFactory.create_batch(3):
        list_item_add(reading_list=reading_list, paper=paper)
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        client.get(f"/lists/{reading_list.pk}")

    for paper in PaperFactory.create_batch(30, authors=["A One", "B Two", "C Three"]):
        list_item_add(reading_list=reading_list, paper=paper)
    with django_assert_max_num_queries(6):
        response = client.get(f"/lists/{reading_list.pk}")
    assert len(response.context["items"]) == 33


@pytest.mark.usefixtures("noon_today")
def test_save_controls_add_two_queries_a_page_whatever_the_papers(
    client, alice, settings, django_assert_max_num_queries, django_assert_num_queries
):
    for paper in PaperFactory.create_batch(3):
        list_item_add(reading_list=read_later_get(user=alice), paper=paper)
    client.force_login(alice)
    client.get("/")  # the session's first read
    # the shared daily page's holes: the papers' counts and the reader's votes, which of
    # the reader's lists hold them, the digest form
    with django_assert_max_num_queries(10) as few:
        client.get("/")
    queries = len(few.captured_queries)  # the next request clears Django's query log

    for paper in PaperFactory.create_batch(25):
        list_item_add(reading_list=reading_list_create(owner=alice, name=paper.title), paper=paper)
    scopes_bump([SITE])  # as ingest does
    client.get("/")  # the new page and its cards' shared parts cached, as for the first three
    with django_assert_num_queries(queries):
        page = client.get("/")
    assert page.content.count(b"data-list-control") == min(28, settings.PAPERS_PER_PAGE)
