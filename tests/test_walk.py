"""The acceptance walk: one removal case from draft to closed, entirely through HTTP."""

import pytest
from django.test import Client

from casework.accounts.models import Agency
from casework.cases.models import Case, Outcome, Status
from tests.factories import PASSWORD, pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def logged_in(user) -> Client:
    """Signed in through the login page (django-axes needs the request to check lock-outs)."""
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def version_on_page(client: Client, reference: str, action: str) -> int:
    """The version the action's form carries: on the case page for a one-click action, on the
    action's own page for one that asks for more."""
    response = client.get(f"/cases/{reference}/")
    assert response.status_code == 200
    offered = {transition.name: transition for transition in response.context["transitions"]}
    assert action in offered, f"{action} is not offered; offered: {sorted(offered)}"
    if offered[action].custom["one_click"]:
        return response.context["case"].version
    response = client.get(f"/cases/{reference}/transition/{action}/")
    assert response.status_code == 200
    return response.context["form"].initial["version"]


def transition(client: Client, reference: str, action: str, **fields) -> None:
    data = {f"{action}-version": version_on_page(client, reference, action)}
    data |= {f"{action}-{name}": value for name, value in fields.items()}
    response = client.post(f"/cases/{reference}/transition/{action}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/cases/{reference}/"


def test_it_walks_a_removal_case_from_draft_to_closed(caseworker, director, outsider, cbsa_contact):
    member = Client()
    response = member.post(
        "/accounts/login/", {"username": caseworker.username, "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/today/")
    council = logged_in(director)

    # The caseworker opens a removal case with its removal details.
    response = member.post(
        "/cases/new/",
        {
            "kind": "removal_deferral",
            "summary": "Mother and two children, H&C pending, removal to Haiti booked.",
            "grounds": "Best interests of the children: both in school in Laval.",
            "requested_action": "Ask CBSA to defer removal until the H&C decision.",
            "correspondence_language": "fr",
            "deadline": "2026-05-20",
            "deadline_note": "H&C decision expected",
            "removal-removal_at": "2026-05-25T07:30",
            "removal-location": "Montréal-Trudeau",
            "removal-destination": "HT",
            "removal-order_type": "deportation",
            "removal-cbsa_office": "Laval",
        },
    )
    assert response.status_code == 302
    reference = response["Location"].strip("/").split("/")[-1]
    assert reference == "CCR-2026-00001"
    case = Case.objects.get(reference=reference)
    assert (case.status, case.removal.location) == (Status.DRAFT, "Montréal-Trudeau")

    response = member.post(
        f"/cases/{reference}/people/",
        {
            "person-role": "removal_subject",
            "person-family_name": "Joseph",
            "person-given_names": "Marie",
            "person-date_of_birth": "1990-02-11",
            "person-date_of_birth_precision": "day",
            "person-citizenship": "HT",
            "person-uci": "1234-5678",
        },
    )
    assert response.status_code == 302
    # Without it the council could not share the case with CBSA.
    response = member.post(
        f"/cases/{reference}/consents/",
        {
            "consent-person": case.people.get().pk,
            "consent-signed_by": "self",
            "consent-signer_name": "Marie Joseph",
            "consent-instrument": "imm5476",
            "consent-covers_council": "on",
            "consent-covers_cbsa": "on",
            "consent-signed_on": "2026-05-01",
        },
    )
    assert response.status_code == 302
    response = member.post(
        f"/cases/{reference}/documents/",
        {"document-kind": "removal_order", "document-upload": upload("direction.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    document = case.documents.get()

    transition(member, reference, "submit")
    transition(council, reference, "start_review")
    transition(council, reference, "request_info", comment="Send the school letters.")
    transition(member, reference, "resubmit", comment="School letters attached.")
    transition(council, reference, "start_review")
    transition(council, reference, "accept")
    transition(
        council,
        reference,
        "escalate",
        target=Agency.CBSA,
        sent_on="2026-05-04",
        government_reference="CBSA-QC-2026-118",
    )
    transition(
        council,
        reference,
        "record_response",
        received_on="2026-05-04",
        response="Removal deferred pending the H&C decision.",
    )
    transition(council, reference, "close", outcome=Outcome.FAVOURABLE)

    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.CLOSED, Outcome.FAVOURABLE)
    assert (case.escalation_target, case.government_reference) == (Agency.CBSA, "CBSA-QC-2026-118")
    assert case.response_summary == "Removal deferred pending the H&C decision."
    assert case.assigned_to == director
    history = [
        (e.actor.username, e.from_status, e.to_status, e.comment)
        for e in case.events.exclude(to_status="").order_by("at", "id")
    ]
    assert history == [
        ("alice", "draft", "submitted", ""),
        ("director", "submitted", "in_review", ""),
        ("director", "in_review", "info_requested", "Send the school letters."),
        ("alice", "info_requested", "submitted", "School letters attached."),
        ("director", "submitted", "in_review", ""),
        ("director", "in_review", "accepted", ""),
        ("director", "accepted", "escalated", ""),
        ("director", "escalated", "responded", ""),
        ("director", "responded", "closed", ""),
    ]
    assert "Send the school letters." in member.get(f"/cases/{reference}/").content.decode()

    # The walk's case and its document stay invisible to another organisation...
    stranger = logged_in(outsider)
    assert stranger.get(f"/cases/{reference}/").status_code == 404
    assert stranger.get(f"/cases/{reference}/documents/{document.pk}/").status_code == 404
    # ...and to CBSA, to whom it was escalated: its contact reads the disclosure (the
    # escalation record; no document was chosen), never the case or its document.
    agency = logged_in(cbsa_contact)
    assert agency.get(f"/cases/{reference}/").status_code == 404
    assert agency.get(f"/cases/{reference}/documents/{document.pk}/").status_code == 404
    disclosure = case.disclosures.get()
    assert (disclosure.agency, list(disclosure.items.all())) == (Agency.CBSA, [])
    assert agency.get(f"/disclosures/{disclosure.pk}/").status_code == 200
    download = member.get(f"/cases/{reference}/documents/{document.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="direction.pdf"'
    assert b"".join(download.streaming_content) == pdf_bytes()
