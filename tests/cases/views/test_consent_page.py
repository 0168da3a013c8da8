"""Recording a consent."""

import datetime

import pytest

from tests.factories import client_for, snapshot

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_records_a_consent(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/consents/",
        {
            "consent-signed_by": "parent",
            "consent-instrument": "imm5476",
            "consent-covers_council": "on",
            "consent-covers_ircc": "on",
            "consent-signed_on": "2026-04-30",
        },
    )
    assert response.status_code == 302
    consent = draft.consents.get(signed_by="parent")
    assert (consent.covers_ircc, consent.covers_cbsa, consent.signed_on) == (
        True,
        False,
        datetime.date(2026, 4, 30),
    )


def test_it_refuses_a_consent_that_covers_nobody(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/consents/",
        {
            "consent-signed_by": "self",
            "consent-instrument": "council_form",
            "consent-signed_on": "2026-04-30",
        },
    )
    assert response.status_code == 400
    assert "Tick at least one recipient the consent covers." in page(response)
    assert snapshot(draft) == before
