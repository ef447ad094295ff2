"""The list services: one Read later list, ordered items, reorders, refusals."""

import pytest

from apps.lists.models import ReadingList, ReadingListItem
from apps.lists.services import (
    ListError,
    list_item_add,
    list_item_move,
    list_item_remove,
    list_item_update,
    list_items_reorder,
    read_later_get,
    reading_list_create,
    reading_list_delete,
    reading_list_update,
)
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def positions(reading_list):
    return list(reading_list.items.order_by("position").values_list("paper__title", flat=True))


def test_a_reader_has_exactly_one_read_later_list(alice):
    first = read_later_get(user=alice)

    assert read_later_get(user=alice) == first
    assert ReadingList.objects.filter(owner=alice, kind="read_later").count() == 1
    assert first.name == "Read later"


def test_adding_a_paper_twice_keeps_one_item(alice):
    reading_list = read_later_get(user=alice)
    paper = PaperFactory()

    item, created = list_item_add(reading_list=reading_list, paper=paper)
    again, created_again = list_item_add(reading_list=reading_list, paper=paper)

    assert (created, created_again) == (True, False)
    assert again == item
    assert reading_list.items.count() == 1


def test_papers_are_added_at_the_end_in_order(alice):
    reading_list = reading_list_create(owner=alice, name="Retrieval")
    for title in ("A", "B", "C"):
        list_item_add(reading_list=reading_list, paper=PaperFactory(title=title))

    assert positions(reading_list) == ["A", "B", "C"]


def test_reorder_and_move_keep_every_item(alice):
    reading_list = reading_list_create(owner=alice, name="Order")
    items = [
        list_item_add(reading_list=reading_list, paper=PaperFactory(title=t))[0] for t in "ABC"
    ]

    list_items_reorder(reading_list=reading_list, item_ids=[items[2].pk, items[0].pk, items[1].pk])
    assert positions(reading_list) == ["C", "A", "B"]

    list_item_move(item=items[1], offset=-1)  # B up
    assert positions(reading_list) == ["C", "B", "A"]
    list_item_move(item=items[2], offset=-1)  # C is first already: stays
    assert positions(reading_list) == ["C", "B", "A"]


def test_a_reorder_must_name_every_item_once(alice):
    reading_list = reading_list_create(owner=alice, name="Order")
    a, _ = list_item_add(reading_list=reading_list, paper=PaperFactory())
    b, _ = list_item_add(reading_list=reading_list, paper=PaperFactory())

    for bad in ([a.pk], [a.pk, a.pk], [a.pk, b.pk, 999999]):
        with pytest.raises(ListError) as error:
            list_items_reorder(reading_list=reading_list, item_ids=bad)
        assert error.value.field == "order"


def test_status_and_note_are_checked(alice):
    reading_list = read_later_get(user=alice)
    item, _ = list_item_add(reading_list=reading_list, paper=PaperFactory())

    list_item_update(item=item, status="read", note="  chapter 3  ")
    item.refresh_from_db()
    assert (item.status, item.note) == ("read", "chapter 3")
    with pytest.raises(ListError, match="status"):
        list_item_update(item=item, status="skimmed")


def test_bad_names_and_visibilities_are_refused_naming_the_field(alice):
    with pytest.raises(ListError) as error:
        reading_list_create(owner=alice, name="   ")
    assert error.value.field == "name"
    reading_list = reading_list_create(owner=alice, name="Ok")
    with pytest.raises(ListError) as error:
        reading_list_update(reading_list=reading_list, visibility="everyone")
    assert error.value.field == "visibility"
    assert ReadingList.objects.get(pk=reading_list.pk).visibility == "private"


def test_read_later_cannot_be_deleted_but_a_named_list_can(alice):
    read_later = read_later_get(user=alice)
    named = reading_list_create(owner=alice, name="Gone soon")
    list_item_add(reading_list=named, paper=PaperFactory())

    with pytest.raises(ListError):
        reading_list_delete(reading_list=read_later)
    reading_list_delete(reading_list=named)

    assert ReadingList.objects.filter(pk=read_later.pk).exists()
    assert not ReadingListItem.objects.filter(reading_list_id=named.pk).exists()


def test_removing_a_paper_leaves_the_others(alice):
    reading_list = read_later_get(user=alice)
    a, b = PaperFactory(title="A"), PaperFactory(title="B")
    list_item_add(reading_list=reading_list, paper=a)
    list_item_add(reading_list=reading_list, paper=b)

    assert list_item_remove(reading_list=reading_list, paper=a)
    assert not list_item_remove(reading_list=reading_list, paper=a)
    assert positions(reading_list) == ["B"]
