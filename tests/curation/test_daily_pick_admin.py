"""Adding a daily pick in the admin: who picked it and the day default sensibly."""

import pytest
from django.utils import timezone

from apps.curation.models import DailyPick
from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/curation/dailypick/add/"


@pytest.fixture
def editor(client):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    return editor


def add_form_as_a_browser_sends_it(client, **changes) -> dict:
    """The add form's fields with the values it shows, as submitting it unchanged would send."""
    form = client.get(ADD_URL).context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in {**values, **changes}.items() if value is not None}


def test_a_new_pick_is_by_the_signed_in_editor_for_today(client, editor):
    paper = PaperFactory()
    data = add_form_as_a_browser_sends_it(client, paper=paper.pk, position=1)

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    pick = DailyPick.objects.get()
    assert pick.paper == paper
    assert pick.picked_by == editor
    assert pick.featured_on == timezone.localdate()


def test_the_editor_can_pick_another_day_for_another_curator(client, editor, curator):
    data = add_form_as_a_browser_sends_it(
        client,
        paper=PaperFactory().pk,
        position=1,
        picked_by=curator.pk,
        featured_on="2025-11-26",
    )

    client.post(ADD_URL, data)

    pick = DailyPick.objects.get()
    assert (pick.picked_by, str(pick.featured_on)) == (curator, "2025-11-26")


def test_created_at_is_read_only(client, editor):
    before = timezone.now()
    form = client.get(ADD_URL).context["adminform"].form
    data = add_form_as_a_browser_sends_it(
        client, paper=PaperFactory().pk, position=1, created_at="2000-01-01 00:00:00"
    )

    client.post(ADD_URL, data)

    assert "created_at" not in form.fields
    assert DailyPick.objects.get().created_at >= before
