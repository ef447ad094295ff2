"""Titles and abstracts from a word model of the demo papers, over a long-tailed vocabulary.

The demo listing is split into its common words (in at least COMMON_DOCS of the
201 abstracts: "the", "model", "language", "large language models" and their
punctuation, kept with their frequencies by a Markov chain over the last two
tokens, or one) and its rare ones, whose places become slots. A slot is filled
from a Zipf-distributed topic vocabulary (the demo's rare words spread among
generated pseudo-words and compounds) or, often, by one of the paper's own few
topic terms, so each paper repeats its subject as real abstracts do. Common
words end up in most papers; a typical topic word in well under 1% of them.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from apps.ingest.parsers.demo import parse_demo_listing
from apps.papers.upsert import PaperRecord

from .plan import zipf_table

COMMON_DOCS = 20  # of the 201 demo abstracts (10%)
TOPIC_VOCABULARY = 200_000
ZIPF_OFFSET = 100  # Zipf-Mandelbrot: weight 1 / (rank + offset); flattens the head
DEMO_WORD_SPACING = 5  # the demo's rare words take every fifth rank near the head
SENTENCES = 30_000  # sentence skeletons walked once, filled differently in every paper
TITLES = 10_000
OWN_TERM_SHARE = 0.15  # of an abstract's slots filled by the paper's own topic terms
SECOND_ORDER = 0.75  # how often the walk follows the last two tokens rather than the last one
DRAW_TABLE = 1 << 22  # entries of the table topic terms are drawn from
TITLE_WORDS = (6, 15)
ABSTRACT_WORDS = (120, 250)

SLOT, LINK = "\x00", "\x01"
_END = "\x02"  # a title's end
_EDGES = re.compile(r"^([(\[\"'“]*)(.*?)([)\]\"'”.,;:!?]*)$")
_SAFE_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9\-']*[A-Za-z0-9]$")
_NOT_A_SENTENCE_END = {"e.g", "i.e", "al", "vs", "etc", "approx"}
_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["qua", "tri", "sto"]
_SUFFIXES = ["based", "aware", "guided", "free", "efficient", "driven", "level", "augmented"]


def demo_texts() -> list[tuple[str, str]]:
    """The demo listing's (title, abstract) pairs."""
    text = settings.DEMO_LISTING_PATH.read_text(encoding="utf-8")
    return [(r.title, r.abstract) for r in parse_demo_listing(text) if isinstance(r, PaperRecord)]


@dataclass(frozen=True)
class Skeleton:
    """A sentence or title with slots: `text.format(*words)`; the first slot capitalised or not."""

    text: str
    slots: int
    words: int
    capitalise_first: bool
    links: tuple[int, ...] = ()  # slots that hold a URL


class TopicVocabulary:
    """Topic terms, most frequent first, drawn with Zipf-Mandelbrot weights."""

    def __init__(self, demo_rare: list[str], rng: random.Random, size: int) -> None:
        generated: set[str] = set(demo_rare)
        while len(generated) < size:
            generated.add(_pseudo_term(rng))
        pseudo = sorted(generated - set(demo_rare))
        rng.shuffle(pseudo)
        terms: list[str | None] = [None] * size
        for position, word in enumerate(demo_rare):  # most frequent in the demo first
            terms[position * DEMO_WORD_SPACING + rng.randrange(DEMO_WORD_SPACING)] = word
        fill = iter(pseudo)
        self.terms = [term if term is not None else next(fill) for term in terms]
        ranks = zipf_table(size, exponent=1.0, offset=ZIPF_OFFSET, size=DRAW_TABLE)
        self.table = [self.terms[rank] for rank in ranks]

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.table, k=k)


Chain = dict[tuple[str, str], list[str]]  # (token before last, last token) -> next tokens


class WordModel:
    def __init__(self, demo: list[tuple[str, str]], rng: random.Random) -> None:
        abstracts = [abstract.split() for _title, abstract in demo]
        documents: Counter[str] = Counter()
        surface: dict[str, Counter[str]] = defaultdict(Counter)
        for tokens in abstracts:
            cores = [_core(token) for token in tokens]
            documents.update({core.lower() for core in cores if core})
            for core in cores:
                surface[core.lower()][core] += 1
        self.common = {word for word, count in documents.items() if count >= COMMON_DOCS}
        rare = [surface[w].most_common(1)[0][0] for w, _ in documents.most_common()]
        rare = [w for w in rare if w.lower() not in self.common and _SAFE_WORD.match(w)]
        self.topics = TopicVocabulary(rare, rng, TOPIC_VOCABULARY)
        chain = _chain([[self._skeletal(t) for t in tokens] for tokens in abstracts])
        self.sentences = _walk(chain, rng, SENTENCES, words=(6, 50), ends=_ends_sentence)
        titles = [[self._skeletal(t) for t in title.split()] + [_END] for title, _ in demo]
        self.titles = _walk(_chain(titles), rng, TITLES, words=TITLE_WORDS, ends=_END.__eq__)

    def _skeletal(self, token: str) -> str:
        """The token as the chain sees it: rare cores become slots, punctuation stays."""
        if "http" in token or ".github." in token or "\\" in token:
            return LINK if "http" in token else SLOT
        match = _EDGES.match(token)
        assert match is not None  # the pattern matches any string
        before, core, after = match.groups()
        if not core or any(ch.isdigit() for ch in core) or core.lower() in self.common:
            return token.replace("{", "(").replace("}", ")")
        return before + SLOT + after

    def paper(self, rng: random.Random) -> tuple[str, str]:
        """A title and an abstract about a few topic terms of the paper's own."""
        own = self.topics.draw(rng, rng.randint(2, 5))
        title = rng.choice(self.titles)
        words = rng.sample(own, len(own)) + self.topics.draw(rng, title.slots)  # own first
        title_text = title.text.format(*(w[:1].upper() + w[1:] for w in words[: title.slots]))
        chosen, total = [], 0
        target = rng.randint(*ABSTRACT_WORDS)
        while total < target:
            sentence = rng.choice(self.sentences)
            if total + sentence.words > ABSTRACT_WORDS[1] and total >= ABSTRACT_WORDS[0]:
                break
            chosen.append(sentence)
            total += sentence.words
        slots = sum(s.slots for s in chosen)
        fills = self.topics.draw(rng, slots)
        for n in range(int(slots * OWN_TERM_SHARE + rng.random())):
            fills[rng.randrange(slots)] = own[n % len(own)]
        position = 0
        for sentence in chosen:
            for offset in sentence.links:
                fills[position + offset] = _link(rng, self.topics)
            if sentence.capitalise_first:
                word = fills[position]
                fills[position] = word[:1].upper() + word[1:]
            position += sentence.slots
        return title_text, " ".join(s.text for s in chosen).format(*fills)


def _core(token: str) -> str:
    match = _EDGES.match(token)
    return match.group(2) if match else token


def _ends_sentence(token: str) -> bool:
    return token.endswith(".") and _core(token).lower() not in _NOT_A_SENTENCE_END


def _chain(sequences: list[list[str]]) -> Chain:
    """Transitions after two tokens and after one (key ("", token)); starts under ("", "").

    A list with repeats keeps the frequencies.
    """
    chain: Chain = defaultdict(list)
    for tokens in sequences:
        before, last = "", ""
        for token in tokens:
            chain[before, last].append(token)
            if before:
                chain["", last].append(token)
            before, last = ("", "") if _ends_sentence(token) else (last or "\x03", token)
    return chain


def _walk(
    chain: Chain,
    rng: random.Random,
    count: int,
    *,
    words: tuple[int, int],
    ends: Callable[[str], bool],
) -> list[Skeleton]:
    """`count` skeletons of `words` tokens (low, high), each ended by a token that `ends`."""
    skeletons: list[Skeleton] = []
    low, high = words
    while len(skeletons) < count:
        tokens = [rng.choice(chain["", ""])]
        before = "\x03"
        while not ends(tokens[-1]) and len(tokens) <= high:
            pair = (before, tokens[-1])
            if rng.random() < SECOND_ORDER and pair in chain:
                following = chain[pair]
            else:
                following = chain.get(("", tokens[-1])) or [_END]
            before = tokens[-1]
            tokens.append(rng.choice(following))
        if tokens[-1] == _END:
            tokens.pop()
        elif not ends(tokens[-1]):
            continue
        if low <= len(tokens) <= high:
            skeletons.append(_skeleton(tokens))
    return skeletons


def _skeleton(tokens: list[str]) -> Skeleton:
    slots = [i for i, token in enumerate(tokens) if SLOT in token or token == LINK]
    links = tuple(n for n, i in enumerate(slots) if tokens[i] == LINK)
    text = " ".join(tokens).replace(SLOT, "{}").replace(LINK, "{}")
    return Skeleton(
        text=text,
        slots=len(slots),
        words=len(tokens),
        capitalise_first=bool(slots) and slots[0] == 0 and tokens[0].startswith(SLOT),
        links=links,
    )


def _pseudo_term(rng: random.Random) -> str:
    word = "".join(rng.choices(_SYLLABLES, k=rng.choice((2, 2, 3, 3, 3, 4))))
    kind = rng.random()
    if kind < 0.08:
        return f"{word}-{rng.choice(_SUFFIXES)}"
    if kind < 0.14:
        return f"{word}-{''.join(rng.choices(_SYLLABLES, k=2))}"
    if kind < 0.24:
        return word.capitalize()  # a method's or a model's name
    return word


def _link(rng: random.Random, topics: TopicVocabulary) -> str:
    owner, name = (w.lower() for w in topics.draw(rng, 2))
    return f"https://github.com/{owner}/{name}"
