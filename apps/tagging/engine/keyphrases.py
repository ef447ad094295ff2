"""Up to eight keyphrases from a paper's own text: model, method and benchmark names.

Two kinds of candidates: names (a word with an inner capital or a digit beside
letters: "LLaMA-2", "MMLU", "FlashAttention", "GPT-4") and method phrases (two or
three plain words ending in a method word: "speculative decoding", "low-rank
adaptation"). A candidate in the title, or repeated, ranks first.
"""

from __future__ import annotations

import re
from collections import Counter

MAX_KEYPHRASES = 8
MAX_LENGTH = 60
NAME = re.compile(
    r"(?<![\w-])("
    r"[A-Za-z][\w.]*[A-Z][\w.]*(?:-[\w.]+)*"  # an inner capital: LLaMA, vLLM, MoE-LLaVA
    r"|[A-Za-z]+(?:-?\d[\w.]*)(?:-[\w.]+)*"  # letters and digits: GPT-4, Llama2-7B, T5
    r"|[A-Z]{2,}[\w]*(?:-[\w.]+)*"  # capitals: MMLU, RAG
    r")(?![\w-])"
)
# Everyday acronyms of the field: they say nothing about a particular paper.
COMMON_NAMES = {
    "ai", "llm", "llms", "lm", "lms", "nlp", "gpu", "gpus", "cpu", "cpus", "api", "apis", "sota",
    "kv", "ml", "dl", "rl", "ii", "iii", "iv", "us", "we", "it", "fp16", "bf16", "x", "vs",
    "tpu", "tpus", "qa", "io", "os", "ui", "mllm", "mllms", "vlm", "vlms",
}  # fmt: skip
METHOD_HEADS = {
    "decoding", "attention", "quantization", "pruning", "distillation", "tuning", "fine-tuning",
    "parallelism", "caching", "cache", "adaptation", "merging", "sampling", "batching",
    "scheduling", "compression", "retrieval", "generation", "alignment", "unlearning", "routing",
    "inference", "serving", "offloading", "sparsity", "experts", "encoding", "embedding",
    "embeddings", "optimization", "training", "pretraining", "pre-training", "reasoning",
    "learning", "search", "interpolation", "extrapolation", "disaggregation", "speculation",
}  # fmt: skip
STOP = {
    "the", "a", "an", "of", "and", "or", "for", "to", "in", "on", "with", "by", "from", "as",
    "is", "are", "be", "this", "that", "these", "we", "our", "its", "their", "which", "via",
    "existing", "current", "previous", "prior", "model", "models", "llm", "llms", "efficient",
    "effective", "novel", "new", "large", "language", "both", "such", "more", "most", "each",
    "during", "at", "into", "while", "can", "than", "also", "other", "all", "two", "three",
    "first", "second", "based", "further", "high", "low", "fast", "better", "same", "without",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
URL = re.compile(r"\S+://\S+|\S+\.(com|org|io|ai|net)/\S*")
# Not names: "LLM-based", ids and entity residue such as "x2014only".
NOT_NAME = re.compile(
    r".*-(based|like|aware|specific|level|wise|free|style)$|.*\d[a-z]{3,}.*", re.I
)


def keyphrases(title: str, abstract: str, *, limit: int = MAX_KEYPHRASES) -> list[str]:
    title, abstract = URL.sub(" ", title), URL.sub(" ", abstract)
    text = f"{title}\n{abstract}"
    scores: Counter[str] = Counter()
    shown: dict[str, str] = {}

    def add(phrase: str, weight: float) -> None:
        phrase = phrase.strip(" .,;:-")
        key = phrase.lower()
        if len(phrase) < 2 or len(phrase) > MAX_LENGTH or key in COMMON_NAMES:
            return
        shown.setdefault(key, phrase)
        scores[key] += weight  # type: ignore[assignment]

    for match in NAME.finditer(text):
        name = match.group(1).rstrip(".")
        if re.fullmatch(r"[\d.]+[A-Za-z]?|\d+(?:\.\d+)?[xX%]", name) or NOT_NAME.match(name):
            continue
        add(name, 3.0 if match.start() < len(title) else 1.5)
    words = WORD.findall(text)
    lowered = [w.lower() for w in words]
    in_title = len(WORD.findall(title))
    for i, word in enumerate(lowered):
        if word not in METHOD_HEADS:
            continue
        for size in (2, 3):
            start = i - size + 1
            if start < 0:
                continue
            span = lowered[start : i + 1]
            if any(w in STOP for w in span[:-1]) or not all(
                words[j].islower() or words[j].istitle() for j in range(start, i + 1)
            ):
                continue
            add(" ".join(span), 2.0 if i < in_title else 1.0)
    for key in [k for k in scores if " " in k and scores[k] < 2.0]:
        del scores[key]  # a method phrase said once, outside the title: likely not a name
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    chosen: list[str] = []
    for key in ranked:
        # "speculative decoding" beside "hierarchical speculative decoding": keep the first.
        if any(key in other or other in key for other in (c.lower() for c in chosen)):
            continue
        chosen.append(shown[key])
        if len(chosen) == limit:
            break
    return chosen
