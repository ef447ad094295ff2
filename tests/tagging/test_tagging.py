"""Rules, the learned tagger, applying suggestions, staff decisions, keyphrases and links."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from apps.papers.models import Paper, PaperTag, Tag
from apps.tagging.decisions import paper_tag_add, paper_tag_remove
from apps.tagging.engine.keyphrases import keyphrases
from apps.tagging.engine.learner import Example
from apps.tagging.engine.links import find_links
from apps.tagging.engine.rules import Rule, RuleSet
from apps.tagging.models import TaggerVersion, TagRule, TagSuggestion
from apps.tagging.services import papers_tags_apply, retag_run_start, retag_run_step
from apps.tagging.training import tagger_current, tagger_train, training_examples
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

SMALL_SET = [
    Example("Speculative decoding with a tiny draft model", "We accelerate decoding.",
            frozenset({"decoding-acceleration"})),
    Example("Faster generation by draft-and-verify", "Speculative sampling for LLM inference.",
            frozenset({"decoding-acceleration"})),
    Example("4-bit quantization of LLM weights", "Post-training quantization with outliers.",
            frozenset({"quantization-compression"})),
    Example("Pruning and low-bit compression", "We quantize and prune large models.",
            frozenset({"quantization-compression"})),
    Example("A vision-language assistant", "A multimodal model for images and video.",
            frozenset({"multimodal"})),
    Example("Audio and video understanding with one MLLM", "An omni multimodal model.",
            frozenset({"multimodal"})),
]  # fmt: skip


def test_a_title_match_counts_its_title_weight():
    rule = Rule(tag="multimodal", kind="keyword", pattern="video", weight=1.0, title_weight=3.0)

    assert rule.score("Video models", "nothing") == 3.0
    assert rule.score("Nothing", "on video") == 1.0
    assert rule.score("Nothing", "on videos") == 0.0  # a keyword is a whole word


def test_phrases_allow_hyphens_and_regexes_ignore_case():
    rules = RuleSet(
        [
            Rule(tag="a", kind="phrase", pattern="mixture of experts"),
            Rule(tag="b", kind="regex", pattern=r"quantiz"),
        ]
    )

    assert set(rules.evidence("A Mixture-of-Experts model", "QUANTIZED weights")) == {"a", "b"}


def test_rules_tag_papers_and_a_title_match_outweighs_an_abstract_one():
    TagRule.objects.all().delete()
    tag = Tag.objects.get(slug="telecom")
    TagRule.objects.create(tag=tag, kind="keyword", pattern="O-RAN", weight=1.0, title_weight=3.0)
    in_title = PaperFactory(title="LLMs for O-RAN", abstract="A study.")
    in_abstract = PaperFactory(title="A study", abstract="Applied to O-RAN.")

    papers_tags_apply(paper_ids=[in_title.pk, in_abstract.pk])

    applied = PaperTag.objects.get(paper=in_title, tag=tag)
    assert applied.origin == "rule"
    assert applied.confidence > 0.5
    pending = TagSuggestion.objects.get(paper=in_abstract, tag=tag)
    assert pending.state == "pending"
    assert pending.confidence < applied.confidence
    assert not PaperTag.objects.filter(paper=in_abstract).exists()  # readers never see it


def test_a_staff_removed_tag_stays_removed_after_retagging(curator):
    paper = PaperFactory(title="Speculative decoding for LLM serving", abstract="Draft tokens.")
    papers_tags_apply(paper_ids=[paper.pk])
    tag = Tag.objects.get(slug="decoding-acceleration")
    assert PaperTag.objects.filter(paper=paper, tag=tag).exists()

    paper_tag_remove(paper=paper, tag=tag, user=curator)
    papers_tags_apply(paper_ids=[paper.pk])

    assert not PaperTag.objects.filter(paper=paper, tag=tag).exists()
    assert TagSuggestion.objects.get(paper=paper, tag=tag).state == "rejected"


def test_retagging_twice_changes_nothing():
    papers = [
        PaperFactory(title="Speculative decoding", abstract="See https://github.com/org/repo."),
        PaperFactory(title="A survey of multimodal LLMs", abstract="We review vision models."),
    ]
    papers_tags_apply(paper_ids=[p.pk for p in papers])

    def state():
        return (
            sorted(PaperTag.objects.values_list("paper_id", "tag_id", "origin", "confidence")),
            sorted(TagSuggestion.objects.values_list("paper_id", "tag_id", "state", "confidence")),
            sorted(Paper.objects.values_list("pk", "keyphrases", "resource_links")),
        )

    first = state()
    counts = papers_tags_apply(paper_ids=[p.pk for p in papers])
    run = retag_run_start()
    while retag_run_step(run_id=run.pk, batch_size=1):
        pass

    assert state() == first
    assert counts.changed_papers == []
    assert Paper.objects.get(pk=papers[0].pk).code_url == "https://github.com/org/repo"


def test_training_stores_a_version_with_its_scores_and_keeps_a_worse_one_out():
    first = tagger_train(examples=SMALL_SET, folds=2)
    assert first.active
    assert first.training_papers == len(SMALL_SET)
    assert set(first.scores) >= {"micro", "macro_f1", "per_tag"}
    TaggerVersion.objects.filter(pk=first.pk).update(scores={"micro": {"f1": 1.1}})

    second = tagger_train(examples=SMALL_SET, folds=2)

    second.refresh_from_db()
    assert not second.active  # worse than the one in use: never switched in silently
    assert TaggerVersion.objects.active().pk == first.pk


def test_a_rejection_lowers_the_suggestion_next_time(curator):
    paper = PaperFactory(title="Speculative decoding of video", abstract="Multimodal drafts.")
    paper_tag_add(paper=paper, tag=Tag.objects.get(slug="multimodal"), user=curator)
    tagger_train(
        examples=[*SMALL_SET, *training_examples(labelled=None)], folds=0, activate="always"
    )
    before = tagger_current()[1].scores([(paper.title, paper.abstract)])[0]["decoding-acceleration"]

    paper_tag_remove(paper=paper, tag=Tag.objects.get(slug="decoding-acceleration"), user=curator)
    # The rejection is a negative example for the next version.
    tagger_train(
        examples=[*SMALL_SET, *training_examples(labelled=None)], folds=0, activate="always"
    )

    after = tagger_current()[1].scores([(paper.title, paper.abstract)])[0]["decoding-acceleration"]
    assert after < before


def test_suggest_is_deterministic_for_a_version(tmp_path):
    tagger_train(examples=SMALL_SET, folds=0, activate="always")
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"title": "Draft-and-verify decoding", "abstract": "Speculative."}) + "\n"
        + json.dumps({"title": "Ternary weights", "abstract": "1-bit quantization."}) + "\n"
    )  # fmt: skip

    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("tags", "suggest", "--input", str(source), stdout=out)
        outputs.append(out.getvalue())

    lines = [json.loads(line) for line in outputs[0].splitlines()]
    assert outputs[0] == outputs[1]
    assert lines[0]["tags"] == ["decoding-acceleration"]
    assert "quantization-compression" in lines[1]["tags"]
    assert set(lines[0]["scores"]) == set(Tag.objects.values_list("slug", flat=True))
    assert not Paper.objects.exists()


def test_evaluate_reports_cross_validated_scores(tmp_path):
    source = tmp_path / "labelled.jsonl"
    source.write_text("\n".join(json.dumps(e.__dict__ | {"tags": sorted(e.tags), "rejected": []})
                                for e in SMALL_SET))  # fmt: skip
    out = StringIO()

    call_command("tags", "evaluate", str(source), "--folds", "2", stdout=out)

    assert "6 papers, 2-fold x 1: micro P" in out.getvalue()
    assert "macro-F1" in out.getvalue()


def test_keyphrases_are_names_and_methods_from_the_text():
    found = keyphrases(
        "Speculative Decoding for LLaMA-2",
        "We evaluate on MMLU with speculative decoding and LLaMA-2; code at https://x.io/abc123.",
    )

    assert {"LLaMA-2", "MMLU", "speculative decoding"} <= set(found)
    assert len(found) <= 8
    assert not any("abc123" in phrase for phrase in found)


def test_links_are_typed():
    links = find_links(
        "Code: https://github.com/org/repo. Weights https://huggingface.co/org/model-7b,",
        "Data at https://huggingface.co/datasets/org/set and https://org.github.io/site",
    )

    assert [(link.kind, link.url) for link in links] == [
        ("code", "https://github.com/org/repo"),
        ("model", "https://huggingface.co/org/model-7b"),
        ("dataset", "https://huggingface.co/datasets/org/set"),
        ("project", "https://org.github.io/site"),
    ]
