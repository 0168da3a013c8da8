"""The case page shows every agency the case went to, each with its responses, in the same
number of queries however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.cases import services
from tests.factories import client_for

from .conftest import escalate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def answer(escalation, actor, summary: str) -> None:
    services.government_response_record(
        escalation=escalation,
        actor=actor,
        received_on=timezone.localdate(),
        channel="email",
        decision="under_review",
        summary=summary,
    )


def test_the_case_page_lists_each_escalation_with_its_responses(
    accepted_removal, director, caseworker, django_assert_num_queries
):
    case = escalate(accepted_removal, director)
    page = case.get_absolute_url()
    council, member = client_for(director), client_for(caseworker)
    council.get(page)
    with CaptureQueriesContext(connection) as one_agency:
        council.get(page)

    answer(case.escalations.get(), director, "CBSA will decide by Friday.")
    services.case_escalation_add(
        case=case,
        actor=director,
        agency="IRCC",
        sent_on=timezone.localdate(),
        requested_action="Expedite the H&C decision.",
    )
    answer(case.escalations.get(agency="IRCC"), director, "The H&C file is with an officer.")
    with django_assert_num_queries(len(one_agency)):
        html = council.get(page).content.decode()

    shown = (
        "Canada Border Services Agency",
        "IRCC Case Management Branch",
        "CBSA will decide by Friday.",
        "The H&amp;C file is with an officer.",
    )
    for text in shown:
        assert text in html
        assert text in member.get(page).content.decode()
    # First sent first, each answer under its own agency.
    positions = [html.index(text) for text in shown]
    assert positions[0] < positions[2] < positions[1] < positions[3]
