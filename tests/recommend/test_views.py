import re

import pytest
from django.urls import reverse

from apps.papers.models import Paper
from apps.papers.votes import vote_cast
from apps.recommend.foryou import reader_train
from apps.recommend.models import Dismissal, ReaderRecommendations
from apps.recommend.tasks import train_reader

from .conftest import titled

pytestmark = pytest.mark.django_db

MULTIMODAL = ["TinyGPT-V", "VITA: Towards Open-Source", "Mipha: A Comprehensive"]


def strip_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def trained_alice(alice, labelled_papers):
    for start in MULTIMODAL:
        vote_cast(user=alice, paper=titled(labelled_papers, start)[0])
    reader_train(user_id=alice.pk)
    return alice


def test_for_you_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("recommend:for-you"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_for_you_page_in_constant_queries(trained_alice, client, django_assert_max_num_queries):
    client.force_login(trained_alice)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("recommend:for-you"))

    assert response.status_code == 200
    assert response.content.decode().count('class="recommendation"') == 25
    assert "Similar to" in response.content.decode()


def test_dismiss_with_htmx_removes_the_card(trained_alice, client):
    client.force_login(trained_alice)
    row = ReaderRecommendations.objects.get(user=trained_alice)
    paper = row.paper_ids[0]
    public_id = Paper.objects.get(pk=paper).public_id

    response = client.post(reverse("recommend:dismiss", args=[public_id]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content == b""
    assert Dismissal.objects.filter(user=trained_alice, paper_id=paper).exists()
    assert f'id="rec-{paper}"' not in client.get(reverse("recommend:for-you")).content.decode()


def test_dismiss_without_htmx_redirects_back(trained_alice, client):
    client.force_login(trained_alice)
    paper_id = ReaderRecommendations.objects.get(user=trained_alice).paper_ids[0]

    response = client.post(
        reverse("recommend:dismiss", args=[Paper.objects.get(pk=paper_id).public_id])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("recommend:for-you")


def test_the_weight_is_kept(trained_alice, client):
    client.force_login(trained_alice)

    response = client.post(reverse("recommend:weight"), {"trending": "70"})

    assert response.status_code == 302
    assert ReaderRecommendations.objects.get(user=trained_alice).trending_weight == pytest.approx(
        0.7
    )


@pytest.mark.parametrize("value", ["", "abc", "-1", "101", "0.5e9"])
def test_a_bad_weight_is_a_400_naming_the_field(alice, client, value):
    client.force_login(alice)

    response = client.post(reverse("recommend:weight"), {"trending": value})

    assert response.status_code == 400
    assert "trending" in response.content.decode()
    assert not ReaderRecommendations.objects.filter(user=alice).exists()


def test_retraining_after_new_votes_is_queued_once(
    trained_alice, labelled_papers, client, django_capture_on_commit_callbacks
):
    vote_cast(user=trained_alice, paper=titled(labelled_papers, "Atom: Low-bit")[0])
    client.force_login(trained_alice)

    with django_capture_on_commit_callbacks() as callbacks:
        client.get(reverse("recommend:for-you"))
        client.get(reverse("recommend:for-you"))

    assert len(callbacks) == 1


def test_train_task_is_routed_to_the_recommend_queue():
    from papers_site.celery import app

    assert app.amqp.router.route({}, train_reader.name)["queue"].name == "recommend"


def test_a_warm_for_you_page_is_kept_for_its_reader_in_a_few_queries(
    trained_alice, client, django_assert_max_num_queries
):
    client.force_login(trained_alice)
    first = client.get(reverse("recommend:for-you")).content.decode()

    # the user; the kept ranking's stamp, votes, list items, dismissals and follows at once;
    # the cards' counts and votes; the lists holding them
    with django_assert_max_num_queries(4):
        second = client.get(reverse("recommend:for-you")).content.decode()

    assert second.count('class="recommendation"') == 25
    assert strip_tokens(second) == strip_tokens(first)


def test_each_change_of_the_readers_shows_at_once_on_the_kept_page(trained_alice, client):
    client.force_login(trained_alice)
    first = client.get(reverse("recommend:for-you")).content.decode()
    dismissed, voted = ReaderRecommendations.objects.get(user=trained_alice).paper_ids[:2]
    assert f'id="rec-{dismissed}"' in first
    assert f'id="rec-{voted}"' in first

    Dismissal.objects.create(user=trained_alice, paper_id=dismissed)  # no service, no bump
    after_dismissal = client.get(reverse("recommend:for-you")).content.decode()
    vote_cast(user=trained_alice, paper=Paper.objects.get(pk=voted))
    after_vote = client.get(reverse("recommend:for-you")).content.decode()

    assert f'id="rec-{dismissed}"' not in after_dismissal
    assert f'id="rec-{voted}"' in after_dismissal
    assert f'id="rec-{voted}"' not in after_vote  # an upvoted paper is not recommended back
    assert "being learned" in after_vote


def test_another_reader_never_gets_the_page_kept_for_alice(trained_alice, bob, client):
    client.force_login(trained_alice)
    assert "Similar to" in client.get(reverse("recommend:for-you")).content.decode()

    client.force_login(bob)
    bobs = client.get(reverse("recommend:for-you")).content.decode()

    assert "Similar to" not in bobs
    assert 'data-for-you-mode="trending"' in bobs
    assert ">Bob<" in bobs
