import datetime
import hashlib
import re

import pytest

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.models import (
    Case,
    CaseEvent,
    Document,
    GovernmentFile,
    Kind,
    Note,
    Person,
    Status,
    Urgency,
)
from tests.factories import (
    NOW,
    TORONTO,
    act,
    advance,
    case_at,
    client_for,
    make_case,
    pdf_bytes,
    removal_fields,
    snapshot,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Every URL of a case: (name, methods it answers, path with {ref}, {person} and {document}).
CASE_URLS = [
    ("detail", {"GET"}, "/cases/{ref}/"),
    ("edit", {"GET", "POST"}, "/cases/{ref}/edit/"),
    ("transition", {"POST"}, "/cases/{ref}/transition/record_response/"),
    ("person_add", {"POST"}, "/cases/{ref}/people/"),
    ("person_edit", {"GET", "POST"}, "/cases/{ref}/people/{person}/edit/"),
    ("person_remove", {"POST"}, "/cases/{ref}/people/{person}/remove/"),
    ("file_add", {"POST"}, "/cases/{ref}/files/"),
    ("consent_add", {"POST"}, "/cases/{ref}/consents/"),
    ("document_add", {"POST"}, "/cases/{ref}/documents/"),
    ("document", {"GET"}, "/cases/{ref}/documents/{document}/"),
    ("note_add", {"POST"}, "/cases/{ref}/notes/"),
    ("assign", {"POST"}, "/cases/{ref}/assign/"),
    ("urgency", {"POST"}, "/cases/{ref}/urgency/"),
]
EVERY_REQUEST = [(method, path) for _name, methods, path in CASE_URLS for method in sorted(methods)]
# What a read-only user may not do: every POST, and the pages that exist only to write.
WRITES = [
    (method, path) for method, path in EVERY_REQUEST if method == "POST" or path.endswith("/edit/")
]


def url(path: str, case: Case) -> str:
    return path.format(
        ref=case.reference,
        person=case.people.first().pk,
        document=case.documents.first().pk,
    )


def request(client, method: str, path: str, data=None):
    return getattr(client, method.lower())(path, data or {})


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def cbsa_case(caseworker, director, cbsa):
    """A removal case with a person and a document, escalated to CBSA."""
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL)
    services.document_add(case=case, actor=caseworker, kind="removal_order", upload=upload())
    return advance(case, Status.ESCALATED, member=caseworker, council=director)


@pytest.fixture
def draft(caseworker):
    case = make_case(caseworker)
    services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    return Case.objects.get(pk=case.pk)


# Who may reach a case at all. One test per persona (building the cases is the slow part);
# each request is a subtest, so every refusal that fails is reported on its own.


def test_it_answers_404_to_an_outsider_on_every_url(outsider, cbsa_case, draft, subtests):
    client = client_for(outsider)
    for case in (cbsa_case, draft):
        before = snapshot(case)
        for method, path in EVERY_REQUEST:
            with subtests.test(case=case.status, method=method, path=path):
                assert request(client, method, url(path, case)).status_code == 404
        assert snapshot(case) == before


def test_it_sends_anonymous_visitors_to_log_in_on_every_url(anonymous, cbsa_case, subtests):
    before = snapshot(cbsa_case)
    for method, path in EVERY_REQUEST:
        with subtests.test(method=method, path=path):
            target = url(path, cbsa_case)
            response = request(anonymous, method, target)
            assert response.status_code == 302
            assert response["Location"] == f"/accounts/login/?next={target}"
    assert snapshot(cbsa_case) == before


def test_it_shows_a_government_contact_a_case_escalated_to_its_agency(cbsa_contact, cbsa_case):
    response = client_for(cbsa_contact).get(f"/cases/{cbsa_case.reference}/")
    assert response.status_code == 200
    assert cbsa_case.reference in page(response)
    assert response.context["transitions"] == []
    assert not response.context["can_edit"]
    for form in ("note_form", "assign_form"):
        assert form not in response.context
    assert not response.context["can_override_urgency"]


def test_it_refuses_every_write_by_a_government_contact(cbsa_contact, cbsa_case, subtests):
    client = client_for(cbsa_contact)
    before = snapshot(cbsa_case)
    for method, path in WRITES:
        with subtests.test(method=method, path=path):
            assert request(client, method, url(path, cbsa_case)).status_code == 403
    assert snapshot(cbsa_case) == before


def test_it_answers_404_to_a_government_contact_on_a_case_not_escalated_to_it(
    ircc_contact, cbsa_case, subtests
):
    client = client_for(ircc_contact)
    for method, path in EVERY_REQUEST:
        with subtests.test(method=method, path=path):
            assert request(client, method, url(path, cbsa_case)).status_code == 404


def test_it_answers_404_to_the_council_on_a_draft(director, draft):
    assert client_for(director).get(f"/cases/{draft.reference}/").status_code == 404


def test_it_answers_404_for_a_case_that_does_not_exist(caseworker):
    assert client_for(caseworker).get("/cases/CCR-2026-99999/").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/cases/{ref}/"),
        ("DELETE", "/cases/{ref}/"),
        ("PUT", "/cases/{ref}/transition/submit/"),
        ("PUT", "/cases/{ref}/people/"),
        ("GET", "/cases/{ref}/people/{person}/remove/"),
        ("PUT", "/cases/{ref}/documents/"),
        ("POST", "/cases/{ref}/documents/{document}/"),
        ("GET", "/cases/{ref}/notes/"),
        ("PUT", "/cases/{ref}/edit/"),
        ("POST", "/cases/"),
    ],
)
def test_it_answers_405_to_the_wrong_method(caseworker, draft, method, path):
    before = snapshot(draft)
    response = request(client_for(caseworker), method, url(path, draft))
    assert response.status_code == 405
    assert snapshot(draft) == before


# The case list


def test_it_lists_only_the_users_cases(caseworker, outsider, director):
    ours = make_case(caseworker)
    theirs = make_case(outsider, submitted=True)

    response = client_for(caseworker).get("/cases/")

    assert response.status_code == 200
    assert [case.reference for case in response.context["page"]] == [ours.reference]
    assert theirs.reference not in page(response)
    assert "organisation" not in response.context["form"].fields


def test_it_filters_the_list_from_the_query_string(caseworker, director):
    family = make_case(caseworker, submitted=True)
    removal = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True)
    client = client_for(director)

    by_kind = client.get("/cases/", {"kind": Kind.REMOVAL_DEFERRAL})
    by_text = client.get("/cases/", {"q": family.reference.lower()})
    by_org = client.get("/cases/", {"organisation": caseworker.organisation.pk})

    assert [c.reference for c in by_kind.context["page"]] == [removal.reference]
    assert [c.reference for c in by_text.context["page"]] == [family.reference]
    assert {c.reference for c in by_org.context["page"]} == {family.reference, removal.reference}


def test_it_ignores_an_invalid_filter_instead_of_failing(caseworker):
    case = make_case(caseworker)
    response = client_for(caseworker).get("/cases/", {"urgency": "9", "status": "nonsense"})
    assert response.status_code == 200
    assert [c.reference for c in response.context["page"]] == [case.reference]


# Creating and editing


def test_it_asks_for_the_kind_before_the_form(caseworker):
    response = client_for(caseworker).get("/cases/new/")
    assert response.status_code == 200
    assert "?kind=removal_deferral" in page(response)


def test_it_creates_a_draft_from_the_form(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {
            "kind": Kind.SEPARATED_CHILD,
            "summary": "Boy of 12 alone in Montréal.",
            "correspondence_language": "fr",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert response.redirect_chain == [(f"/cases/{case.reference}/", 302)]
    assert (case.kind, case.status, case.correspondence_language) == (
        Kind.SEPARATED_CHILD,
        Status.DRAFT,
        "fr",
    )
    assert f"Case {case.reference} was created as a draft" in page(response)


def test_it_refuses_a_new_case_without_a_summary(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {"kind": Kind.FAMILY_REUNIFICATION, "summary": "", "correspondence_language": "en"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["summary"] == ["This field is required."]
    assert not Case.objects.exists()


def test_it_refuses_a_removal_date_in_the_past(caseworker):
    response = client_for(caseworker).post(
        "/cases/new/",
        {
            "kind": Kind.REMOVAL_DEFERRAL,
            "summary": "Removal.",
            "correspondence_language": "en",
            "removal-removal_at": "2026-05-01T09:00",
            "removal-order_type": "departure",
        },
    )
    assert response.status_code == 400
    assert response.context["removal_form"].errors["removal_at"] == [
        "The removal date must be in the future."
    ]
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["director", "cbsa_contact"])
def test_it_lets_only_member_organisations_open_the_new_case_page(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/cases/new/").status_code == 403
    assert (
        client.post(
            "/cases/new/",
            {"kind": Kind.FAMILY_REUNIFICATION, "summary": "x", "correspondence_language": "en"},
        ).status_code
        == 403
    )
    assert not Case.objects.exists()


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
    assert client_for(cbsa_contact).get(f"/cases/{case.reference}/").status_code == 200


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


# People, files, consents


def person_data(**overrides) -> dict:
    data = {
        "person-role": Person.Role.CHILD,
        "person-family_name": "Haddad",
        "person-given_names": "Yara",
        "person-date_of_birth": "2015-09-01",
        "person-date_of_birth_precision": "day",
        "person-citizenship": "SY",
        "person-uci": "12-3456-7890",
        "person-relationship": "Daughter",
    }
    return data | overrides


def test_it_adds_a_person(caseworker, draft):
    response = client_for(caseworker).post(f"/cases/{draft.reference}/people/", person_data())
    assert (response.status_code, response["Location"]) == (302, f"/cases/{draft.reference}/")
    person = draft.people.get(family_name="Haddad")
    assert (person.uci, person.citizenship.code, person.is_minor) == ("1234567890", "SY", True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "person-uci",
            "1234567",
            "A UCI has 8 or 10 digits, for example 1234-5678 or 12-3456-7890.",
        ),
        ("person-uci", "0000-0000", "00000000 is a placeholder, not a UCI."),
        ("person-date_of_birth", "2027-01-01", "A date of birth cannot be in the future."),
        ("person-family_name", "", "This field is required."),
    ],
)
def test_it_refuses_a_bad_person_and_says_why(caseworker, draft, field, value, message):
    before = snapshot(draft)
    people = draft.people.count()

    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/people/", person_data(**{field: value})
    )

    assert response.status_code == 400
    errors = response.context["form"].errors[field.removeprefix("person-")]
    assert errors[0].startswith(message)
    assert message.split(",")[0] in page(response)
    assert snapshot(draft) == before
    assert draft.people.count() == people


def test_it_edits_a_person(caseworker, draft):
    person = draft.people.first()
    path = f"/cases/{draft.reference}/people/{person.pk}/edit/"
    client = client_for(caseworker)
    assert client.get(path).status_code == 200

    data = {
        k.removeprefix("person-"): v for k, v in person_data(**{"person-uci": "8765 4321"}).items()
    }
    response = client.post(path, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.uci) == ("Haddad", "87654321")


def test_it_refuses_a_bad_uci_when_editing_a_person(caseworker, draft):
    person = draft.people.first()
    before = snapshot(draft)
    data = {
        k.removeprefix("person-"): v for k, v in person_data(**{"person-uci": "12AB5678"}).items()
    }

    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/people/{person.pk}/edit/", data
    )

    assert response.status_code == 400
    assert response.context["form"].errors["uci"] == [
        "A UCI has 8 or 10 digits, for example 1234-5678 or 12-3456-7890."
    ]
    assert snapshot(draft) == before
    assert Person.objects.get(pk=person.pk).family_name == person.family_name


def test_it_answers_404_for_a_person_of_another_case(caseworker, draft):
    other = make_case(caseworker)
    stranger = other.people.first()
    client = client_for(caseworker)
    assert client.get(f"/cases/{draft.reference}/people/{stranger.pk}/edit/").status_code == 404
    assert client.post(f"/cases/{draft.reference}/people/{stranger.pk}/remove/").status_code == 404
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_it_removes_a_person(caseworker, draft):
    person = draft.people.first()
    response = client_for(caseworker).post(f"/cases/{draft.reference}/people/{person.pk}/remove/")
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


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


# Documents


def test_it_attaches_and_serves_a_document_as_an_attachment(caseworker, colleague, draft):
    content = pdf_bytes()
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/documents/",
        {"document-kind": "medical", "document-upload": upload("Dr letter.pdf", content)},
    )
    assert response.status_code == 302
    document = draft.documents.get(kind="medical")

    response = client_for(colleague).get(f"/cases/{draft.reference}/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Dr letter.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    event = draft.events.first()
    assert (event.action, event.actor, event.data) == (
        "document.downloaded",
        colleague,
        {"id": document.pk},
    )


def test_it_refuses_a_text_file_named_pdf(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/documents/",
        {
            "document-kind": "identity",
            "document-upload": upload("notes.pdf", b"Dear officer,\n", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "Only PDF, PNG, JPEG, Word (.docx) and OpenDocument (.odt) files" in page(response)
    assert snapshot(draft) == before
    assert draft.documents.count() == 1


def test_it_answers_404_for_a_document_of_another_case(caseworker, draft):
    other = make_case(caseworker)
    document = services.document_add(case=other, actor=caseworker, kind="identity", upload=upload())
    response = client_for(caseworker).get(f"/cases/{draft.reference}/documents/{document.pk}/")
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(action="document.downloaded").exists()


# Notes, assignment, urgency


def test_it_adds_a_note(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/notes/", {"note-body": "Client prefers Arabic."}
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.body, note.internal, note.author) == ("Client prefers Arabic.", False, caseworker)


def test_it_forbids_a_caseworker_an_internal_note(caseworker, draft):
    response = client_for(caseworker).post(
        f"/cases/{draft.reference}/notes/", {"note-body": "Secret.", "note-internal": "on"}
    )
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_it_hides_internal_notes_from_the_member(caseworker, director):
    case = make_case(caseworker, submitted=True)
    client_for(director).post(
        f"/cases/{case.reference}/notes/",
        {"note-body": "Weak on the merits.", "note-internal": "on"},
    )
    assert Note.objects.get().internal
    assert "Weak on the merits." in page(client_for(director).get(f"/cases/{case.reference}/"))
    assert "Weak on the merits." not in page(
        client_for(caseworker).get(f"/cases/{case.reference}/")
    )


def test_it_refuses_an_empty_note(caseworker, draft):
    before = snapshot(draft)
    response = client_for(caseworker).post(f"/cases/{draft.reference}/notes/", {"note-body": ""})
    assert response.status_code == 400
    assert snapshot(draft) == before


def test_it_assigns_a_case(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(director).post(
        f"/cases/{case.reference}/assign/", {"assign-assignee": director.pk}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).assigned_to == director


def test_it_forbids_a_caseworker_to_assign(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/assign/", {"assign-assignee": director.pk}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_it_overrides_the_urgency_with_a_reason(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(director).post(
        f"/cases/{case.reference}/urgency/",
        {"urgency-urgency": Urgency.CRITICAL, "urgency-reason": "Child hospitalised."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.urgency, case.urgency_override_reason) == (Urgency.CRITICAL, "Child hospitalised.")


def test_it_refuses_an_urgency_override_without_a_reason(caseworker, director):
    case = make_case(caseworker, submitted=True)
    before = snapshot(case)
    response = client_for(director).post(
        f"/cases/{case.reference}/urgency/", {"urgency-urgency": Urgency.CRITICAL}
    )
    assert response.status_code == 400
    assert "Give a reason for overriding the computed urgency." in page(response)
    assert snapshot(case) == before


# The detail page


def test_it_shows_the_detail_with_the_actions_the_user_may_take(caseworker, director, draft):
    response = client_for(caseworker).get(f"/cases/{draft.reference}/")
    assert response.status_code == 200
    assert [transition.name for transition, _one_click in response.context["transitions"]] == [
        "submit",
        "withdraw",
    ]
    assert draft.people.first().family_name in page(response)

    case = advance(draft, Status.IN_REVIEW, member=caseworker, council=director)
    response = client_for(director).get(f"/cases/{case.reference}/")
    assert [transition.name for transition, _one_click in response.context["transitions"]] == [
        "request_info",
        "accept",
        "decline",
        "withdraw",
    ]
    response = client_for(caseworker).get(f"/cases/{case.reference}/")
    assert [transition.name for transition, _one_click in response.context["transitions"]] == [
        "withdraw"
    ]
    assert not response.context["can_edit"]


def test_it_shows_the_history_of_transitions(caseworker, director):
    case = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    response = client_for(caseworker).get(f"/cases/{case.reference}/")
    assert "Add the birth certificate." in page(response)
    assert [(e.from_status, e.to_status) for e in response.context["events"] if e.to_status] == [
        (Status.IN_REVIEW, Status.INFO_REQUESTED),
        (Status.SUBMITTED, Status.IN_REVIEW),
        (Status.DRAFT, Status.SUBMITTED),
    ]


def test_it_does_not_leak_a_documents_existence_through_its_id(outsider, draft):
    missing = Document.objects.order_by("-pk").first().pk + 100
    client = client_for(outsider)
    real = client.get(f"/cases/{draft.reference}/documents/{draft.documents.first().pk}/")
    fake = client.get(f"/cases/{draft.reference}/documents/{missing}/")
    assert real.status_code == fake.status_code == 404


# Deadlines: on the case page, on the list, and the "due soon" page


def test_it_shows_the_deadlines_of_a_case_with_where_each_stands(caseworker, director):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        deadline=datetime.date(2026, 5, 1),
        deadline_note="Stay motion record",
        removal=removal_fields(
            removal_at=NOW + datetime.timedelta(hours=40, minutes=10),
            prra_notified_on=datetime.date(2026, 4, 24),
            prra_notice_mode="mail",
        ),
    )
    services.government_file_add(
        case=case,
        actor=caseworker,
        agency="IRCC",
        kind="prra",
        number="E000123456",
        submitted_on=datetime.date(2026, 4, 30),
    )
    text = page(client_for(caseworker).get(f"/cases/{case.reference}/"))

    deadlines = text[text.index('id="deadlines-heading"') : text.index('id="removal-heading"')]
    assert [
        line.strip() for line in re.findall(r'class="deadline-state[^"]*">([^<]+)<', deadlines)
    ] == [
        "Overdue by 3 days",  # the manual deadline, 1 May
        "Due in 40 hours",  # the removal
        "Met",  # the PRRA, mailed 24 April: due 18 May, applied for on 30 April
    ]
    assert "Stay motion record" in deadlines
    assert "May 18, 2026" in deadlines
    assert "PRRA notice" in text and "April 24, 2026 (by mail)" in text


def test_it_shows_the_next_deadline_in_the_list(caseworker):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=None, prra_notified_on=datetime.date(2026, 5, 4)),
        deadline=datetime.date(2026, 6, 1),
    )
    response = client_for(caseworker).get("/cases/")
    assert response.context["page"].object_list[0].next_deadline == datetime.date(2026, 5, 19)
    assert "Next deadline" in page(response)
    assert "05/19/2026" in page(response)
    assert case.reference in page(response)


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
    assert "refused or dismissed · decision received April 30, 2026 · outside Canada" in text


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


@pytest.fixture
def due_cases(caseworker, outsider, director):
    """Org A: an overdue manual deadline, a removal in 6 days, a PRRA met, a deadline in a month.
    Org B: a deadline tomorrow."""
    overdue = make_case(
        caseworker,
        deadline=datetime.date(2026, 5, 1),
        deadline_note="Reply to the procedural fairness letter",
        submitted=True,
    )
    removal = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(
            removal_at=datetime.datetime(2026, 5, 10, 15, 0, tzinfo=TORONTO),
            prra_notified_on=datetime.date(2026, 5, 1),
        ),
    )
    services.government_file_add(
        case=removal,
        actor=caseworker,
        agency="IRCC",
        kind="prra",
        number="E000123456",
        submitted_on=datetime.date(2026, 5, 4),
    )
    later = make_case(caseworker, deadline=datetime.date(2026, 6, 4), submitted=True)
    other = make_case(
        outsider,
        deadline=datetime.date(2026, 5, 5),
        deadline_note="Org B's own deadline",
        submitted=True,
    )
    withdrawn = make_case(caseworker, deadline=datetime.date(2026, 5, 6))
    act(withdrawn, caseworker, "withdraw", comment="Client left Canada.")
    return {"overdue": overdue, "removal": removal, "later": later, "other": other}


def due_rows(response) -> list[tuple[str, str]]:
    return [(row.case.reference, row.kind) for row in response.context["page"].object_list]


def test_it_lists_what_is_due_soon_or_overdue_for_the_users_cases_only(
    caseworker, outsider, director, due_cases
):
    response = client_for(caseworker).get("/cases/due/")
    assert response.status_code == 200
    assert due_rows(response) == [
        (due_cases["overdue"].reference, "legal"),
        (due_cases["removal"].reference, "removal"),
    ]
    text = page(response)
    assert "Overdue by 3 days" in text
    assert "Reply to the procedural fairness letter" in text
    assert "Due in 6 days" in text
    assert "Org B" not in text and due_cases["other"].reference not in text
    assert 'aria-current="page">Due soon</a>' in text

    assert due_rows(client_for(outsider).get("/cases/due/")) == [
        (due_cases["other"].reference, "legal")
    ]
    # The council sees every submitted case: not org A's draft removal.
    assert due_rows(client_for(director).get("/cases/due/")) == [
        (due_cases["overdue"].reference, "legal"),
        (due_cases["other"].reference, "legal"),
    ]


def test_it_answers_405_to_a_post_on_the_due_page(caseworker):
    assert client_for(caseworker).post("/cases/due/").status_code == 405


def test_it_sends_anonymous_visitors_from_the_due_page_to_log_in(anonymous):
    response = anonymous.get("/cases/due/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/cases/due/",
    )


def test_it_shows_the_removal_time_in_each_users_time_zone(caseworker, colleague, due_cases):
    # No account service sets the time zone yet: set the preference directly.
    colleague.time_zone = "America/Vancouver"
    colleague.save(update_fields=["time_zone"])
    reference = due_cases["removal"].reference

    for path in (f"/cases/{reference}/", "/cases/due/"):
        in_toronto = page(client_for(caseworker).get(path))
        in_vancouver = page(client_for(colleague).get(path))
        assert "May 10, 2026, 3 p.m. EDT" in in_toronto
        assert "May 10, 2026, noon PDT" in in_vancouver
        assert "EDT" not in in_vancouver
