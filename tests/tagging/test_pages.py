"""Readers see applied tags, links and keyphrases and follow tags; curators edit rules."""

import pytest
from django.contrib.auth.models import Group

from apps.papers.models import Paper, PaperTag, Tag, TagFollow
from apps.tagging.models import TagRule, TagSuggestion
from apps.tagging.training import ruleset_current
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curating(client, curator):
    curator.groups.add(Group.objects.get(name="curators"))
    client.force_login(curator)
    return client


@pytest.fixture
def tagged_paper():
    paper = PaperFactory(title="Speculative decoding for LLaMA-2", keyphrases=["LLaMA-2"])
    PaperTag.objects.create(paper=paper, tag=Tag.objects.get(slug="decoding-acceleration"),
                            origin="model", confidence=0.9)  # fmt: skip
    TagSuggestion.objects.create(paper=paper, tag=Tag.objects.get(slug="safety"), origin="model",
                                 confidence=0.3)  # fmt: skip
    Paper.objects.filter(pk=paper.pk).update(
        resource_links=[{"kind": "code", "url": "https://github.com/org/repo"}]
    )
    return paper


def test_the_paper_page_shows_applied_tags_links_and_keyphrases_only(client, tagged_paper):
    html = client.get(tagged_paper.get_absolute_url()).content.decode()

    assert "Decoding Acceleration" in html
    assert "/tags/decoding-acceleration" in html
    assert "Safety" not in html  # a pending suggestion
    assert 'href="https://github.com/org/repo"' in html
    assert ">Code<" in html
    assert "LLaMA-2" in html


def test_cards_show_the_code_button(client, tagged_paper, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        html = client.get("/tags/decoding-acceleration").content.decode()

    assert 'href="https://github.com/org/repo"' in html


def test_the_api_gives_typed_links_and_keyphrases(client, tagged_paper):
    item = client.get(f"/api/v1/papers/{tagged_paper.public_id}/").json()

    assert item["links"]["code"] == "https://github.com/org/repo"
    assert item["links"]["dataset"] is None
    assert item["keyphrases"] == ["LLaMA-2"]
    assert [tag["slug"] for tag in item["tags"]] == ["decoding-acceleration"]


def test_the_hf_api_gives_the_github_repo(client, tagged_paper):
    item = client.get(f"/api/papers/{tagged_paper.public_id}").json()

    assert item["githubRepo"] == "https://github.com/org/repo"


def test_a_reader_follows_and_unfollows_a_tag_with_htmx(client, alice):
    client.force_login(alice)
    headers = {"HX-Request": "true"}

    followed = client.post("/tags/multimodal/follow", {"follow": "1"}, headers=headers)
    assert followed.status_code == 200
    assert "Following" in followed.content.decode()
    assert TagFollow.objects.filter(user=alice, tag__slug="multimodal").exists()

    client.post("/tags/multimodal/follow", {"follow": "0"}, headers=headers)
    assert not TagFollow.objects.filter(user=alice).exists()


def test_a_curator_adds_a_rule_and_a_bad_regex_is_refused(curating):
    added = curating.post("/curate/tags/telecom/rules",
                          {"kind": "phrase", "pattern": "radio network", "weight": 1,
                           "title_weight": 2})  # fmt: skip
    bad = curating.post(
        "/curate/tags/telecom/rules",
        {"kind": "regex", "pattern": "(", "weight": 1, "title_weight": 2},
    )

    assert added.status_code == 302
    assert TagRule.objects.filter(tag__slug="telecom", pattern="radio network").exists()
    assert bad.status_code == 400
    assert "Not a valid regular expression" in bad.content.decode()


def test_a_curator_edits_a_rules_weight_and_the_tagger_uses_it(curating):
    rule = TagRule.objects.create(tag=Tag.objects.get(slug="telecom"), kind="phrase",
                                  pattern="radio network", weight=1.0)  # fmt: skip
    other = TagRule.objects.create(tag=rule.tag, kind="keyword", pattern="O-RAN")

    page = curating.get(f"/curate/tags/rules/{rule.pk}/edit")
    saved = curating.post(f"/curate/tags/rules/{rule.pk}/edit",
                          {"kind": "phrase", "pattern": "radio access network", "weight": 2.5,
                           "title_weight": 3})  # fmt: skip
    clash = curating.post(f"/curate/tags/rules/{rule.pk}/edit",
                          {"kind": "keyword", "pattern": "O-RAN", "weight": 1,
                           "title_weight": 2})  # fmt: skip

    assert page.status_code == 200
    assert "radio network" in page.content.decode()
    assert saved.status_code == 302
    rule.refresh_from_db()
    assert (rule.pattern, rule.weight, rule.title_weight) == ("radio access network", 2.5, 3)
    assert rule.updated_at is not None
    assert clash.status_code == 400
    assert "already has that rule" in clash.content.decode()
    in_use = {(r.pattern, r.weight, r.title_weight) for r in ruleset_current().rules}
    assert ("radio access network", 2.5, 3) in in_use
    assert not any(pattern == "radio network" for pattern, _, _ in in_use)
    assert TagRule.objects.filter(pk=other.pk, pattern="O-RAN").exists()


def test_testing_a_rule_lists_the_papers_it_would_tag(curating):
    PaperFactory(title="LLMs for O-RAN slicing")
    PaperFactory(title="Something else")

    response = curating.get("/curate/tags/telecom/rules/preview",
                            {"kind": "keyword", "pattern": "O-RAN", "weight": 1,
                             "title_weight": 2})  # fmt: skip

    html = response.content.decode()
    assert "LLMs for O-RAN slicing" in html
    assert "Something else" not in html
    assert "(title)" in html


BAD_REGEX = {"kind": "regex", "pattern": "(", "weight": 1, "title_weight": 2}


def test_testing_a_bad_regex_with_htmx_shows_the_error_with_200(curating):
    # htmx swaps no 4xx answer: a 400 would leave the curator looking at nothing.
    response = curating.get("/curate/tags/telecom/rules/preview", BAD_REGEX,
                            headers={"HX-Request": "true"})  # fmt: skip

    assert response.status_code == 200
    assert "Not a valid regular expression" in response.content.decode()


def test_testing_a_bad_regex_without_htmx_is_a_400(curating):
    response = curating.get("/curate/tags/telecom/rules/preview", BAD_REGEX)

    assert response.status_code == 400
    assert "Not a valid regular expression" in response.content.decode()


def test_my_topics_on_the_daily_page_shows_only_followed_tags(client, alice):
    followed = PaperFactory(title="A paper on multimodal models")
    other = PaperFactory(title="A paper on nothing followed")
    tag = Tag.objects.get(slug="multimodal")
    PaperTag.objects.create(paper=followed, tag=tag, origin="staff")
    TagFollow.objects.create(user=alice, tag=tag)
    client.force_login(alice)
    day = followed.listed_on.isoformat()

    mine = client.get(f"/papers/{day}?topics=mine").content.decode()
    everything = client.get(f"/papers/{day}").content.decode()

    assert followed.title in mine
    assert other.title not in mine
    assert other.title in everything
    assert "My topics" in everything
