"""Odd input stays harmless: dates out of bounds are refused where they are entered, invisible
characters that change what people read are removed from every text (casework/inputs.py)."""

import datetime

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.models import Case, CaseEvent, Kind, Status
from casework.cases.uploads import safe_filename
from casework.inputs import clean_text
from tests.factories import (
    PersonFields,
    case_at,
    client_for,
    make_case,
    removal_fields,
    snapshot,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

RLO = "\u202e"  # right-to-left override
ZWSP = "\u200b"  # zero-width space
ZWNJ = "\u200c"  # zero-width non-joiner: Persian needs it


def new_removal_case(client, removal_at: str):
    return client.post(
        "/cases/new/",
        {
            "kind": Kind.REMOVAL_DEFERRAL,
            "summary": "Removal.",
            "correspondence_language": "en",
            "removal-removal_at": removal_at,
            "removal-order_type": "departure",
        },
    )


# Dates


@pytest.mark.parametrize(
    ("removal_at", "message"),
    [
        ("9999-12-31T23:59", "A removal is scheduled at most two years ahead: check the year."),
        ("2029-01-10T09:00", "A removal is scheduled at most two years ahead: check the year."),
    ],
)
def test_it_refuses_a_removal_too_far_ahead_with_a_form_error(caseworker, removal_at, message):
    response = new_removal_case(client_for(caseworker), removal_at)

    assert response.status_code == 400
    assert message in response.context["removal_form"].errors["removal_at"]
    assert not Case.objects.exists()


def test_it_accepts_a_removal_within_two_years(caseworker):
    response = new_removal_case(client_for(caseworker), "2027-11-30T09:00")
    assert response.status_code == 302
    assert Case.objects.get().removal.removal_at.year == 2027


def test_the_service_refuses_a_date_out_of_bounds_whoever_calls_it(caseworker):
    far = timezone.now().replace(year=9999, month=12, day=31)
    with pytest.raises(services.CaseError, match="more than ten years away"):
        services.case_create(
            actor=caseworker,
            kind=Kind.REMOVAL_DEFERRAL,
            summary="Removal.",
            removal=removal_fields(removal_at=far),
        )
    case = make_case(caseworker)
    with pytest.raises(services.CaseError, match="before 1900"):
        services.person_add(
            case=case, actor=caseworker, **PersonFields(date_of_birth=datetime.date(1, 1, 1))
        )
    assert not Case.objects.exclude(pk=case.pk).exists()
    assert case.people.count() == 1


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("people/", {"person-role": "child", "person-family_name": "Doe",
                     "person-date_of_birth": "1899-12-31"}, "date_of_birth"),
        ("consents/", {"consent-signed_by": "self", "consent-signed_on": "2026-01-01",
                       "consent-expires_on": "9999-12-31", "consent-covers_council": "on",
                       "consent-instrument": "council_form"}, "expires_on"),
        ("files/", {"file-agency": "IRCC", "file-kind": "hc", "file-number": "C123456789",
                    "file-decided_on": "0001-01-01"}, "decided_on"),
    ],
)  # fmt: skip
def test_it_refuses_dates_out_of_bounds_in_every_form(caseworker, url, data, field):
    case = make_case(caseworker)
    before = snapshot(case)

    response = client_for(caseworker).post(f"/cases/{case.reference}/{url}", data)

    assert response.status_code == 400
    assert "Check the year" in response.content.decode()
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [("9999-12-31", "cannot be in the future"), ("0001-01-01", "Check the year")],
)
def test_a_transition_dated_out_of_bounds_is_refused_and_changes_nothing(
    caseworker, director, sent_on, message
):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)
    before = snapshot(case)

    response = client_for(director).post(
        f"/cases/{case.reference}/transition/escalate/",
        {"escalate-version": case.version, "escalate-target": "CBSA", "escalate-sent_on": sent_on},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(case) == before


def test_statistics_over_an_absurd_period_are_refused_with_a_message(director):
    response = client_for(director).get(
        "/reports/statistics/", {"from": "0001-01-01", "to": "9999-12-31"}
    )
    assert response.status_code in (200, 400)
    assert "Check the year" in response.content.decode()


# Invisible characters


def test_clean_text_removes_overrides_isolates_and_zero_width_spaces_only():
    assert clean_text(f"invoice{RLO}fdp.exe") == "invoicefdp.exe"
    assert clean_text(f"A{ZWSP}mina\u2066x\u2069\ufeff\x1b") == "Aminax"
    # Persian needs the zero-width non-joiner; tabs and line breaks are text.
    assert clean_text(f"می{ZWNJ}خواهم\tline\r\nnext") == f"می{ZWNJ}خواهم\tline\r\nnext"


def test_it_removes_a_right_to_left_override_from_a_case_summary(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {
            "kind": Kind.FAMILY_REUNIFICATION,
            "summary": f"See invoice{RLO}fdp.exe",
            "correspondence_language": "en",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().summary == "See invoicefdp.exe"


def test_it_removes_invisible_characters_from_names_notes_and_comments(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    client = client_for(director)

    client.post(
        f"/cases/{case.reference}/people/",
        {
            "person-role": "child",
            "person-family_name": f"Do{ZWSP}e{RLO}",
            "person-given_names": "Sam",
            "person-date_of_birth_precision": "day",
        },
    )
    client.post(f"/cases/{case.reference}/notes/", {"note-body": f"Called{RLO} the client."})
    client.post(
        f"/cases/{case.reference}/transition/request_info/",
        {
            "request_info-version": Case.objects.get(pk=case.pk).version,
            "request_info-comment": f"Add the{RLO} certificate.",
        },
    )

    assert case.people.filter(family_name="Doe").exists()
    assert case.notes.get().body == "Called the client."
    event = CaseEvent.objects.get(case=case, to_status=Status.INFO_REQUESTED)
    assert event.comment == "Add the certificate."


def test_the_service_removes_them_whoever_calls_it(caseworker):
    case = services.case_create(
        actor=caseworker, kind=Kind.FAMILY_REUNIFICATION, summary=f"Mother{RLO} in Canada."
    )
    assert case.summary == "Mother in Canada."


def test_it_removes_them_from_file_names(caseworker):
    assert safe_filename(f"invoice{RLO}fdp.exe") == "invoicefdp.exe"
    assert safe_filename(f"pass{ZWSP}port\u2067.pdf") == "passport.pdf"
    case = make_case(caseworker)
    document = services.document_add(
        case=case, actor=caseworker, kind="identity", upload=upload(f"scan{RLO}fdp.pdf")
    )
    assert document.original_name == "scanfdp.pdf"


def test_organisation_and_account_names_lose_them_too(org_a, caseworker):
    org_a.name = f"Member{RLO} A{ZWSP}"
    caseworker.first_name = f"Al{RLO}ice"
    org_a.full_clean()
    caseworker.full_clean()
    assert (org_a.name, caseworker.first_name) == ("Member A", "Alice")


# Services clean what reaches them without a form (the API, scripts): the history and the case.


def test_a_transition_called_without_a_form_keeps_no_invisible_character(caseworker, director):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)

    case = services.case_record_response(
        case=case,
        actor=director,
        expected_version=case.version,
        received_on=timezone.localdate(),
        response="Deferred until\u202e fdp.exe",
        comment="Called\u200b the officer",
    )

    assert case.response_summary == "Deferred until fdp.exe"
    assert case.events.first().comment == "Called the officer"


def test_a_transition_called_without_a_form_refuses_an_impossible_date(caseworker, director):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    before = snapshot(case)

    with pytest.raises(services.CaseError, match="1900"):
        services.case_record_response(
            case=case,
            actor=director,
            expected_version=case.version,
            received_on=datetime.date(1066, 10, 14),
            response="Deferred.",
        )

    assert snapshot(case) == before


def test_a_note_written_without_a_form_keeps_no_invisible_character(caseworker):
    case = make_case(caseworker)

    note = services.note_add(case=case, actor=caseworker, body="Mr\u202e Haddad", internal=False)

    assert note.body == "Mr Haddad"
