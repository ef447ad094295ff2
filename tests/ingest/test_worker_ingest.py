import pytest
from django.conf import settings

from apps.ingest.tasks import ingest_demo_listing
from apps.papers.models import Paper

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_demo_ingest_twice_through_a_real_worker_creates_201_papers(celery_worker_process):
    path = str(settings.DEMO_LISTING_PATH)

    first = ingest_demo_listing.delay(path).get(timeout=60)
    second = ingest_demo_listing.delay(path).get(timeout=60)

    assert (first["created"], first["rejected"]) == (201, 0)
    assert (second["created"], second["unchanged"]) == (0, 201)
    assert Paper.objects.count() == 201
    assert Paper.objects.values("title_key").distinct().count() == 201
