"""A government contact's API: their agency's disclosures, and their response."""

import pytest

from casework.accounts.models import Agency
from casework.audit.models import AuditEntry
from casework.cases.models import Case, Status
from casework.disclosures.models import GovernmentResponse
from tests.disclosures.conftest import accepted_removal, escalate, fake_pdf  # noqa: F401

from .helpers import api_client, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated(accepted_removal, director):  # noqa: F811
    identity = accepted_removal.documents.order_by("pk").last()
    return escalate(accepted_removal, director, documents=[identity])


def test_a_contact_reads_their_disclosures_with_the_escalation_record(
    escalated, cbsa_contact, django_assert_max_num_queries
):
    client = api_client(cbsa_contact)
    with django_assert_max_num_queries(12):
        page = client.get("/api/v1/disclosures/").json()
    [disclosure] = page["results"]
    assert disclosure["case"] == escalated.reference
    assert disclosure["escalation"]["agency"] == Agency.CBSA
    assert disclosure["escalation"]["requested_action"] == "Defer the removal."
    assert [item["kind"] for item in disclosure["items"]] == ["document"]
    assert "summary" not in disclosure and escalated.summary not in str(page)

    one = client.get(f"/api/v1/disclosures/{disclosure['id']}/")
    assert one.status_code == 200
    assert AuditEntry.objects.filter(action="disclosure.opened", actor=cbsa_contact).exists()


def test_a_contact_records_their_response_and_the_case_moves_on(escalated, cbsa_contact):
    disclosure = escalated.disclosures.get()
    response = post_json(
        api_client(cbsa_contact),
        f"/api/v1/disclosures/{disclosure.pk}/response/",
        {
            "received_on": escalated.escalation_sent_on.isoformat(),
            "decision": "removal_deferred",
            "next_date": "2026-07-01",
            "summary": "Deferred until the H&C decision.",
            "channel": "phone",  # not theirs to choose: the portal
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "portal"
    assert GovernmentResponse.objects.get().by_agency
    assert Case.objects.get(pk=escalated.pk).status == Status.RESPONDED


def test_a_response_without_a_decision_is_refused_and_changes_nothing(escalated, cbsa_contact):
    disclosure = escalated.disclosures.get()
    response = post_json(
        api_client(cbsa_contact),
        f"/api/v1/disclosures/{disclosure.pk}/response/",
        {"received_on": escalated.escalation_sent_on.isoformat(), "summary": "?"},
    )
    assert response.status_code == 400
    assert "decision" in response.json()["errors"]
    assert not GovernmentResponse.objects.exists()
