import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import PaperFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "papers", "curation", "ingest", "digest")


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_in_the_admin():
    missing = [m.__name__ for m in project_models() if not admin.site.is_registered(m)]

    assert missing == []


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m.__name__)
def test_changelist_with_search_and_filters_loads(client, model):
    PaperFactory(authors=["Ada Lovelace"])
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Ada"}).status_code == 200
