"""Escalation shares personal data with IRCC or CBSA: only with consent, or a recorded override."""

import datetime

import pytest
from django.utils import translation

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.models import Kind, Status
from tests.factories import (
    NOW,
    act,
    case_at,
    client_for,
    consent_fields,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture(autouse=True)
def english():
    """Messages in English unless a request asks otherwise; no French left for later tests."""
    with translation.override("en"):
        yield


def accepted(caseworker, director, **fields):
    return case_at(Status.ACCEPTED, member=caseworker, council=director, consent=False, **fields)


def escalate(case, director, agency=Agency.IRCC, **extra):
    return act(case, director, "escalate", target=agency, sent_on=NOW.date(), **extra)


def test_it_refuses_to_escalate_without_a_consent_covering_the_agency(caseworker, director):
    case = accepted(caseworker, director)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="may be shared with IRCC"):
        escalate(case, director)
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("consent", "why"),
    [
        ({"covers_ircc": False, "covers_cbsa": True}, "covers the other agency only"),
        ({"expires_on": datetime.date(2026, 5, 3)}, "expired yesterday"),
    ],
)
def test_it_refuses_a_consent_that_does_not_cover_the_escalation(
    caseworker, director, consent, why
):
    case = accepted(caseworker, director)
    services.consent_add(case=case, actor=director, **consent_fields(**consent))
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="No consent on file"):
        escalate(case, director)
    assert snapshot(case) == before, why


def test_it_escalates_with_a_consent_covering_the_agency(caseworker, director):
    case = accepted(caseworker, director, kind=Kind.REMOVAL_DEFERRAL)
    services.consent_add(
        case=case, actor=director, **consent_fields(covers_ircc=False, expires_on=NOW.date())
    )
    case = escalate(case, director, Agency.CBSA)
    assert case.status == Status.ESCALATED
    assert not case.events.filter(action="case.consent_overridden").exists()


def test_it_lets_council_staff_override_with_a_reason_kept_in_the_history(caseworker, director):
    case = accepted(caseworker, director)
    case = escalate(
        case, director, consent_override_reason="  Child in danger; mother reachable tomorrow. "
    )
    assert case.status == Status.ESCALATED
    override = case.events.get(action="case.consent_overridden")
    assert (override.actor, override.comment, override.data) == (
        director,
        "Child in danger; mother reachable tomorrow.",
        {"agency": "IRCC"},
    )


def test_it_treats_a_blank_override_reason_as_no_override(caseworker, director):
    case = accepted(caseworker, director)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="No consent on file"):
        escalate(case, director, consent_override_reason="   ")
    assert snapshot(case) == before


# The escalate form


def escalate_post(client, case, **fields):
    data = {
        "escalate-version": case.version,
        "escalate-target": Agency.IRCC,
        "escalate-sent_on": "2026-05-04",
    } | {f"escalate-{name}": value for name, value in fields.items()}
    return client.post(f"/cases/{case.reference}/transition/escalate/", data)


def test_the_escalate_form_names_the_missing_consent(caseworker, director):
    case = accepted(caseworker, director)
    page = client_for(director).get(f"/cases/{case.reference}/transition/escalate/")
    page = page.content.decode()
    assert "No consent on file covers sharing this case with: IRCC Case Management Branch" in page
    assert 'name="escalate-consent_override"' in page


def test_the_escalate_form_says_nothing_when_consent_covers_both_agencies(caseworker, director):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director)
    page = client_for(director).get(f"/cases/{case.reference}/transition/escalate/")
    assert page.status_code == 200
    page = page.content.decode()
    assert "No consent on file" not in page


def test_the_escalate_form_refuses_with_a_translated_message(caseworker, director):
    case = accepted(caseworker, director)
    before = snapshot(case)
    director.language = "fr"
    director.save(update_fields=["language"])
    response = escalate_post(client_for(director), case)
    assert response.status_code == 400
    assert "Aucun consentement au dossier ne permet de communiquer ce dossier à IRCC" in (
        response.content.decode()
    )
    assert snapshot(case) == before


def test_the_escalate_form_requires_a_reason_for_the_override(caseworker, director):
    case = accepted(caseworker, director)
    before = snapshot(case)
    response = escalate_post(client_for(director), case, consent_override="on")
    assert response.status_code == 400
    assert "Give the reason for escalating without a consent on file." in response.content.decode()
    assert snapshot(case) == before


def test_the_escalate_form_records_an_override_with_its_reason(caseworker, director):
    case = accepted(caseworker, director)
    response = escalate_post(
        client_for(director),
        case,
        consent_override="on",
        consent_override_reason="Removal tonight; consent form on its way.",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ESCALATED
    assert case.events.filter(
        action="case.consent_overridden", comment="Removal tonight; consent form on its way."
    ).exists()
