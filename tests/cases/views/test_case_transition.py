"""Transitions: one-click buttons on the case page, the others on their own page."""

import pytest

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.models import Case, Kind, Status
from tests.factories import case_at, client_for, make_case, snapshot

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Transitions


def test_it_submits_a_case(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/transition/submit/",
        {"submit-version": draft.version},
        follow=True,
    )
    assert response.redirect_chain == [(f"/cases/{draft.reference}/", 302)]
    assert f"Case {draft.reference} is now “Submitted”" in page(response)
    assert Case.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_it_refuses_a_stale_transition_with_409(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    old_version = case.version
    services.case_update(
        case=case, actor=director, expected_version=case.version, data={"summary": "Corrected."}
    )
    before = snapshot(case)

    response = client_for(director).post(
        f"/cases/{case.reference}/transition/accept/", {"accept-version": old_version}
    )

    assert response.status_code == 409
    assert f"Someone else changed case {case.reference}" in page(response)
    assert snapshot(case) == before
    assert Case.objects.get(pk=case.pk).status == Status.IN_REVIEW


def test_it_requires_a_reason_to_request_information(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    before = snapshot(case)

    response = client_for(director).post(
        f"/cases/{case.reference}/transition/request_info/",
        {"request_info-version": case.version, "request_info-comment": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["comment"] == ["This field is required."]
    assert snapshot(case) == before


def test_it_explains_why_a_case_cannot_be_submitted(caseworker):
    case = make_case(caseworker, people=0)
    before = snapshot(case)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/transition/submit/", {"submit-version": case.version}
    )
    assert response.status_code == 400
    assert "Add at least one person concerned by the case." in page(response)
    assert snapshot(case) == before


def test_it_forbids_a_caseworker_to_accept(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    before = snapshot(case)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/transition/accept/", {"accept-version": case.version}
    )
    assert response.status_code == 403
    assert snapshot(case) == before


def test_it_answers_404_to_an_unknown_transition(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/transition/delete/", {"delete-version": draft.version}
    )
    assert response.status_code == 404


def test_it_escalates_with_the_agency_and_date(caseworker, director, cbsa_contact):
    case = case_at(
        Status.ACCEPTED, member=caseworker, council=director, kind=Kind.BORDER_INTERVENTION
    )
    response = client_for(director).post(
        f"/cases/{case.reference}/transition/escalate/",
        {
            "escalate-version": case.version,
            "escalate-target": Agency.CBSA,
            "escalate-sent_on": "2026-05-04",
            "escalate-government_reference": "GTA-77",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.escalation_target, case.government_reference) == (
        Status.ESCALATED,
        Agency.CBSA,
        "GTA-77",
    )
    # The agency's contact reads the disclosure, not the case.
    assert client_for(cbsa_contact).get(f"/cases/{case.reference}/").status_code == 404
    disclosure = case.disclosures.get()
    assert client_for(cbsa_contact).get(f"/disclosures/{disclosure.pk}/").status_code == 200


def test_it_refuses_an_escalation_dated_in_the_future(caseworker, director):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director)
    before = snapshot(case)
    response = client_for(director).post(
        f"/cases/{case.reference}/transition/escalate/",
        {
            "escalate-version": case.version,
            "escalate-target": Agency.IRCC,
            "escalate-sent_on": "2026-05-05",
        },
    )
    assert response.status_code == 400
    assert "The date sent cannot be in the future." in page(response)
    assert snapshot(case) == before
