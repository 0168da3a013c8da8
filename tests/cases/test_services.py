import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError

from casework.accounts.models import Agency
from casework.cases import services
from casework.cases.models import (
    Case,
    CaseEvent,
    Document,
    GovernmentFile,
    Kind,
    Note,
    Outcome,
    Person,
    Status,
    Urgency,
)
from casework.cases.selectors import cases_visible_to, notes_visible_to
from tests.factories import (
    NOW,
    TORONTO,
    PersonFields,
    act,
    case_at,
    make_case,
    pdf_bytes,
    png_bytes,
    removal_fields,
    snapshot,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


# case_create


def test_it_creates_a_draft_with_a_sequential_reference_for_the_year(caseworker, colleague, now):
    first = make_case(caseworker)
    second = make_case(colleague, kind=Kind.SEPARATED_CHILD)

    assert (first.reference, second.reference) == ("CCR-2026-00001", "CCR-2026-00002")
    assert (first.status, second.status) == (Status.DRAFT, Status.DRAFT)
    assert first.organisation == caseworker.organisation
    assert first.created_by == caseworker
    created = first.events.get(action="case.created")
    assert (created.actor, created.from_status, created.to_status) == (caseworker, "", "")


def test_it_restarts_numbering_each_year_in_toronto_time(caseworker, time_machine):
    # 23:30 in Toronto on New Year's Eve is already 2027 in UTC.
    time_machine.move_to(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=TORONTO), tick=False)
    make_case(caseworker)
    last_of_2026 = make_case(caseworker)
    time_machine.move_to(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=TORONTO), tick=False)
    first_of_2027 = make_case(caseworker)

    assert last_of_2026.reference == "CCR-2026-00002"
    assert first_of_2027.reference == "CCR-2027-00001"


def test_it_gives_the_organisation_group_view_and_change_on_the_new_case(
    caseworker, colleague, org_admin, outsider
):
    case = make_case(caseworker)

    for member in (caseworker, colleague, org_admin):
        assert member.has_perm("cases.view_case", case)
        assert member.has_perm("cases.change_case", case)
    assert not outsider.has_perm("cases.view_case", case)
    assert not outsider.has_perm("cases.change_case", case)


def test_it_records_the_removal_details_with_the_case(caseworker, now):
    removal_at = NOW + datetime.timedelta(days=3, hours=1)
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        removal=removal_fields(removal_at=removal_at, detained=False, location="Montréal"),
    )
    assert (case.removal.removal_at, case.removal.location) == (removal_at, "Montréal")
    assert case.urgency == Urgency.HIGH


@pytest.mark.parametrize("persona", ["director", "cbsa_contact"])
def test_it_refuses_to_create_a_case_for_anyone_but_a_member_organisation(request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.case_create(actor=actor, kind=Kind.FAMILY_REUNIFICATION, summary="Mine.")
    assert not Case.objects.exists()


def test_it_refuses_a_case_without_a_summary(caseworker):
    with pytest.raises(services.CaseError):
        services.case_create(actor=caseworker, kind=Kind.FAMILY_REUNIFICATION, summary="")
    assert not Case.objects.exists()


# Transitions: each one writes a CaseEvent with who, from, to and the comment.

TRANSITIONS = [
    # (starting status, acting persona, transition, arguments, comment, resulting status)
    (Status.DRAFT, "caseworker", "submit", {}, "", Status.SUBMITTED),
    (Status.SUBMITTED, "director", "start_review", {}, "", Status.IN_REVIEW),
    (Status.IN_REVIEW, "director", "request_info", {}, "Add the DNA test.", Status.INFO_REQUESTED),
    (Status.INFO_REQUESTED, "colleague", "resubmit", {}, "DNA test attached.", Status.SUBMITTED),
    (Status.IN_REVIEW, "director", "decline", {}, "Not within R.117(9)(d).", Status.DECLINED),
    (Status.IN_REVIEW, "director", "accept", {}, "", Status.ACCEPTED),
    (
        Status.ACCEPTED,
        "director",
        "escalate",
        {
            "target": Agency.IRCC,
            "sent_on": datetime.date(2026, 5, 4),
            "government_reference": "CMB-7",
        },
        "Briefing v1 sent.",
        Status.ESCALATED,
    ),
    (
        Status.ESCALATED,
        "director",
        "record_response",
        {"received_on": datetime.date(2026, 5, 4), "response": "Under review."},
        "",
        Status.RESPONDED,
    ),
    (
        Status.RESPONDED,
        "director",
        "follow_up",
        {},
        "IRCC asked for school records.",
        Status.ESCALATED,
    ),
    (Status.RESPONDED, "director", "close", {"outcome": Outcome.FAVOURABLE}, "", Status.CLOSED),
    (Status.DRAFT, "caseworker", "withdraw", {}, "Client found a lawyer.", Status.WITHDRAWN),
    (Status.ESCALATED, "director", "withdraw", {}, "Client left Canada.", Status.WITHDRAWN),
]


@pytest.mark.parametrize(
    ("start", "persona", "name", "params", "comment", "end"),
    TRANSITIONS,
    ids=[f"{row[0]}-{row[2]}" for row in TRANSITIONS],
)
def test_it_writes_an_event_for_every_transition(
    request, caseworker, director, now, start, persona, name, params, comment, end
):
    case = case_at(start, member=caseworker, council=director)
    actor = request.getfixturevalue(persona)
    events_before = case.events.count()

    case = services.TRANSITION_SERVICES[name](
        case=case,
        actor=actor,
        expected_version=case.version,
        comment=comment,
        **params,
    )

    case.refresh_from_db()
    assert case.status == end
    new = list(case.events.all()[: case.events.count() - events_before])
    # Escalating also discloses the escalation record to the agency (casework.disclosures).
    also = ["disclosure.made"] if name == "escalate" else []
    assert sorted(e.action for e in new) == sorted([f"case.{name}", *also])
    event = next(e for e in new if e.action == f"case.{name}")
    assert (event.action, event.actor, event.from_status, event.to_status, event.comment) == (
        f"case.{name}",
        actor,
        start,
        end,
        comment,
    )


def test_it_records_when_a_case_was_submitted(caseworker, now):
    case = act(make_case(caseworker), caseworker, "submit")
    assert case.submitted_at == NOW


def test_it_assigns_the_case_to_whoever_starts_the_review(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    assert case.assigned_to == director


def test_it_keeps_an_existing_assignee_when_someone_else_starts_the_review(
    caseworker, director, council_staff
):
    case = case_at(Status.SUBMITTED, member=caseworker, council=director)
    services.case_assign(case=case, actor=director, assignee=council_staff)
    case = act(case, director, "start_review")
    assert case.assigned_to == council_staff


def test_it_records_the_escalation_and_discloses_it_to_that_agency_only(
    caseworker, director, cbsa_contact, ircc_contact, now
):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)
    assert not cbsa_contact.has_perm("cases.view_case", case)

    case = act(
        case,
        director,
        "escalate",
        target=Agency.CBSA,
        sent_on=datetime.date(2026, 5, 4),
        government_reference="CBSA-GTA-123",
    )

    case.refresh_from_db()
    assert (case.escalation_target, case.escalation_sent_on, case.government_reference) == (
        Agency.CBSA,
        datetime.date(2026, 5, 4),
        "CBSA-GTA-123",
    )
    assert case.escalated_at == NOW
    # The agency receives a disclosure of the escalation record, never the case itself.
    assert [(d.agency, d.government_reference) for d in case.disclosures.all()] == [
        (Agency.CBSA, "CBSA-GTA-123")
    ]
    for contact in (cbsa_contact, ircc_contact):
        assert not contact.has_perm("cases.view_case", case)


def test_it_records_the_response_and_the_outcome(caseworker, director, now):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    case = act(
        case,
        director,
        "record_response",
        received_on=datetime.date(2026, 5, 4),
        response="Approved in principle.",
    )
    case = act(case, director, "close", outcome=Outcome.PARTIAL)

    case.refresh_from_db()
    assert (case.response_received_on, case.response_summary) == (
        datetime.date(2026, 5, 4),
        "Approved in principle.",
    )
    assert (case.status, case.outcome, case.closed_at) == (Status.CLOSED, Outcome.PARTIAL, NOW)


def test_it_marks_a_withdrawn_case_with_the_withdrawn_outcome(caseworker, now):
    case = act(make_case(caseworker), caseworker, "withdraw", comment="Moved away.")
    assert (case.status, case.outcome, case.closed_at) == (Status.WITHDRAWN, Outcome.WITHDRAWN, NOW)


@pytest.mark.parametrize(
    ("start", "name"),
    [
        (Status.IN_REVIEW, "request_info"),
        (Status.IN_REVIEW, "decline"),
        (Status.SUBMITTED, "withdraw"),
        (Status.RESPONDED, "follow_up"),
    ],
)
@pytest.mark.parametrize("comment", ["", "   \n"])
def test_it_requires_a_reason_and_changes_nothing_without_one(
    caseworker, director, start, name, comment
):
    case = case_at(start, member=caseworker, council=director)
    before = snapshot(case)

    with pytest.raises(services.CaseError, match="Give a reason"):
        services.TRANSITION_SERVICES[name](
            case=case, actor=director, expected_version=case.version, comment=comment
        )

    assert snapshot(case) == before


def test_it_refuses_to_submit_a_case_without_people(caseworker):
    case = make_case(caseworker, people=0)
    before = snapshot(case)

    with pytest.raises(services.CaseError, match="Add at least one person concerned by the case"):
        act(case, caseworker, "submit")

    assert snapshot(case) == before


def test_it_refuses_to_submit_a_removal_case_without_removal_details(caseworker):
    case = services.case_create(actor=caseworker, kind=Kind.REMOVAL_DEFERRAL, summary="Removal.")
    services.person_add(case=case, actor=caseworker, **PersonFields())
    before = snapshot(case)

    with pytest.raises(services.CaseError, match="Add the removal details"):
        act(case, caseworker, "submit")

    assert snapshot(case) == before


def test_it_refuses_a_stale_version_and_writes_nothing(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    seen_version = case.version
    act(case, director, "accept")  # someone else acts first
    before = snapshot(case)

    with pytest.raises(services.StaleCase, match=f"Someone else changed case {case.reference}"):
        services.case_decline(
            case=case,
            actor=director,
            expected_version=seen_version,
            comment="Out of scope.",
        )

    assert snapshot(case) == before
    assert snapshot(case)[0] == Status.ACCEPTED


def test_it_refuses_a_stale_edit(caseworker, colleague):
    case = make_case(caseworker, summary="First version.")
    services.case_update(
        case=case,
        actor=colleague,
        expected_version=case.version,
        data={"summary": "Colleague's version."},
    )
    with pytest.raises(services.StaleCase):
        services.case_update(
            case=case,
            actor=caseworker,
            expected_version=case.version,
            data={"summary": "My version."},
        )
    case.refresh_from_db()
    assert case.summary == "Colleague's version."


@pytest.mark.parametrize("persona", ["caseworker", "org_admin", "cbsa_contact"])
def test_it_lets_only_council_staff_accept(request, caseworker, director, persona):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    before = snapshot(case)

    with pytest.raises(PermissionDenied):
        act(case, request.getfixturevalue(persona), "accept")

    assert snapshot(case) == before


def test_it_lets_only_the_organisation_submit_its_case(caseworker, outsider, director):
    case = make_case(caseworker)
    for actor in (outsider, director):
        with pytest.raises(PermissionDenied):
            act(case, actor, "submit")
    assert Case.objects.get(pk=case.pk).status == Status.DRAFT


def test_it_refuses_a_transition_the_status_does_not_allow(caseworker, director):
    case = case_at(Status.SUBMITTED, member=caseworker, council=director)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="not possible while the case is “Submitted”"):
        act(case, director, "close", outcome=Outcome.FAVOURABLE)
    assert snapshot(case) == before


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CLOSED, Status.WITHDRAWN])
def test_it_cannot_withdraw_a_finished_case(caseworker, director, status):
    case = case_at(status, member=caseworker, council=director)
    with pytest.raises(services.CaseError):
        act(case, director, "withdraw", comment="Again.")
    assert Case.objects.get(pk=case.pk).status == status


# Urgent removals: submitted -> escalated without review


def critical_removal(caseworker):
    return make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        submitted=True,
        removal=removal_fields(removal_at=NOW + datetime.timedelta(hours=30)),
    )


def test_it_escalates_an_urgent_removal_straight_from_submitted_with_a_justification(
    caseworker, director, cbsa_contact, now
):
    case = critical_removal(caseworker)
    assert case.urgency == Urgency.CRITICAL

    case = act(
        case,
        director,
        "escalate",
        comment="Removal tomorrow morning, child in grade 3.",
        target=Agency.CBSA,
        sent_on=NOW.date(),
    )

    event = case.events.get(action="case.escalate")
    assert (event.from_status, event.to_status, event.comment) == (
        Status.SUBMITTED,
        Status.ESCALATED,
        "Removal tomorrow morning, child in grade 3.",
    )
    assert case.disclosures.get().agency == Agency.CBSA


def test_it_refuses_to_skip_review_without_a_justification(caseworker, director, now):
    case = critical_removal(caseworker)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="justification"):
        act(case, director, "escalate", target=Agency.CBSA, sent_on=NOW.date())
    assert snapshot(case) == before


def test_it_refuses_to_skip_review_for_a_removal_that_is_not_critical(caseworker, director, now):
    case = make_case(caseworker, kind=Kind.REMOVAL_DEFERRAL, submitted=True)  # a month away
    before = snapshot(case)
    with pytest.raises(services.CaseError):
        act(case, director, "escalate", comment="Please.", target=Agency.CBSA, sent_on=NOW.date())
    assert snapshot(case) == before


def test_it_refuses_to_skip_review_for_a_family_case_even_if_overridden_critical(
    caseworker, director, now
):
    case = make_case(caseworker, submitted=True)
    services.case_set_urgency_override(
        case=case, actor=director, urgency=Urgency.CRITICAL, reason="Child in danger."
    )
    before = snapshot(case)
    with pytest.raises(services.CaseError):
        act(case, director, "escalate", comment="Urgent.", target=Agency.IRCC, sent_on=NOW.date())
    assert snapshot(case) == before


# History


def test_it_never_changes_or_deletes_a_case_event(caseworker):
    case = make_case(caseworker)
    event = case.events.get(action="case.created")

    event.comment = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
    with pytest.raises(ProtectedError):
        case.delete()

    assert CaseEvent.objects.get(pk=event.pk).comment == ""


# Editing details


def test_it_lets_the_organisation_edit_a_draft_and_logs_what_changed(caseworker, colleague):
    case = make_case(caseworker)
    case = services.case_update(
        case=case,
        actor=colleague,
        expected_version=case.version,
        data={"summary": "New summary.", "grounds": "Best interests of the child."},
    )
    case.refresh_from_db()
    assert (case.summary, case.grounds) == ("New summary.", "Best interests of the child.")
    event = case.events.first()
    assert (event.action, event.actor, sorted(event.data["fields"])) == (
        "case.edited",
        colleague,
        ["grounds", "summary"],
    )


def test_it_stops_the_organisation_editing_once_submitted(caseworker, director):
    case = make_case(caseworker, submitted=True)
    with pytest.raises(PermissionDenied):
        services.case_update(
            case=case, actor=caseworker, expected_version=case.version, data={"summary": "Sneaky."}
        )
    # The council may correct a submitted case.
    services.case_update(
        case=case,
        actor=director,
        expected_version=case.version,
        data={"summary": "Corrected by the council."},
    )
    assert Case.objects.get(pk=case.pk).summary == "Corrected by the council."


def test_it_lets_the_organisation_edit_again_when_information_is_requested(caseworker, director):
    case = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    services.person_add(case=case, actor=caseworker, **PersonFields(family_name="Okafor"))
    assert case.people.filter(family_name="Okafor").exists()


def test_it_stops_the_council_editing_a_draft(caseworker, director):
    case = make_case(caseworker)
    with pytest.raises(PermissionDenied):
        services.person_add(case=case, actor=director, **PersonFields())


def test_it_stops_an_outsider_adding_a_person(caseworker, outsider):
    case = make_case(caseworker, people=0)
    with pytest.raises(PermissionDenied):
        services.person_add(case=case, actor=outsider, **PersonFields())
    assert not case.people.exists()


def test_it_stores_a_persons_uci_as_digits(caseworker):
    case = make_case(caseworker, people=0)
    person = services.person_add(case=case, actor=caseworker, **PersonFields(uci="12-3456-7890"))
    assert Person.objects.get(pk=person.pk).uci == "1234567890"
    assert person.uci_display == "12-3456-7890"


def test_it_refuses_a_bad_uci_and_writes_nothing(caseworker):
    case = make_case(caseworker, people=0)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="8 or 10 digits"):
        services.person_add(case=case, actor=caseworker, **PersonFields(uci="1234567"))
    assert snapshot(case) == before
    assert not case.people.exists()


def test_it_removes_a_person_and_logs_it(caseworker):
    case = make_case(caseworker, people=2)
    person = case.people.first()
    services.person_remove(person=person, actor=caseworker)
    assert case.people.count() == 1
    assert case.events.first().action == "person.removed"


def test_it_normalises_a_government_file_number(caseworker):
    case = make_case(caseworker)
    services.government_file_add(
        case=case, actor=caseworker, agency="FC", kind="judicial_review", number="imm-123-26"
    )
    assert GovernmentFile.objects.get(case=case).number == "IMM-123-26"


def test_it_refuses_a_malformed_government_file_number(caseworker):
    case = make_case(caseworker)
    with pytest.raises(services.CaseError, match="IMM-1234-26"):
        services.government_file_add(
            case=case, actor=caseworker, agency="FC", kind="judicial_review", number="1234"
        )
    assert not GovernmentFile.objects.exists()


def test_it_refuses_a_consent_signed_in_the_future(caseworker, now):
    case = make_case(caseworker, consent=False)
    with pytest.raises(services.CaseError, match="future"):
        services.consent_add(
            case=case,
            actor=caseworker,
            signed_by="self",
            signed_on=NOW.date() + datetime.timedelta(days=1),
        )
    assert not case.consents.exists()


# Assignment and sharing


def test_it_assigns_only_council_staff(caseworker, director, colleague):
    case = make_case(caseworker, submitted=True)
    with pytest.raises(services.CaseError, match="Only council staff"):
        services.case_assign(case=case, actor=director, assignee=colleague)
    with pytest.raises(PermissionDenied):
        services.case_assign(case=case, actor=caseworker, assignee=director)
    services.case_assign(case=case, actor=director, assignee=director)
    assert Case.objects.get(pk=case.pk).assigned_to == director


def test_it_lets_the_org_admin_share_a_case_with_a_named_user(caseworker, org_admin, outsider):
    case = make_case(caseworker)
    with pytest.raises(PermissionDenied):
        services.case_share(case=case, actor=caseworker, user=outsider)
    assert case not in cases_visible_to(outsider)

    services.case_share(case=case, actor=org_admin, user=outsider)

    assert case in cases_visible_to(outsider)
    assert not outsider.has_perm("cases.change_case", case)


# Documents


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Passport of Amina Family.pdf", pdf_bytes(), "application/pdf"),
        ("school-letter.PNG", png_bytes(), "image/png"),
    ],
)
def test_it_stores_a_document_under_a_random_name_with_its_sha256(
    caseworker, settings, name, content, content_type
):
    case = make_case(caseworker)
    document = services.document_add(
        case=case,
        actor=caseworker,
        kind="identity",
        upload=upload(name, content, "application/octet-stream"),
    )

    document.refresh_from_db()
    assert document.content_type == content_type  # from the content, not the browser's claim
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (document.original_name, document.size) == (name, len(content))
    stored_name = document.file.name
    assert "amina" not in stored_name.lower() and "passport" not in stored_name.lower()
    assert "school" not in stored_name.lower()
    [on_disk] = stored_files()
    assert on_disk.read_bytes() == content
    assert str(on_disk).startswith(str(settings.PRIVATE_STORAGE_ROOT))
    assert case.events.first().action == "document.added"


def test_it_gives_two_uploads_of_the_same_name_different_storage_names(caseworker):
    case = make_case(caseworker)
    first = services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    second = services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    assert first.file.name != second.file.name
    assert first.sha256 == second.sha256


def test_it_rejects_a_text_file_renamed_pdf(caseworker, settings):
    case = make_case(caseworker)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="Only PDF, PNG, JPEG"):
        services.document_add(
            case=case,
            actor=caseworker,
            kind="identity",
            upload=upload("passport.pdf", b"just some text\n", "application/pdf"),
        )
    assert snapshot(case) == before
    assert not Document.objects.exists()
    assert stored_files() == []


def test_it_rejects_a_file_over_the_size_limit(caseworker, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    case = make_case(caseworker)
    content = pdf_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(services.CaseError, match="too large: the limit is 1 MB"):
        services.document_add(
            case=case, actor=caseworker, kind="identity", upload=upload("big.pdf", content)
        )
    assert not Document.objects.exists()
    assert stored_files() == []


def test_it_leaves_no_file_behind_when_the_upload_is_refused(caseworker, director, settings):
    case = make_case(caseworker)  # a draft: the council may not add to it yet
    with pytest.raises(PermissionDenied):
        services.document_add(case=case, actor=director, kind="identity", upload=upload())
    assert not Document.objects.exists()
    assert stored_files() == []


# Notes


def test_it_keeps_internal_notes_for_the_council(caseworker, director):
    case = make_case(caseworker, submitted=True)
    with pytest.raises(PermissionDenied):
        services.note_add(case=case, actor=caseworker, body="Between us.", internal=True)
    services.note_add(
        case=case, actor=caseworker, body="Client reachable by phone.", internal=False
    )
    services.note_add(case=case, actor=director, body="Weak file.", internal=True)

    assert [n.body for n in notes_visible_to(caseworker, case)] == ["Client reachable by phone."]
    assert {n.body for n in notes_visible_to(director, case)} == {
        "Client reachable by phone.",
        "Weak file.",
    }
    assert Note.objects.filter(internal=True, author=caseworker).count() == 0


def test_it_refuses_an_empty_note(caseworker):
    case = make_case(caseworker)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="empty"):
        services.note_add(case=case, actor=caseworker, body="  ", internal=False)
    assert snapshot(case) == before


def test_it_refuses_notes_from_an_outsider_and_on_a_closed_case(caseworker, director, outsider):
    case = make_case(caseworker)
    with pytest.raises(PermissionDenied):
        services.note_add(case=case, actor=outsider, body="Hello.", internal=False)
    closed = case_at(Status.CLOSED, member=caseworker, council=director)
    with pytest.raises(PermissionDenied):
        services.note_add(case=closed, actor=director, body="Late.", internal=True)
