"""Many readers voting at once on real PostgreSQL: the shown count stays exact."""

import random
import threading

import pytest
from django.db import connection

from apps.papers.models import Vote
from apps.papers.votes import vote_cast, vote_remove
from tests.factories import PaperFactory, UserFactory

THREADS = 32
ROUNDS = 6


@pytest.fixture
def pool_for_every_thread():
    """Let each thread hold its own PostgreSQL connection at once (the pool keeps 10)."""
    pool = connection.pool  # None unless DATABASE_POOL is on
    if pool is None:
        yield
        return
    min_size, max_size = pool.min_size, pool.max_size
    pool.resize(min_size, max(max_size, THREADS + 2))
    yield
    pool.resize(min_size, max_size)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("pool_for_every_thread")
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
    assert 0 < paper.vote_count < THREADS
