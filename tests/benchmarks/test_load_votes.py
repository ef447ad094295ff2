"""The vote check after a load run, on votes cast through the site and the API."""

import random

import pytest

from apps.benchmarks.load import database, server
from apps.benchmarks.load.figures import vote_tally
from apps.benchmarks.load.scenarios import vote, vote_api
from apps.papers.models import Vote

from .conftest import PASSWORD, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted_run(live_server, titled_papers, fresh_rate_limits):
    """Two bench users voting and un-voting at random, recorded as the driver records."""
    sample = database.sample_pick(rng=random.Random(1), common_query="large language models")
    sessions = [
        server.sign_in(live_server.url, name, PASSWORD)
        for name in database.bench_users_ensure(2, PASSWORD)
    ]
    rng = random.Random(5)
    records = []
    for number in range(40):
        session = sessions[number % 2]
        request = (vote if number % 3 else vote_api)(sample, session, rng)
        status = send(live_server.url, request)
        records.append({"user": session["username"], "vote": list(request.vote), "status": status})
    return {"records": records}


def test_every_acknowledged_vote_is_found_and_counted(voted_run):
    check = database.vote_check(vote_tally([voted_run]))

    assert check["ok"] is True
    assert check["upvotes_acknowledged"] + check["removals_acknowledged"] == 40
    assert 0 < check["votes_expected"] == check["vote_rows"] == Vote.objects.count()
    assert check["papers_checked"] == 5


def test_a_lost_vote_and_a_count_that_no_longer_matches_are_reported(voted_run):
    Vote.objects.order_by("id").first().delete()  # behind the services' back

    check = database.vote_check(vote_tally([voted_run]))

    assert check["ok"] is False
    assert (check["missing"], check["unexpected"], check["papers_miscounted"]) == (1, 0, 1)
