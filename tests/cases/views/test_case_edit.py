"""Editing a case (/cases/<ref>/edit/)."""

import datetime

import pytest

from casework.cases import services
from casework.cases.models import Case, Kind, Status
from tests.factories import advance, client_for, make_case, snapshot

from .helpers import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_it_edits_a_draft(colleague, draft):
    client = client_for(colleague)
    assert client.get(f"/cases/{draft.reference}/edit/").status_code == 200

    response = client.post(
        f"/cases/{draft.reference}/edit/",
        {
            "summary": "Rewritten.",
            "correspondence_language": "en",
            "version": draft.version,
            "deadline": "2026-06-01",
            "deadline_note": "Judicial review",
        },
    )

    assert (response.status_code, response["Location"]) == (302, f"/cases/{draft.reference}/")
    draft.refresh_from_db()
    assert (draft.summary, draft.deadline, draft.kind) == (
        "Rewritten.",
        datetime.date(2026, 6, 1),
        Kind.FAMILY_REUNIFICATION,
    )


def test_it_refuses_a_stale_edit_and_keeps_the_newer_text(caseworker, colleague, draft):
    services.case_update(
        case=draft,
        actor=colleague,
        expected_version=draft.version,
        data={"summary": "Colleague's summary."},
    )
    before = snapshot(draft)

    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/edit/",
        {"summary": "Mine.", "correspondence_language": "en", "version": draft.version},
    )

    assert response.status_code == 400
    assert f"Someone else changed case {draft.reference}" in page(response)
    assert snapshot(draft) == before
    assert Case.objects.get(pk=draft.pk).summary == "Colleague's summary."


def test_it_refuses_to_edit_a_submitted_case_for_the_member(caseworker, draft):
    case = advance(draft, Status.SUBMITTED, member=caseworker, council=None)
    assert client_for(caseworker).get(f"/cases/{case.reference}/edit/").status_code == 403


def test_it_records_the_prra_notice_from_the_edit_form(caseworker):
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/edit/",
        {
            "summary": case.summary,
            "correspondence_language": "en",
            "version": case.version,
            "removal-removal_at": "2026-06-30T07:30",
            "removal-order_type": "deportation",
            "removal-prra_notified_on": "2026-05-01",
            "removal-prra_notice_mode": "in_person",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.removal.prra_notified_on, case.removal.prra_notice_mode) == (
        datetime.date(2026, 5, 1),
        "in_person",
    )
    assert case.deadlines.get(kind="prra").due_on == datetime.date(2026, 5, 18)


def test_it_refuses_a_prra_notice_in_the_future(caseworker):
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    before = snapshot(case)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/edit/",
        {
            "summary": case.summary,
            "correspondence_language": "en",
            "version": case.version,
            "removal-order_type": "deportation",
            "removal-prra_notified_on": "2026-05-05",
        },
    )
    assert response.status_code == 400
    assert response.context["removal_form"].errors["prra_notified_on"] == [
        "The PRRA notice cannot be given in the future."
    ]
    assert snapshot(case) == before
