"""`paper_url` gives what `reverse` gives, for every kind of id and under a sub-path."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from apps.papers.paper_urls import paper_url

IDS = ["2401.01234", "2401.01234v2", "0704.0001", "hep-th/9901001", "math.GT/0309136v1"]
ROUTES = ["papers:detail", "papers:vote", "lists:save", "lists:menu", "api:paper-detail"]


@pytest.mark.parametrize("public_id", IDS)
@pytest.mark.parametrize("name", ROUTES)
def test_paper_url_is_reverse(name, public_id):
    assert paper_url(name, public_id) == reverse(name, args=[public_id])


def test_a_short_id_too():
    short = "p" + "a2" * 5

    assert paper_url("papers:detail", short) == reverse("papers:detail", args=[short])


def test_under_a_script_prefix_the_prefix_leads():
    try:
        set_script_prefix("/site/")
        assert paper_url("papers:vote", "2401.01234") == "/site/papers/2401.01234/vote"
    finally:
        set_script_prefix("/")
    assert paper_url("papers:vote", "2401.01234") == "/papers/2401.01234/vote"


def test_an_id_the_route_refuses_is_refused():
    with pytest.raises(NoReverseMatch):
        paper_url("papers:detail", "not an id")
