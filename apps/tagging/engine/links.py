"""Typed links from a paper's abstract or arXiv comment: code, model, dataset, project."""

from __future__ import annotations

import re
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s<>\"'(){}\[\]]+", re.IGNORECASE)
# Ends of sentences and markup, not of URLs.
TRAILING = ".,;:!?*_`'\""
NOT_PROJECTS = re.compile(
    r"^(www\.)?(arxiv\.org|doi\.org|dx\.doi\.org|creativecommons\.org|aclanthology\.org)$"
)
MAX_LINKS = 8


@dataclass(frozen=True)
class Link:
    kind: str  # code | model | dataset | project
    url: str


def classify(url: str) -> str | None:
    match = re.match(r"https?://([^/]+)(/[^?#]*)?", url, re.IGNORECASE)
    if not match:
        return None
    host = match.group(1).lower()
    parts = [p for p in (match.group(2) or "").split("/") if p]
    if host in {"github.com", "www.github.com", "gitlab.com", "www.gitlab.com", "bitbucket.org"}:
        return "code" if len(parts) >= 2 else None
    if host in {"huggingface.co", "www.huggingface.co", "hf.co"}:
        if parts[:1] == ["datasets"]:
            return "dataset" if len(parts) >= 2 else None
        if parts[:1] == ["spaces"]:
            return "project" if len(parts) >= 2 else None
        if parts[:1] in (["papers"], ["blog"], ["docs"]) or len(parts) < 2:
            return None
        return "model"
    if NOT_PROJECTS.match(host):
        return None
    return "project"


def find_links(*texts: str) -> list[Link]:
    """Each typed link once, in order of appearance."""
    found: list[Link] = []
    seen: set[str] = set()
    for text in texts:
        for match in URL.finditer(text or ""):
            url = match.group(0).rstrip(TRAILING)
            if url.endswith(")") and "(" not in url:
                url = url[:-1]
            kind = classify(url)
            key = url.lower().rstrip("/")
            if kind and key not in seen and len(url) <= 500:
                seen.add(key)
                found.append(Link(kind=kind, url=url))
    return found[:MAX_LINKS]
