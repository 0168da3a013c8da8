"""The walk of issue 12, through HTTP: a removal case escalated to CBSA with two chosen
documents and to IRCC; the CBSA contact follows the e-mailed link, signs in, opens the
disclosure, downloads, records CBSA's response on the portal; CBSA's follow-up stops, IRCC's
keeps running."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from casework.cases.models import CaseDeadline, DeadlineKind, Status
from casework.disclosures.models import Escalation, GovernmentResponse
from tests.factories import PASSWORD
from tests.test_walk import logged_in, transition

from .test_delivery import link_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

FOLLOW_UP = datetime.timedelta(days=14)


def follow_ups(case) -> dict[str, tuple]:
    return {
        row.detail: (row.due_on, row.met)
        for row in CaseDeadline.objects.filter(case=case, kind=DeadlineKind.FOLLOW_UP)
    }


def test_a_contact_answers_on_the_portal_and_only_their_timer_stops(
    accepted_removal, director, cbsa_contact, ircc_contact, django_capture_on_commit_callbacks
):
    case = accepted_removal
    ref = case.reference
    today = datetime.date(2026, 5, 4)
    medical, identity = case.documents.order_by("pk")
    council = logged_in(director)

    # The council escalates to CBSA with the briefing and two chosen documents: CBSA's contact
    # is e-mailed a link once the escalation is saved.
    with django_capture_on_commit_callbacks(execute=True):
        transition(
            council,
            ref,
            "escalate",
            target="CBSA",
            sent_on=today.isoformat(),
            briefing=case.briefings.get().pk,
            documents=[medical.pk, identity.pk],
        )
    (email,) = [message for message in mail.outbox if message.to == [cbsa_contact.email]]
    assert ref not in email.subject + email.body
    # ... and asks IRCC to expedite the H&C decision, from the case's ledger.
    response = council.post(
        reverse("case_disclosures:escalation_add", args=[ref]),
        {
            "agency": "IRCC",
            "requested_action": "Expedite the H&C decision.",
            "sent_on": today.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cbsa, ircc = case.escalations.order_by("agency")
    assert (cbsa.agency, ircc.agency) == ("CBSA", "IRCC")
    disclosure = cbsa.disclosures.get()
    assert [item.document for item in disclosure.items.all()][1:] == [medical, identity]
    assert follow_ups(case) == {
        "CBSA": (today + FOLLOW_UP, False),
        "IRCC": (today + FOLLOW_UP, False),
    }

    # The contact follows the e-mailed link: sign in, then straight to the disclosure.
    link = link_in(email)
    contact = Client()
    signing_in = contact.get(link)
    assert signing_in["Location"].startswith("/accounts/login/?next=")
    contact.post(
        signing_in["Location"],
        {"username": cbsa_contact.username, "password": PASSWORD, "next": link},
    )
    assert contact.get(link)["Location"] == reverse("disclosures:detail", args=[disclosure.pk])
    listing = contact.get(reverse("disclosures:list"))
    assert list(listing.context["page"].object_list) == [disclosure]
    page = contact.get(reverse("disclosures:detail", args=[disclosure.pk]))
    assert page.status_code == 200
    assert "Defer the removal." in page.content.decode()
    assert "Expedite the" not in page.content.decode()  # IRCC's, not CBSA's
    download = contact.get(reverse("disclosures:item", args=[disclosure.pk, 3]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)

    # The contact records CBSA's response on the portal.
    respond = reverse("disclosures:respond", args=[disclosure.pk])
    assert contact.get(respond).status_code == 200
    response = contact.post(
        respond,
        {
            "received_on": today.isoformat(),
            "officer": "Officer Gagnon",
            "reference": "CBSA-2026-118",
            "decision": "removal_deferred",
            "next_date": (today + datetime.timedelta(days=60)).isoformat(),
            "summary": "Removal deferred for 60 days pending the H&C decision.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosures:detail", args=[disclosure.pk])

    answer = GovernmentResponse.objects.get()
    assert (answer.escalation, answer.channel, answer.by_agency, answer.recorded_by) == (
        cbsa,
        "portal",
        True,
        cbsa_contact,
    )
    case.refresh_from_db()
    assert case.status == Status.RESPONDED
    cbsa.refresh_from_db()
    ircc.refresh_from_db()
    assert (cbsa.state, ircc.state) == (Escalation.State.ANSWERED, Escalation.State.OPEN)
    # CBSA's timer stopped (its response's next date is the new deadline); IRCC's runs on.
    assert follow_ups(case) == {
        "CBSA": (today + datetime.timedelta(days=60), False),
        "IRCC": (today + FOLLOW_UP, False),
    }
    page = contact.get(reverse("disclosures:detail", args=[disclosure.pk]))
    assert "Removal deferred for 60 days" in page.content.decode()

    # The council reads it on the ledger, and IRCC's contact sees none of it.
    ledger = council.get(reverse("case_disclosures:ledger", args=[ref]))
    assert "Removal deferred for 60 days" in ledger.content.decode()
    other = logged_in(ircc_contact)
    assert other.get(respond).status_code == 404
    assert other.get(reverse("disclosures:detail", args=[disclosure.pk])).status_code == 404
