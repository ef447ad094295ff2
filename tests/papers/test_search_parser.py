from apps.papers.search.parser import MAX_GROUPS, MAX_QUERY_CHARS, Term, parse_query


def texts(terms):
    return [t.text for t in terms]


def test_plain_words_are_soft_groups():
    parsed = parse_query("unlearning and  adversarial attacks")

    assert parsed.required == ()
    assert [texts(g) for g in parsed.groups] == [
        ["unlearning"], ["and"], ["adversarial"], ["attacks"]
    ]  # fmt: skip
    assert [g[0].position for g in parsed.groups] == [0, 1, 2, 3]


def test_quoted_phrase_is_required_and_keeps_word_positions():
    parsed = parse_query('fast "speculative   decoding" kernels')

    assert parsed.required == (Term("speculative decoding", phrase=True, position=1),)
    assert [(g[0].text, g[0].position) for g in parsed.groups] == [("fast", 0), ("kernels", 3)]


def test_minus_excludes_words_and_phrases():
    parsed = parse_query('decoding -diffusion -"state space"')

    assert texts(parsed.excluded) == ["diffusion", "state space"]
    assert [t.phrase for t in parsed.excluded] == [False, True]
    assert [texts(g) for g in parsed.groups] == [["decoding"]]


def test_or_joins_neighbours_into_one_group():
    parsed = parse_query('quantization OR pruning or "low rank" llms')

    assert [texts(g) for g in parsed.groups] == [["quantization", "pruning", "low rank"], ["llms"]]
    assert parsed.required == ()  # a phrase inside an or-group is one alternative, not required


def test_or_after_an_exclusion_does_not_join_the_earlier_group():
    parsed = parse_query("lora -merging or adapters")

    assert [texts(g) for g in parsed.groups] == [["lora"], ["adapters"]]


def test_dangling_or_hyphens_and_quotes_are_harmless():
    assert parse_query("or").is_empty
    assert parse_query('- "" -').is_empty
    assert [texts(g) for g in parse_query("lora or").groups] == [["lora"]]
    assert parse_query('"unclosed phrase').required == (
        Term("unclosed phrase", phrase=True, position=0),
    )
    assert texts(parse_query("GPT-4 multi-modal").groups[0]) == ["GPT-4"]


def test_exclusions_alone_search_for_nothing():
    assert parse_query("-diffusion").is_empty


def test_number_of_groups_is_bounded():
    parsed = parse_query(" ".join(f"w{i}" for i in range(40)))

    assert len(parsed.groups) == MAX_GROUPS


def test_positive_text_drops_syntax():
    assert parse_query('"kv cache" -diffusion compression or pruning').positive_text == (
        "kv cache compression pruning"
    )


def test_control_characters_separate_words_and_length_is_bounded():
    assert [texts(g) for g in parse_query("kv\x00cache\tcompression").groups] == [
        ["kv"], ["cache"], ["compression"]
    ]  # fmt: skip
    assert len(parse_query("x" * 5000).groups[0][0].text) == MAX_QUERY_CHARS
