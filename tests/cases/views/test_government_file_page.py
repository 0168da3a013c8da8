"""Adding a government file, and the deadlines a decision starts."""

import datetime

import pytest

from casework.cases.models import GovernmentFile
from tests.factories import client_for, snapshot

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_adds_a_government_file(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/files/",
        {
            "file-agency": "IRCC",
            "file-kind": "sponsorship",
            "file-number": "f123456789",
            "file-person": draft.people.first().pk,
        },
    )
    assert response.status_code == 302
    assert GovernmentFile.objects.get().number == "F123456789"


def test_it_refuses_a_malformed_court_docket(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/files/",
        {"file-agency": "FC", "file-kind": "judicial_review", "file-number": "1234-26"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["number"] == [
        "A Federal Court file number looks like IMM-1234-26."
    ]
    assert snapshot(draft) == before


def test_it_adds_a_refused_decision_and_derives_the_judicial_review_deadline(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/files/",
        {
            "file-agency": "IRCC",
            "file-kind": "hc",
            "file-number": "E000123456",
            "file-decided_on": "2026-04-27",
            "file-decision": "refused",
            "file-notified_on": "2026-04-30",
            "file-decided_outside_canada": "on",
        },
    )
    assert response.status_code == 302
    file = GovernmentFile.objects.get()
    assert (file.decision, file.notified_on, file.decided_outside_canada) == (
        "refused",
        datetime.date(2026, 4, 30),
        True,
    )
    assert draft.deadlines.get(kind="judicial_review").due_on == datetime.date(2026, 6, 29)
    text = page(client_for(caseworker).get(f"/cases/{draft.reference}/"))
    assert "refused or dismissed · decision received 30 Apr 2026 · outside Canada" in text


def test_it_refuses_a_decision_received_before_it_was_made(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/files/",
        {
            "file-agency": "IRCC",
            "file-kind": "hc",
            "file-number": "E000123456",
            "file-decided_on": "2026-04-27",
            "file-notified_on": "2026-04-20",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["notified_on"] == [
        "A decision cannot be received before it is made."
    ]
    assert snapshot(draft) == before
