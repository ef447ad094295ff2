import pytest
from django.db import IntegrityError

from apps.papers.models import Paper, PaperTag
from tests.factories import PaperFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_blank_titles_are_refused_by_the_database():
    with pytest.raises(IntegrityError, match="paper_title_not_blank"):
        PaperFactory(title="   ", title_key="blank")


def test_arxiv_ids_are_unique_in_the_database():
    PaperFactory(arxiv_id="2401.00001")

    with pytest.raises(IntegrityError, match="arxiv_id"):
        PaperFactory(arxiv_id="2401.00001", short_id="pother")


def test_title_keys_are_unique_among_papers_without_arxiv_id():
    PaperFactory(arxiv_id=None, title="Same title")

    with pytest.raises(IntegrityError, match="paper_unique_title_key_without_arxiv_id"):
        PaperFactory(arxiv_id=None, title="Same title!", short_id="pother")


def test_a_tag_is_attached_to_a_paper_once():
    paper, tag = PaperFactory(), TagFactory()
    PaperTag.objects.create(paper=paper, tag=tag, origin=PaperTag.Origin.RULE)

    with pytest.raises(IntegrityError, match="papertag_unique_paper_tag"):
        PaperTag.objects.create(paper=paper, tag=tag, origin=PaperTag.Origin.STAFF)


def test_public_id_is_the_arxiv_id_or_else_the_short_id():
    with_arxiv = PaperFactory(arxiv_id="2401.00001")
    without = PaperFactory(arxiv_id=None)

    assert with_arxiv.public_id == "2401.00001"
    assert without.public_id == without.short_id
    assert without.short_id.startswith("p")
    assert Paper.objects.filter(short_id=without.public_id).exists()


def test_title_key_has_only_its_partial_unique_index():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'papers_paper' "
            "AND indexdef LIKE '%%(title_key%%'"
        )
        names = sorted(row[0] for row in cursor.fetchall())

    assert names == ["paper_unique_title_key_without_arxiv_id"]


def test_links_that_are_not_http_fall_back_to_arxiv():
    paper = PaperFactory(arxiv_id="2401.00001", pdf_url="javascript:alert(1)", abs_url="")
    stray = PaperFactory(arxiv_id=None, abs_url="JavaScript:alert(1)")

    assert paper.arxiv_pdf_url == "https://arxiv.org/pdf/2401.00001"
    assert paper.arxiv_abs_url == "https://arxiv.org/abs/2401.00001"
    assert stray.arxiv_abs_url == ""


def test_a_short_title_labels_buttons_in_80_characters_at_most():
    long = PaperFactory.build(title="Scaling " * 20)
    short = PaperFactory.build(title="Attention Is All You Need")

    assert len(long.short_title) == 80
    assert long.short_title.endswith("…")
    assert long.title.startswith(long.short_title[:-1])
    assert short.short_title == "Attention Is All You Need"
