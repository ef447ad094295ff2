"""Many readers voting at once on real PostgreSQL: the shown count stays exact."""

import random
import threading

import pytest
from django.db import connection

from apps.papers.models import Paper, Vote
from apps.papers.votes import vote_cast, vote_remove
from tests.factories import PaperFactory, UserFactory

THREADS = 32
ROUNDS = 6


@pytest.mark.django_db(transaction=True)
def test_32_threads_voting_and_unvoting_leave_an_exact_count():
    paper = PaperFactory()
    users = [UserFactory(username=f"reader{n}") for n in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def reader(user, seed: int) -> None:
        rng = random.Random(seed)
        try:
            barrier.wait(timeout=30)
            for _ in range(ROUNDS):
                vote_cast(user=user, paper=paper)
                if rng.random() < 0.5:
                    vote_cast(user=user, paper=paper)  # a double click
                vote_remove(user=user, paper=paper)
            if rng.random() < 0.5:
                vote_cast(user=user, paper=paper)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, args=(u, n)) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    paper.refresh_from_db()
    assert paper.vote_count == Vote.objects.filter(paper=paper).count()
    assert 0 < paper.vote_count < THREADS or THREADS == 0
    assert Paper.objects.get(pk=paper.pk).vote_count == paper.vote_count
