"""Finding a quote again: exact with its context, else the closest fuzzy match."""

from apps.annotations.anchoring import anchor_find, quote_context

TEXT = "Attention is all you need. We propose attention. Attention scales."


def test_exact_quote_is_found_where_its_prefix_and_suffix_agree():
    anchor = anchor_find(TEXT, exact="Attention", prefix="propose attention. ", suffix=" scales")

    assert (anchor.start, anchor.end) == (49, 58)
    assert TEXT[anchor.start : anchor.end] == "Attention"
    assert not anchor.fuzzy


def test_without_context_the_occurrence_nearest_the_old_position_wins():
    assert anchor_find(TEXT, exact="Attention", hint=45).start == 49
    assert anchor_find(TEXT, exact="Attention", hint=0).start == 0


def test_a_moved_passage_is_found_at_its_new_place():
    old = quote_context("Intro. The loss falls as a power law. End.", 7, 36)
    new_text = "A new first sentence was added here. Intro. The loss falls as a power law. End."

    anchor = anchor_find(new_text, exact=old.exact, prefix=old.prefix, suffix=old.suffix, hint=7)

    assert new_text[anchor.start : anchor.end] == "The loss falls as a power law"


def test_a_slightly_reworded_passage_is_found_fuzzily():
    text = "Results: the loss falls as a power-law in data size, as expected."

    anchor = anchor_find(text, exact="the loss falls as a power law in data size")

    assert anchor.fuzzy
    assert text[anchor.start : anchor.end].startswith("the loss falls as a power-law")


def test_a_deleted_passage_is_not_found():
    text = "An entirely different abstract about protein folding and biology."

    assert anchor_find(text, exact="the loss falls as a power law") is None


def test_empty_quote_or_text_finds_nothing():
    assert anchor_find("", exact="x") is None
    assert anchor_find("x", exact="") is None
