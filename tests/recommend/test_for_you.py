from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.lists.models import ReadingList, ReadingListItem
from apps.papers.models import Tag, TagFollow, TrendingScore
from apps.papers.votes import vote_cast
from apps.recommend.foryou import reader_train
from apps.recommend.models import ReaderRecommendations
from apps.recommend.services import (
    _hottest_unseen,
    for_you,
    papers_for_you,
    recommendation_dismiss,
)
from tests.factories import PaperFactory

from .conftest import titled

pytestmark = pytest.mark.django_db

MULTIMODAL = ["TinyGPT-V", "VITA: Towards Open-Source", "Mipha: A Comprehensive"]


def _multimodal_reader(user, labelled_papers):
    for start in MULTIMODAL:
        vote_cast(user=user, paper=titled(labelled_papers, start)[0])
    reader_train(user_id=user.pk)


def test_a_reader_who_upvoted_three_multimodal_papers_gets_multimodal_first(alice, labelled_papers):
    tags_by_id = {p.pk: tags for p, tags in labelled_papers.values()}
    _multimodal_reader(alice, labelled_papers)

    page = for_you(user=alice)

    assert page.mode == "personal"
    top = [tags_by_id[item.paper.pk] for item in page.items[:5]]
    assert all("multimodal" in tags for tags in top)


def test_each_recommendation_says_why(alice, labelled_papers):
    _multimodal_reader(alice, labelled_papers)
    voted = {titled(labelled_papers, start)[0].pk for start in MULTIMODAL}

    item = for_you(user=alice).items[0]

    assert item.because is not None
    assert item.because.pk in voted
    assert item.terms
    assert all(isinstance(term, str) for term in item.terms)


def test_upvoted_papers_are_not_recommended_back(alice, labelled_papers):
    _multimodal_reader(alice, labelled_papers)
    voted = {titled(labelled_papers, start)[0].pk for start in MULTIMODAL}

    assert not voted & {item.paper.pk for item in for_you(user=alice).items}


def test_saved_papers_count_as_positives(alice, labelled_papers):
    tags_by_id = {p.pk: tags for p, tags in labelled_papers.values()}
    reading_list = ReadingList.objects.create(owner=alice, name="Later")
    for position, start in enumerate(
        ["Self Speculative", "Mixture of Attentions For Spec", "TriForce"]
    ):
        paper = titled(labelled_papers, start)[0]
        ReadingListItem.objects.create(reading_list=reading_list, paper=paper, position=position)
    reader_train(user_id=alice.pk)

    top = [tags_by_id[item.paper.pk] for item in for_you(user=alice).items[:3]]

    assert all("decoding-acceleration" in tags for tags in top)


def test_dismissed_papers_never_come_back(alice, labelled_papers):
    _multimodal_reader(alice, labelled_papers)
    first = for_you(user=alice).items[0].paper

    recommendation_dismiss(user=alice, paper=first)
    assert first.pk not in {
        item.paper.pk for item in for_you(user=alice).items
    }  # before retraining
    reader_train(user_id=alice.pk)

    assert first.pk not in {item.paper.pk for item in for_you(user=alice).items}
    assert first.pk not in ReaderRecommendations.objects.get(user=alice).paper_ids
    since = timezone.now() - timedelta(days=2)
    assert first not in papers_for_you(user=alice, since=since, limit=50)


def _hot_paper_for(user, labelled_papers, weight):
    """A paper far from the reader's taste that trends strongly; the reader's weight set."""
    _multimodal_reader(user, labelled_papers)
    hot = titled(labelled_papers, "Atom: Low-bit")[0]
    TrendingScore.objects.create(
        span="7d", paper=hot, recent_votes=50, score=99.0, computed_at=timezone.now()
    )
    ReaderRecommendations.objects.filter(user=user).update(trending_weight=weight)
    return hot


def _shown(user, top=25):
    return {item.paper.pk for item in for_you(user=user).items[:top]}


def test_dismissed_trending_paper_stays_away_too(alice, labelled_papers):
    hot = _hot_paper_for(alice, labelled_papers, 1.0)
    assert hot.pk in _shown(alice)

    recommendation_dismiss(user=alice, paper=hot)

    assert hot.pk not in _shown(alice)


def test_without_trending_weight_a_hot_paper_far_from_the_reader_stays_low(alice, labelled_papers):
    hot = _hot_paper_for(alice, labelled_papers, 0.0)

    assert hot.pk not in _shown(alice, top=5)


def test_a_high_trending_weight_puts_the_hot_paper_first(alice, labelled_papers):
    hot = _hot_paper_for(alice, labelled_papers, 0.9)

    assert for_you(user=alice).items[0].paper == hot


def test_a_reader_with_no_history_gets_trending_in_followed_topics(alice, bob, client):
    topic = Tag.objects.get(slug="multimodal")  # the taxonomy the tagging migration seeds
    followed = PaperFactory(title="A vision-language model")
    followed.paper_tags.create(tag=topic, origin="staff")
    elsewhere = PaperFactory(title="A hot paper in another topic")
    for paper in (followed, elsewhere):
        vote_cast(user=bob, paper=paper)
    TagFollow.objects.create(user=alice, tag=topic)
    client.force_login(alice)

    body = client.get(reverse("recommend:for-you")).content.decode()

    assert "trending papers in the topics you follow" in body
    assert followed.title in body
    assert elsewhere.title not in body


def test_no_reader_sees_another_readers_private_lists_or_votes(alice, bob, labelled_papers, client):
    """Bob's private list and votes train Bob's model only: nothing on Alice's page comes
    from them, and every "similar to X you saved" names one of Alice's own papers."""
    secret = titled(labelled_papers, "TriForce")[0]
    private = ReadingList.objects.create(owner=bob, name="Bob's secret list", visibility="private")
    ReadingListItem.objects.create(reading_list=private, paper=secret, position=0)
    vote_cast(user=bob, paper=titled(labelled_papers, "Self Speculative")[0])
    reader_train(user_id=bob.pk)
    _multimodal_reader(alice, labelled_papers)
    own = {titled(labelled_papers, start)[0].pk for start in MULTIMODAL}
    client.force_login(alice)

    body = client.get(reverse("recommend:for-you")).content.decode()

    assert {item.because.pk for item in for_you(user=alice).items if item.because} <= own
    assert {r["because"] for r in ReaderRecommendations.objects.get(user=alice).reasons} <= own
    named = {part.split('"')[1] for part in body.split("Similar to <a href=")[1:]}
    assert named
    assert secret.get_absolute_url() not in named
    assert "Bob&#x27;s secret list" not in body
    assert "Bob's secret list" not in body


def test_the_trending_side_skips_a_busy_readers_history_past_the_first_slices(db):
    papers = PaperFactory.create_batch(100)
    TrendingScore.objects.bulk_create(
        TrendingScore(paper=paper, span="7d", score=1000 - n, recent_votes=1,
                      computed_at=timezone.now())
        for n, paper in enumerate(papers)
    )  # fmt: skip
    seen = {paper.pk for paper in papers[:70]}  # the 70 hottest: voted, saved or dismissed

    hottest = _hottest_unseen(seen, 20)

    assert [pid for pid, _ in hottest] == [paper.pk for paper in papers[70:90]]
