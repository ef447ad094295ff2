import pytest

from apps.papers.identifiers import InvalidArxivId, split_arxiv_id, title_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2401.01234", ("2401.01234", None)),
        ("2401.01234v2", ("2401.01234", 2)),
        ("arXiv:0704.0001v1", ("0704.0001", 1)),
        ("http://arxiv.org/abs/2401.01234v3", ("2401.01234", 3)),
        ("https://arxiv.org/pdf/2401.01234v3.pdf", ("2401.01234", 3)),
        ("hep-th/9901001v2", ("hep-th/9901001", 2)),
        ("math.GT/0309136", ("math.GT/0309136", None)),
    ],
)
def test_split_arxiv_id(raw, expected):
    assert split_arxiv_id(raw) == expected


@pytest.mark.parametrize("raw", ["", "2401", "pabcdef", "2401.01234vx", "../etc/passwd"])
def test_split_arxiv_id_refuses_what_is_not_an_id(raw):
    with pytest.raises(InvalidArxivId):
        split_arxiv_id(raw)


def test_title_key_ignores_case_accents_and_punctuation():
    assert title_key("Élan: A  Pre-Training   Study!") == title_key("elan a pre training study")
