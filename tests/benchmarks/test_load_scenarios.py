"""The load benchmark's sample, users and scenario table, against the site itself."""

import random

import pytest
from allauth.account.models import EmailAddress

from apps.accounts.models import User
from apps.benchmarks.load import database, server
from apps.benchmarks.load.scenarios import SCENARIOS
from apps.papers.models import Paper, Tag, TagFollow, Vote
from apps.papers.votes import vote_cast

from .conftest import PASSWORD, send

pytestmark = pytest.mark.django_db


def test_the_sample_offers_rare_and_medium_words_and_phrases_without_stop_words(titled_papers):
    sample = database.sample_pick(rng=random.Random(1), common_query="large language models")

    assert set(sample["rare_words"]) == {
        "speculative", "decoding", "quantization", "zebrafish", "annotators", "retrieval",
    }  # fmt: skip
    assert set(sample["medium_words"]) == {"sparse", "attention", "long", "context"}
    assert set(sample["phrases"]) == {
        "large language", "language models", "sparse attention", "long context",
    }  # fmt: skip
    assert sample["days"] == [titled_papers[0].listed_on.isoformat()]
    assert len(sample["weeks"]) == 1
    assert sample["months"] == [titled_papers[0].listed_on.strftime("%Y-%m")]
    assert sorted(sample["papers"]) == sorted(p.arxiv_id for p in titled_papers)
    assert sample["tags"] == ["efficient-inference"]


def test_a_scenario_the_database_cannot_feed_says_what_is_missing(titled_papers):
    Paper.objects.all().delete()

    sample = database.sample_pick(rng=random.Random(1), common_query="large language models")

    assert SCENARIOS["tag"].missing(sample) == ["tags"]
    assert SCENARIOS["daily"].missing(sample) == ["days"]
    assert SCENARIOS["search-common"].missing(sample) == []


def test_bench_users_are_made_once_with_a_verified_address():
    first = database.bench_users_ensure(2, PASSWORD)
    again = database.bench_users_ensure(2, PASSWORD)

    assert first == again == ["bench-user-1", "bench-user-2"]
    assert EmailAddress.objects.filter(user__username__in=first, verified=True).count() == 2


def test_every_scenario_asks_for_something_the_site_answers(
    live_server, titled_papers, fresh_rate_limits
):
    sample = database.sample_pick(rng=random.Random(1), common_query="large language models")
    (username,) = database.bench_users_ensure(1, PASSWORD)
    database.bench_curators_grant([username])  # the /curate/ scenarios
    session = server.sign_in(live_server.url, username, PASSWORD)
    rng = random.Random(2)

    for name, scenario in SCENARIOS.items():
        for _ in range(3):
            request = scenario.build(sample, session if scenario.signed_in else None, rng)
            assert send(live_server.url, request) == 200, (name, request.method, request.path)


def test_bench_users_follow_sample_tags_so_my_topics_lists_papers(titled_papers, client):
    sample = database.sample_pick(rng=random.Random(1), common_query="large language models")
    usernames = database.bench_users_ensure(2, PASSWORD)
    TagFollow.objects.create(
        user=User.objects.get(username=usernames[0]),
        tag=Tag.objects.create(slug="not-in-the-sample", name="Other"),
    )

    follows = database.bench_follows_set(usernames, sample["tags"], random.Random(3))
    again = database.bench_follows_set(usernames, sample["tags"], random.Random(3))

    followed = set(TagFollow.objects.values_list("user__username", "tag__slug"))
    assert follows == again == 2
    assert followed == {(name, "efficient-inference") for name in usernames}
    client.force_login(User.objects.get(username=usernames[0]))
    page = client.get(f"/papers/{sample['days'][0]}", {"topics": "mine"}).content.decode()
    tagged = Paper.objects.filter(tags__slug="efficient-inference")
    assert tagged
    assert all(f'id="p{paper.pk}"' in page for paper in tagged)


def test_signing_in_with_another_password_is_an_error_saying_so(live_server, fresh_rate_limits):
    (username,) = database.bench_users_ensure(1, PASSWORD)

    with pytest.raises(server.BenchError, match="another --password"):
        server.sign_in(live_server.url, username, "not the password")


def test_taking_back_the_bench_votes_keeps_counts_exact(titled_papers, alice):
    (username,) = database.bench_users_ensure(1, PASSWORD)
    bench = type(alice).objects.get(username=username)
    for paper in titled_papers[:2]:
        vote_cast(user=bench, paper=paper)
    vote_cast(user=alice, paper=titled_papers[0])

    assert database.bench_votes_clear() == 2

    assert list(Vote.objects.values_list("user__username", flat=True)) == ["alice"]
    assert [p.vote_count for p in Paper.objects.order_by("id")] == [1, 0, 0, 0, 0]


def test_the_tag_preview_scenario_tests_a_keyword_rule_as_htmx_does(titled_papers):
    sample = database.sample_pick(rng=random.Random(1), common_query="large language models")
    session = {"username": "u", "cookie": "sessionid=x", "csrf_token": "t"}

    request = SCENARIOS["curate-tag-preview"].build(sample, session, random.Random(2))

    assert request.path.startswith("/curate/tags/efficient-inference/rules/preview?kind=keyword")
    assert any(f"pattern={word}&" in request.path for word in sample["medium_words"])
    assert request.headers == {"Cookie": "sessionid=x", "HX-Request": "true"}
