import pytest
from django.urls import reverse

from apps.papers.models import Paper
from apps.recommend.history import similar_papers
from apps.recommend.models import PaperNeighbours, PaperVector
from apps.recommend.similar import recommend_refresh
from tests.factories import PaperFactory

from .conftest import titled

pytestmark = pytest.mark.django_db

SPECULATIVE = [
    "Self Speculative Decoding for Diffusion",
    "Mixture of Attentions For Speculative Decoding",
    "TriForce: Lossless Acceleration",
]


@pytest.mark.parametrize("start", SPECULATIVE)
def test_similar_papers_of_a_speculative_decoding_paper_are_about_decoding(labelled_papers, start):
    paper, _ = titled(labelled_papers, start)
    tags_by_id = {p.pk: tags for p, tags in labelled_papers.values()}

    top = [tags_by_id[pid] for pid, _ in similar_papers(paper)[:3]]

    assert all("decoding-acceleration" in tags for tags in top)


def test_similar_papers_of_a_multimodal_paper_are_multimodal(labelled_papers):
    paper, _ = titled(labelled_papers, "TinyGPT-V")
    tags_by_id = {p.pk: tags for p, tags in labelled_papers.values()}

    top = [tags_by_id[pid] for pid, _ in similar_papers(paper)[:5]]

    assert sum("multimodal" in tags for tags in top) >= 4


def test_every_paper_gets_ten_similar_papers_never_itself(labelled_papers):
    rows = PaperNeighbours.objects.all()

    assert rows.count() == len(labelled_papers)
    assert all(len(row.similar_ids) == 10 and row.paper_id not in row.similar_ids for row in rows)


def test_a_new_paper_gets_features_and_similar_papers_incrementally(labelled_papers):
    before = PaperVector.objects.values_list("computed_at", flat=True).order_by("paper_id")[0]
    new = PaperFactory(
        title="Speculative decoding with a small draft model",
        abstract="A draft model proposes tokens that the target model verifies in parallel: "
        "speculative decoding accelerates inference without changing the output distribution.",
    )

    assert recommend_refresh(budget=60)

    assert PaperVector.objects.filter(paper=new).exists()
    assert (
        PaperVector.objects.values_list("computed_at", flat=True).order_by("paper_id")[0] == before
    )
    tags_by_id = {p.pk: tags for p, tags in labelled_papers.values()}
    assert "decoding-acceleration" in tags_by_id[similar_papers(new)[0][0]]


def test_refresh_twice_changes_nothing(labelled_papers):
    rows = list(PaperNeighbours.objects.order_by("paper_id").values_list("similar_ids", flat=True))

    assert recommend_refresh(budget=60)

    assert (
        list(PaperNeighbours.objects.order_by("paper_id").values_list("similar_ids", flat=True))
        == rows
    )


def test_the_paper_page_lists_similar_papers_in_constant_queries(
    labelled_papers, client, django_assert_max_num_queries
):
    paper, _ = titled(labelled_papers, SPECULATIVE[0])
    first = Paper.objects.get(pk=similar_papers(paper)[0][0])

    with django_assert_max_num_queries(12):
        response = client.get(paper.get_absolute_url())

    assert response.status_code == 200
    assert "Similar papers" in response.content.decode()
    assert first.get_absolute_url() in response.content.decode()


def test_anonymous_paper_page_cache_shows_new_similar_papers(
    client, db, django_capture_on_commit_callbacks
):
    paper = PaperFactory(title="Speculative decoding draft verification", abstract="Draft tokens.")
    PaperFactory(title="Unrelated survey of graph databases", abstract="Graphs and storage.")
    twin = PaperFactory(title="Speculative decoding with draft trees", abstract="Draft trees.")
    assert twin.get_absolute_url() not in client.get(paper.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        recommend_refresh(budget=60)
    body = client.get(paper.get_absolute_url()).content.decode()

    assert twin.get_absolute_url() in body


def test_api_similar_answers_the_ten_papers_with_scores(labelled_papers, client):
    paper, _ = titled(labelled_papers, SPECULATIVE[1])

    response = client.get(reverse("api:paper-similar", args=[paper.public_id]))

    assert response.status_code == 200
    items = response.json()
    assert [item["id"] for item in items] == [
        Paper.objects.get(pk=pid).public_id for pid, _ in similar_papers(paper)
    ]
    assert items[0]["similarity"] >= items[-1]["similarity"]
    assert {"title", "abstract", "authors"} <= set(items[0])


def test_api_similar_of_an_unknown_paper_is_a_404(client, db):
    response = client.get("/api/v1/papers/2401.99999/similar/")

    assert response.status_code == 404


def test_api_similar_in_constant_queries(labelled_papers, client, django_assert_max_num_queries):
    paper, _ = titled(labelled_papers, SPECULATIVE[2])

    with django_assert_max_num_queries(10):
        response = client.get(reverse("api:paper-similar", args=[paper.public_id]))

    assert len(response.json()) == 10
