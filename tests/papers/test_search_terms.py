"""Document frequencies of the search vectors' words (search.stats): counted in id order."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.papers.models import Paper, SearchCorpus, SearchTerm
from apps.papers.search.stats import search_terms_rebuild, search_terms_refresh
from apps.papers.tasks import count_search_terms
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def papers_with(lexeme):
    return SearchTerm.objects.filter(lexeme=lexeme).values_list("papers", flat=True).first()


def test_refresh_counts_each_word_once_per_paper():
    PaperFactory(title="Speculative decoding", abstract="Decoding, decoding and more decoding.")
    PaperFactory(title="Greedy decoding", abstract="A study.")
    PaperFactory(title="Kernels", abstract="Fast kernels.")

    assert search_terms_refresh() is True

    assert papers_with("decod") == 2
    assert papers_with("specul") == 1
    corpus = SearchCorpus.objects.get()
    assert corpus.papers == 3
    assert corpus.counted_through == Paper.objects.order_by("-id").first().id
    assert corpus.lexemes == sum(len(v.split()) for v in _vectors())


def test_a_second_refresh_counts_only_the_new_papers():
    PaperFactory(title="Speculative decoding")
    search_terms_refresh()
    search_terms_refresh()  # nothing new: nothing counted twice
    PaperFactory(title="Decoding at scale")

    search_terms_refresh()

    assert papers_with("decod") == 2
    assert SearchCorpus.objects.get().papers == 2


def test_refresh_goes_by_batches_and_resumes_after_its_budget():
    for n in range(5):
        PaperFactory(title=f"Decoding study {n}")

    assert search_terms_refresh(budget=0, batch_size=2) is False  # one batch, then out of time
    assert SearchCorpus.objects.get().papers == 2
    assert search_terms_refresh(batch_size=2) is True

    assert papers_with("decod") == 5


def test_rebuild_counts_updated_and_deleted_papers_as_they_are_now():
    kept = PaperFactory(title="Speculative decoding")
    gone = PaperFactory(title="Speculative sampling")
    search_terms_refresh()
    Paper.objects.filter(pk=kept.pk).update(title="Greedy decoding")
    gone.delete()

    search_terms_rebuild()

    assert papers_with("specul") is None
    assert papers_with("greedi") == 1
    assert SearchCorpus.objects.get().papers == 1


def _vectors():
    return [str(v) for v in Paper.objects.values_list("search_vector", flat=True)]


def test_the_command_counts_new_papers_or_rebuilds():
    paper = PaperFactory(title="Speculative decoding")
    out = StringIO()

    call_command("search_terms", stdout=out)
    Paper.objects.filter(pk=paper.pk).update(title="Greedy decoding")
    call_command("search_terms", "--rebuild", stdout=out)

    assert "1 papers counted" in out.getvalue()
    assert papers_with("specul") is None
    assert papers_with("greedi") == 1


def test_the_task_counts_new_papers_once_however_often_it_runs():
    PaperFactory(title="Speculative decoding")

    assert count_search_terms.apply().get() is True
    assert count_search_terms.apply().get() is True

    assert papers_with("specul") == 1
