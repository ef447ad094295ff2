"""The search form's tag and category menus: Django's markup, built cheaply."""

import pytest
from django import forms
from django.test.html import parse_html
from django.utils.html import escape

from apps.papers.models import Category, Tag
from apps.papers.search.choices import OptionsSelect
from apps.papers.search.forms import SearchForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{}, {"tag": "multimodal", "category": "cs.CL"}, {"tag": "nope"}])
def test_the_menus_are_what_django_renders(data):
    Category.objects.get_or_create(code="cs.CL", defaults={"name": "Computation & Language"})
    Category.objects.get_or_create(code="cs.LG", defaults={"name": "Machine Learning"})
    form = SearchForm(data)
    form.is_valid()

    for name in ("tag", "category"):
        field = form.fields[name]
        bound = form[name]
        expected = bound.as_widget(widget=forms.Select(choices=list(field.choices)))

        assert parse_html(str(bound)) == parse_html(expected)


def test_the_chosen_tag_stays_chosen_on_the_results_page(client):
    tag = Tag.objects.order_by("name").last()

    html = client.get("/search", {"q": "model", "tag": tag.slug}).content.decode()

    assert f'<option value="{tag.slug}" selected>{escape(tag.name)}</option>' in html
    assert '<option value="">Any tag</option>' in html
    assert html.count("<option") == Tag.objects.count() + Category.objects.count() + 2 + 3


def test_groups_and_odd_labels_are_escaped():
    widget = OptionsSelect(choices=[("Group <1>", [("a&b", "A & B")]), ("c", "<C>")])

    html = widget.render("x", "a&b", {"id": "id_x"})

    assert parse_html(html) == parse_html(
        forms.Select(choices=widget.choices).render("x", "a&b", {"id": "id_x"})
    )
    assert "&lt;C&gt;" in html


def test_a_search_reads_each_menu_with_one_plain_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20) as queries:
        client.get("/search", {"q": "model"})

    menu_queries = [
        q["sql"]
        for q in queries.captured_queries
        if '"papers_tag"."slug"' in q["sql"] or '"papers_category"."code"' in q["sql"]
    ]
    assert menu_queries
    assert not [sql for sql in menu_queries if "DECLARE" in sql]
