import pytest

from apps.papers.votes import vote_cast
from apps.recommend.models import ReaderRecommendations
from apps.recommend.tasks import refresh_recommendations, train_reader
from tests.factories import PaperFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_builds_features_and_trains_a_reader(celery_worker_process):
    vision = [
        PaperFactory(
            title=f"Vision-language model {i}", abstract="Images and text in one multimodal model."
        )
        for i in range(4)
    ]
    PaperFactory(title="Graph databases", abstract="Storage engines for graphs and their indexes.")
    reader = UserFactory(username="carol")
    for paper in vision[:2]:
        vote_cast(user=reader, paper=paper)

    assert refresh_recommendations.delay().get(timeout=120) is True
    kept = train_reader.delay(reader.pk).get(timeout=120)

    row = ReaderRecommendations.objects.get(user=reader)
    assert kept == len(row.paper_ids) >= 1
    assert row.paper_ids[0] in {vision[2].pk, vision[3].pk}
