"""The pages of escalations and responses: the ledger's (council staff), the portal's
(the agency's contact). Who may reach them is in tests/security/test_access_matrix.py."""

import pytest
from django.urls import reverse

from casework.accounts.models import Agency
from casework.cases import services as cases
from casework.cases.models import Case, Status
from casework.disclosures import services
from casework.disclosures.models import Escalation, GovernmentResponse
from tests.factories import client_for, snapshot

from .conftest import escalate

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated(accepted_removal, director):
    return escalate(accepted_removal, director)


def respond_url(case, escalation) -> str:
    return reverse("case_disclosures:escalation_respond", args=[case.reference, escalation.pk])


def response_data(**overrides) -> dict:
    return {
        "received_on": "2026-05-04",
        "channel": "email",
        "decision": "under_review",
        "summary": "Under review by the regional manager.",
    } | overrides


def test_the_ledger_lists_each_escalation_with_its_responses(
    escalated, director, django_assert_max_num_queries
):
    cases.case_escalation_add(
        case=escalated,
        actor=director,
        agency=Agency.IRCC,
        sent_on=escalated.escalation_sent_on,
        requested_action="Expedite the H&C decision.",
    )
    client = client_for(director)
    client.post(respond_url(escalated, escalated.escalations.get(agency="CBSA")), response_data())

    with django_assert_max_num_queries(30) as one:
        page = client.get(reverse("case_disclosures:ledger", args=[escalated.reference]))
    content = page.content.decode()
    assert "Expedite the H&amp;C decision." in content and "Under review by the regional" in content
    assert content.count('class="escalation"') == 2
    # One more escalation and response cost no more queries.
    cases.government_response_record(
        escalation=escalated.escalations.get(agency="IRCC"),
        actor=director,
        **response_data(summary="IRCC: noted.") | {"received_on": escalated.escalation_sent_on},
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("case_disclosures:ledger", args=[escalated.reference]))


def test_a_response_received_before_the_escalation_is_refused_with_a_message(escalated, director):
    escalation = escalated.escalations.get()
    before = snapshot(escalated)

    page = client_for(director).post(
        respond_url(escalated, escalation), response_data(received_on="2026-05-01")
    )

    assert page.status_code == 400
    assert "cannot be received before the escalation was sent" in page.content.decode()
    assert snapshot(escalated) == before and not GovernmentResponse.objects.exists()


def test_the_council_records_a_response_and_the_case_moves_on(escalated, director):
    page = client_for(director).post(
        respond_url(escalated, escalated.escalations.get()), response_data()
    )
    assert page.status_code == 302
    assert Case.objects.get(pk=escalated.pk).status == Status.RESPONDED
    response = GovernmentResponse.objects.get()
    assert (response.channel, response.decision, response.by_agency) == (
        "email",
        "under_review",
        False,
    )


def test_escalating_to_another_agency_needs_what_is_asked(escalated, director):
    before = snapshot(escalated)
    page = client_for(director).post(
        reverse("case_disclosures:escalation_add", args=[escalated.reference]),
        {"agency": "IRCC", "sent_on": "2026-05-04", "requested_action": ""},
    )
    assert page.status_code == 400
    assert snapshot(escalated) == before and escalated.escalations.count() == 1


def test_the_contacts_form_has_no_channel_and_says_it_is_final(escalated, cbsa_contact):
    disclosure = escalated.disclosures.get()
    page = client_for(cbsa_contact).get(reverse("disclosures:respond", args=[disclosure.pk]))
    assert page.status_code == 200
    assert "channel" not in page.context["form"].fields
    assert "cannot be changed afterwards" in page.content.decode()


def test_a_revoked_disclosure_takes_the_contacts_form_away_at_once(
    escalated, director, cbsa_contact
):
    disclosure = escalated.disclosures.get()
    client = client_for(cbsa_contact)
    assert client.get(reverse("disclosures:respond", args=[disclosure.pk])).status_code == 200
    services.disclosure_revoke(disclosure=disclosure, actor=director, reason="Wrong agency.")

    page = client.post(
        reverse("disclosures:respond", args=[disclosure.pk]),
        response_data(),
    )

    assert page.status_code == 404
    assert not GovernmentResponse.objects.exists()
    assert escalated.escalations.get().state == Escalation.State.OPEN
