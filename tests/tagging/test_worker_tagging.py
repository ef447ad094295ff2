import time
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings

from apps.ingest.tasks import ingest_demo_listing
from apps.papers.models import Paper, PaperTag
from apps.tagging.models import PaperTagging

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_new_papers_are_tagged_by_the_worker_after_ingest(celery_worker_process):
    # A transactional test's flush took the taxonomy and rules the migrations seeded.
    import_module("apps.tagging.migrations.0003_seed_taxonomy_rules").seed(django_apps, None)
    ingest_demo_listing.delay(str(settings.DEMO_LISTING_PATH)).get(timeout=60)

    deadline = time.monotonic() + 90
    while PaperTagging.objects.count() < Paper.objects.count() and time.monotonic() < deadline:
        time.sleep(0.5)

    assert PaperTagging.objects.count() == Paper.objects.count() == 201
    assert PaperTag.objects.filter(origin="rule").count() > 100
    assert Paper.objects.exclude(keyphrases=[]).count() > 150
