import pytest

from apps.papers.models import Paper, PaperTag, Tag
from tests.factories import CategoryFactory, PaperFactory, TagFactory

from .helpers import assert_error

pytestmark = pytest.mark.django_db


def test_tags_with_published_paper_counts(api):
    Tag.objects.all().delete()  # the taxonomy the migrations seed
    llm = TagFactory(slug="llm", name="LLM", description="Large language models")
    TagFactory(slug="audio", name="Audio")
    for status in (Paper.Status.PUBLISHED, Paper.Status.PUBLISHED, Paper.Status.PENDING):
        PaperTag.objects.create(paper=PaperFactory(status=status), tag=llm, origin="rule")

    assert api.get("/api/v1/tags/").json() == [
        {"slug": "audio", "name": "Audio", "description": "", "paper_count": 0},
        {"slug": "llm", "name": "LLM", "description": "Large language models", "paper_count": 2},
    ]


def test_categories_with_published_paper_counts(api):
    cl = CategoryFactory(code="cs.CL", name="Computation and Language")
    PaperFactory(primary_category=cl).categories.add(cl)
    PaperFactory(status=Paper.Status.REJECTED, primary_category=cl).categories.add(cl)
    CategoryFactory(code="math.AG")

    assert api.get("/api/v1/categories/").json() == [
        {"code": "cs.CL", "name": "Computation and Language", "archive": "cs", "paper_count": 1},
        {"code": "math.AG", "name": "", "archive": "math", "paper_count": 0},
    ]


def test_me_describes_the_caller(client, alice, as_curator):
    client.force_login(alice)

    mine = client.get("/api/v1/me/").json()
    staff = as_curator.get("/api/v1/me/").json()

    assert mine["username"] == "alice"
    assert mine["display_name"] == "Alice"
    assert (mine["is_staff"], mine["auth"]) == (False, "session")
    assert (staff["is_staff"], staff["auth"]) == (True, "token")


def test_me_is_private(api):
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")
