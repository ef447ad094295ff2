"""'Test this rule': PostgreSQL narrows keyword and phrase rules first, and the papers
found are exactly those the rule's matcher finds reading every paper."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.tagging.engine.rules import Rule, required_fragments
from apps.tagging.preview import rule_preview_matches
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

TEXTS = [  # (title, abstract)
    ("Speculative decoding for LLaMA-2", "Draft models propose tokens."),
    ("A survey of inference", "We study speculative-decoding and SPECULATIVE  DECODING."),
    ("Decoding speculatively", "Not the phrase: speculatively decoding."),
    ("O-RAN slicing with LLMs", "Radio access networks."),
    ("Non-O-RAN baselines", "o-ran appears glued: xO-RAN and O-RANs."),
    ("KV cache compression", "kv cache eviction"),
    ("\u212av cache with a Kelvin sign", "\u017fpeculative decoding with a long s"),
    ("D\u0131stillation with a dotless i", "d\u0130stillation with a dotted capital I"),
    ("Nothing relevant here", "Vision transformers for images."),
    ("Title only: distillation", "Abstract without the word."),
    ("GPT-4o vs. C++ [baseline] (v1.5)", "cost: $5 ^ 2 | a*b {x} ? and a\\b, v1x5"),
]
RULES = [
    ("keyword", "O-RAN"),
    ("keyword", "kv cache"),
    ("keyword", "distillation"),
    ("keyword", "LLaMA-2"),
    ("phrase", "speculative decoding"),
    ("phrase", "kv-cache"),
    ("regex", r"speculativ\w*\s+decod"),
    ("regex", r"o-?ran\b"),
    ("keyword", "C++"),
    ("keyword", "v1.5"),
    ("keyword", "a*b {x} ?"),
    ("keyword", "a\\b"),
    ("phrase", "cost: $5 ^ 2 |"),
]


@pytest.fixture
def corpus():
    return [PaperFactory(title=title, abstract=abstract) for title, abstract in TEXTS]


def _found(rule, **kwargs):
    matches, looked = rule_preview_matches(rule, **kwargs)
    return [(m.paper.pk, m.score, m.in_title) for m in matches], looked


@pytest.mark.parametrize(("kind", "pattern"), RULES)
@pytest.mark.parametrize("papers", [2000, 6])
def test_the_prefiltered_preview_finds_exactly_what_reading_every_paper_finds(
    corpus, kind, pattern, papers
):
    rule = Rule(tag="t", kind=kind, pattern=pattern, weight=1.5, title_weight=3)

    assert _found(rule, papers=papers) == _found(rule, papers=papers, prefilter=False)


def test_title_matches_weigh_more_and_are_marked_newest_first(corpus):
    rule = Rule(tag="t", kind="phrase", pattern="speculative decoding", weight=1.5, title_weight=3)
    even = Rule(tag="t", kind="phrase", pattern="speculative decoding", title_weight=1)

    matches, looked = rule_preview_matches(rule)

    assert looked == len(TEXTS)
    assert [(m.paper, m.score, m.in_title) for m in matches] == [
        (corpus[6], 1.5, False),  # its abstract's long s: Python's IGNORECASE
        (corpus[1], 1.5, False),
        (corpus[0], 4.5, True),
    ]
    assert rule_preview_matches(even)[0][-1].in_title  # marked when it weighs no more


def test_the_kelvin_sign_and_the_long_s_still_match_as_python_matches_them(corpus):
    kv = Rule(tag="t", kind="keyword", pattern="kv cache")
    phrase = Rule(tag="t", kind="phrase", pattern="speculative decoding")

    kv_titles = {m.paper.title for m in rule_preview_matches(kv)[0]}
    phrase_titles = {m.paper.title for m in rule_preview_matches(phrase)[0]}

    assert kv_titles == {"KV cache compression", "\u212av cache with a Kelvin sign"}
    assert "\u212av cache with a Kelvin sign" in phrase_titles  # its abstract's long s
    assert "Decoding speculatively" not in phrase_titles


def test_fragments_leave_out_letters_python_matches_beyond_ascii():
    assert required_fragments("keyword", " O-RAN ") == ["O-RAN"]
    assert required_fragments("keyword", "kv cache") == ["v cache"]
    assert required_fragments("phrase", "speculative decoding") == ["peculat", "decod"]
    assert required_fragments("phrase", "Ölçek") == ["l"]
    assert required_fragments("keyword", "sikI") == []
    assert required_fragments("regex", "o-?ran") == []


def test_only_keyword_and_phrase_rules_are_narrowed_in_sql(corpus):
    keyword = Rule(tag="t", kind="keyword", pattern="O-RAN")
    regex = Rule(tag="t", kind="regex", pattern="o-?ran")

    with CaptureQueriesContext(connection) as narrowed:
        rule_preview_matches(keyword)
    with CaptureQueriesContext(connection) as full:
        rule_preview_matches(regex)

    assert "~*" in narrowed[-1]["sql"]
    assert "~*" not in full[-1]["sql"]


@pytest.mark.parametrize("pattern", ["C++", "v1.5", "a*b {x} ?", "a\\b"])
def test_regex_characters_in_a_keyword_are_literal_in_the_prefilter(corpus, pattern):
    matches, _ = rule_preview_matches(Rule(tag="t", kind="keyword", pattern=pattern))

    assert [m.paper for m in matches] == [corpus[-1]]
