"""Errors as RFC 9457 problem details (application/problem+json), in the request's language.

{"type": "about:blank", "title": "Not found", "status": 404, "detail": "...", "errors": {...}}

`errors` appears on 400 answers: the message of each field the request got wrong, by field
name ("non_field_errors" for the request as a whole). The language is the Accept-Language
header's (Django's LocaleMiddleware); a signed-in browser session gets its account's language.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.cases.services import CaseError, StaleCase

from .services import TokenError

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: pgettext_lazy("problem title", "The request is not valid"),
    401: pgettext_lazy("problem title", "Authentication needed"),
    403: pgettext_lazy("problem title", "Not allowed"),
    404: pgettext_lazy("problem title", "Not found"),
    405: pgettext_lazy("problem title", "Method not allowed"),
    406: pgettext_lazy("problem title", "Not acceptable"),
    409: pgettext_lazy("problem title", "Changed by someone else"),
    413: pgettext_lazy("problem title", "Too large"),
    415: pgettext_lazy("problem title", "Unsupported media type"),
    429: pgettext_lazy("problem title", "Too many requests"),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def _as_api_exception(exc: Exception) -> Exception:
    """The services' refusals as API exceptions: a stale version is a conflict (409), any
    other refusal a bad request (400) with the service's own message."""
    if isinstance(exc, StaleCase):
        return Conflict(str(exc))
    if isinstance(exc, CaseError | TokenError):
        return exceptions.ValidationError({"non_field_errors": [str(exc)]})
    return exc


def problem(status_code: int, detail: str, *, errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, "")),
        "status": status_code,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_JSON)


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API error: a server error, left to Django (500)
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        detail = next(iter(errors.get("non_field_errors", [])), None) or _(
            "Some of the values sent are not valid: see errors."
        )
        return problem(400, detail, errors=errors, headers=_kept_headers(response))
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    return problem(response.status_code, detail, headers=_kept_headers(response))


def _kept_headers(response: Response) -> dict:
    """Retry-After (429), WWW-Authenticate (401), Allow (405): what DRF set for the client."""
    return {
        name: response[name]
        for name in ("Retry-After", "WWW-Authenticate", "Allow")
        if response.has_header(name)
    }
