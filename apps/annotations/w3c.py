"""Annotations as W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).

A note's target is the paper at the version it was made on (the arXiv abstract page
of that version when there is one, else our page), narrowed by a CssSelector to the
field, refined by a TextQuoteSelector and a TextPositionSelector. A reply targets the
annotation it answers. The export is an AnnotationCollection with one embedded page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .models import Annotation

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = "application/ld+json"
PROFILE = f'{MEDIA_TYPE}; profile="http://www.w3.org/ns/anno.jsonld"'

Absolute = Callable[[str], str]  # a path on this site -> its absolute URL


def _source(annotation: Annotation, absolute: Absolute) -> str:
    paper = annotation.paper
    if paper.arxiv_id and annotation.version:
        return f"https://arxiv.org/abs/{paper.arxiv_id}v{annotation.version}"
    return absolute(paper.get_absolute_url())


def annotation_iri(annotation_id: int, absolute: Absolute) -> str:
    return absolute(f"/api/v1/annotations/{annotation_id}/")


def _target(annotation: Annotation, absolute: Absolute) -> dict[str, Any] | str:
    if annotation.reply_to_id is not None:
        return annotation_iri(annotation.reply_to_id, absolute)
    target: dict[str, Any] = {"source": _source(annotation, absolute)}
    if annotation.field:
        target["selector"] = {
            "type": "CssSelector",
            "value": f'[data-annotatable="{annotation.field}"]',
            "refinedBy": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.exact,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        }
    return target


def annotation_jsonld(
    annotation: Annotation, absolute: Absolute, *, context: bool = True
) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": annotation.body, "format": "text/markdown",
         "purpose": "commenting"},
        {"type": "TextualBody", "value": annotation.body_html, "format": "text/html",
         "purpose": "commenting"},
        *({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags),
    ]  # fmt: skip
    item: dict[str, Any] = {
        "id": annotation_iri(annotation.pk, absolute),
        "type": "Annotation",
        "motivation": "replying" if annotation.reply_to_id else "commenting",
        "created": annotation.created.isoformat(),
        "modified": annotation.updated.isoformat(),
        "creator": {"type": "Person", "nickname": annotation.owner.get_username()},
        "body": bodies,
        "target": _target(annotation, absolute),
    }
    if annotation.is_public:
        item["audience"] = {"type": "schema:Audience", "schema:audienceType": "public"}
    if context:
        return {"@context": CONTEXT, **item}
    return item


def collection_jsonld(
    annotations: Iterable[Annotation], absolute: Absolute, *, collection_id: str, label: str
) -> dict[str, Any]:
    items = [annotation_jsonld(a, absolute, context=False) for a in annotations]
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"{collection_id}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
