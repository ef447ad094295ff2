"""A "for you" digest holds the recommender's papers for its reader, not trending ones."""

import pytest
from django.utils import timezone

from apps.digest.content import digest_papers
from apps.digest.models import Subscription
from apps.papers.votes import vote_cast
from apps.recommend.foryou import reader_train
from tests.recommend.conftest import labelled_papers, titled  # noqa: F401  (a fixture)

from .conftest import verified_reader

pytestmark = pytest.mark.django_db

MULTIMODAL = ["TinyGPT-V", "VITA: Towards Open-Source", "Mipha: A Comprehensive"]


def test_a_for_you_digest_leads_with_the_readers_topic_and_leaves_out_what_they_upvoted(
    labelled_papers,  # noqa: F811
):
    subscription = verified_reader(
        "mira", content=Subscription.Content.FOR_YOU, frequency=Subscription.Frequency.DAILY
    )
    upvoted = {titled(labelled_papers, start)[0] for start in MULTIMODAL}
    for paper in upvoted:
        vote_cast(user=subscription.user, paper=paper)
    reader_train(user_id=subscription.user.pk)
    tags_by_id = {paper.pk: tags for paper, tags in labelled_papers.values()}

    papers = digest_papers(subscription=subscription, digest_date=timezone.localdate(), limit=10)

    assert len(papers) == 10
    assert not upvoted & set(papers)
    assert all("multimodal" in tags_by_id[paper.pk] for paper in papers[:5])


def test_a_for_you_digest_of_a_reader_with_no_history_and_no_topics_is_empty(
    labelled_papers,  # noqa: F811
):
    subscription = verified_reader("nobody", content=Subscription.Content.FOR_YOU)

    assert digest_papers(subscription=subscription, digest_date=timezone.localdate()) == []
