"""OpenAPI: the token scheme, the error responses every operation can give, and
examples for the query parameters."""

from typing import TYPE_CHECKING, Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object

from apps.papers.identifiers import PUBLIC_ID

from .examples import PUBLIC_ID_EXAMPLE

if TYPE_CHECKING:  # loaded in AppConfig.ready(), before DRF's views may be imported
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.openapi import AutoSchema
    from rest_framework.request import Request


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
    match_subclasses = True

    def get_security_definition(self, auto_schema: "AutoSchema") -> dict[str, Any]:
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Bearer"
        )
        scheme["description"] = (
            "A personal API token from /accounts/tokens/: `Authorization: Bearer pap_...`."
        )
        return scheme


ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each bad parameter.",
    "401": "Not signed in, or a bad token (see WWW-Authenticate).",
    "403": "Signed in but not allowed (or the CSRF check failed for a session).",
    "404": "No such paper.",
    "429": "Too many requests: wait for Retry-After seconds.",
}

PARAMETER_EXAMPLES = {
    "published_from": "2025-11-01",
    "published_to": "2025-11-30",
    "featured": "2025-11-26",
    "tag": "llm",
    "exclude_tag": "survey",
    "category": "cs.CL",
    "author": "Lovelace",
    "min_votes": 5,
    "q": "retrieval augmented generation",
    "ordering": "votes",
    "tag_match": "any",
    "status": "pending",
    "limit": 10,
    "p": 0,
    "sort": "trending",
    "submitter": "curator",
    "public_id": PUBLIC_ID_EXAMPLE,
    "cursor": "eyJvIjoicHVibGlzaGVkIiwiZCI6Im4iLCJ2IjpbXX0",
}


def add_errors_and_examples(
    result: dict[str, Any], generator: "SchemaGenerator", request: "Request | None", public: bool
) -> dict[str, Any]:
    """Postprocessing hook: every operation documents the error format."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    error_ref = {"$ref": "#/components/schemas/Error"}
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "required": ["status", "code", "message", "errors"],
            "properties": {
                "status": {"type": "integer", "example": 400},
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string", "example": "Invalid value for 'date': ..."},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "example": {"date": ["'2025-13-01' is not a date: use YYYY-MM-DD."]},
                },
            },
        },
    )
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ERROR_DESCRIPTIONS.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": error_ref}},
                    },
                )
            for parameter in operation.get("parameters", []):
                example = PARAMETER_EXAMPLES.get(parameter["name"])
                if (
                    example is not None
                    and "example" not in parameter
                    and "examples" not in parameter
                ):
                    parameter["example"] = example
                if parameter["name"] == "public_id":
                    parameter["schema"] = {"type": "string", "pattern": f"^(?:{PUBLIC_ID})$"}
    return result
