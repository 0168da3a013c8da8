"""Additions to the generated OpenAPI schema: every operation's error answers, as problem
details (casework.api.errors), so that clients and schemathesis know them."""

from django.utils.translation import gettext_lazy as _

from .errors import PROBLEM_JSON

ERRORS = {
    "400": _("The request is not valid; nothing was changed."),
    "401": _("No valid token (or session)."),
    "403": _("You may see the case but not do this."),
    "404": _("No such case, or one you may not see."),
    "409": _("Someone changed the case since you read it (its version)."),
    "429": _("Too many requests: wait for Retry-After seconds."),
}
PROBLEM = {"$ref": "#/components/schemas/Problem"}


def add_problem_responses(result, generator, request, public):
    """Each operation may answer with each of ERRORS, as application/problem+json."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {}},
                "description": "On 400: the messages of each field sent wrong, by field name.",
            },
        },
        "required": ["type", "title", "status", "detail"],
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": str(description),
                        "content": {PROBLEM_JSON: {"schema": PROBLEM}},
                    },
                )
    return result
