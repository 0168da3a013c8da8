"""Schemathesis against the live schema (/api/schema/, fetched from the app), as each
persona's token: no server error, no answer outside the schema, no case data leaked across
organisations.

Every operation is run with generated requests against real cases: a draft and an escalated
case of organisation A, a submitted case of organisation B. After each response: does it carry
the reference, or the name of a person, of a case the persona may not see?
"""

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casework.api.services import api_token_create
from casework.briefings import rendering
from casework.cases.models import Case, Person
from casework.cases.selectors import cases_visible_to
from casework.disclosures.selectors import disclosures_for
from tests.factories import case_at, make_case, pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PERSONAS = ["caseworker", "outsider", "council_staff", "ircc_contact"]
# Requests per operation, persona and case (the run costs about a minute at 6).
EXAMPLES = 6


@pytest.fixture
def cases(caseworker, outsider, director, monkeypatch):
    # Briefings are generated as a blank PDF: weasyprint is tested in tests/briefings.
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())
    return {
        "draft": make_case(caseworker),
        "escalated": case_at("escalated", member=caseworker, council=director),
        "other": make_case(outsider, submitted=True),
    }


def secrets_hidden_from(user) -> set[str]:
    """The references and names of the cases `user` may not see (read now: cases are created
    as the run goes). A government contact reads the reference of a case disclosed to their
    agency, never a name."""
    hidden = Case.objects.exclude(pk__in=cases_visible_to(user).values("pk"))
    people = Person.objects.filter(case__in=hidden)
    references = hidden.exclude(pk__in=disclosures_for(user).values("case_id"))
    return (
        set(references.values_list("reference", flat=True))
        | set(people.values_list("family_name", flat=True))
    ) - {""}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_keeps_to_its_schema_and_leaks_nothing(
    request, persona, cases, settings_, wsgi_app
):
    user = request.getfixturevalue(persona)
    _token, key = api_token_create(user=user, name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}
    schema = openapi.from_wsgi("/api/schema/", wsgi_app)
    references = [case.reference for case in cases.values()]
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for reference in references if "{reference}" in operation.path else [None]:
            path_parameters = {"reference": reference} if reference else None
            strategy = operation.as_strategy(path_parameters=path_parameters, headers=headers)

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                response = case.call_and_validate(checks=CHECKS)
                text = response.text
                leaked = sorted(secret for secret in secrets_hidden_from(user) if secret in text)
                assert not leaked, f"{case.method} {case.formatted_path}: {leaked}"

            try:
                run()
            except Exception as error:  # noqa: BLE001 - every failure is collected and shown
                failures.append(f"{operation.label} ({reference}): {error}")
    assert failures == []


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection open between
    requests (as Django's test client does): it would close it at the end of each."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def settings_(settings):
    # The run sends hundreds of requests with one token: no rate limit in the way.
    settings.CASEWORK = {**settings.CASEWORK, "API_RATE": "100000/min"}
    return settings
