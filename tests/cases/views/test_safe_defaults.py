"""Safe defaults: nothing risky is chosen for the user, and dates keep their order."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from casework.accounts.models import Agency
from casework.audit.models import AuditEntry
from casework.cases import services
from casework.cases.models import Case, Kind, Status
from tests.factories import act, case_at, client_for, make_case, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def selected(page: str, name: str) -> list[str]:
    """The values of the options selected in the <select> called `name`."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [value for value in re.findall(r'<option value="([^"]*)"[^>]*selected', select) if value]


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    ("kind", "agency", "other"),
    [
        (Kind.REMOVAL_DEFERRAL, "CBSA", "IRCC"),
        (Kind.BORDER_INTERVENTION, "CBSA", "IRCC"),
        (Kind.FAMILY_REUNIFICATION, "IRCC", "CBSA"),
        (Kind.SEPARATED_CHILD, "IRCC", "CBSA"),
    ],
)
def test_escalation_goes_to_the_kinds_agency_and_warns_about_its_consent_only(
    caseworker, director, kind, agency, other
):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director, kind=kind, consent=False)
    html = page(client_for(director), f"/cases/{case.reference}/transition/escalate/")
    assert selected(html, "escalate-target") == [agency]
    notice = re.search(r'<p class="notice">(.*?)</p>', html, re.S).group(1)
    assert str(Agency(agency).label) in notice
    assert str(Agency(other).label) not in notice


def test_no_consent_warning_when_the_kinds_agency_is_covered(caseworker, director):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director, kind=Kind.REMOVAL_DEFERRAL)
    html = page(client_for(director), f"/cases/{case.reference}/transition/escalate/")
    assert 'class="notice"' not in html


def test_close_has_no_outcome_chosen_and_refuses_none(caseworker, director):
    case = case_at(Status.RESPONDED, member=caseworker, council=director)
    client = client_for(director)
    html = page(client, f"/cases/{case.reference}/transition/close/")
    assert selected(html, "close-outcome") == []
    before = snapshot(case)
    response = client.post(
        f"/cases/{case.reference}/transition/close/",
        {"close-version": case.version, "close-outcome": ""},
    )
    assert response.status_code == 400
    assert snapshot(case) == before


def test_a_document_has_no_kind_chosen_and_refuses_none(caseworker):
    case = make_case(caseworker)
    client = client_for(caseworker)
    html = page(client, f"/cases/{case.reference}/documents/")
    assert selected(html, "document-kind") == []
    response = client.post(
        f"/cases/{case.reference}/documents/", {"document-kind": "", "document-upload": upload()}
    )
    assert response.status_code == 400
    assert not case.documents.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_new_case_is_written_in_the_authors_language(caseworker, language):
    caseworker.language = language
    caseworker.save()
    html = page(client_for(caseworker), f"/cases/new/?kind={Kind.FAMILY_REUNIFICATION}")
    assert selected(html, "correspondence_language") == [language]


def test_escalation_cannot_be_dated_before_the_submission(caseworker, director):
    case = case_at(Status.ACCEPTED, member=caseworker, council=director)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="before the case was submitted"):
        act(case, director, "escalate", target="IRCC",
            sent_on=timezone.localdate() - datetime.timedelta(days=3))  # fmt: skip
    assert snapshot(case) == before
    response = client_for(director).post(
        f"/cases/{case.reference}/transition/escalate/",
        {"escalate-version": case.version, "escalate-target": "IRCC",
         "escalate-sent_on": "2026-05-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert (
        "The escalation cannot be sent before the case was submitted" in response.content.decode()
    )
    assert snapshot(case) == before


def test_a_response_cannot_come_before_the_escalation(caseworker, director):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    before = snapshot(case)
    with pytest.raises(services.CaseError, match="before the escalation was sent"):
        act(case, director, "record_response", response="Deferred.",
            received_on=case.escalation_sent_on - datetime.timedelta(days=1))  # fmt: skip
    assert snapshot(case) == before
    act(case, director, "record_response", response="Deferred.",
        received_on=case.escalation_sent_on)  # fmt: skip
    assert Case.objects.get(pk=case.pk).status == Status.RESPONDED


def test_a_government_decision_cannot_come_before_the_filing(caseworker):
    case = make_case(caseworker)
    with pytest.raises(services.CaseError, match="before the file was filed"):
        services.government_file_add(
            case=case, actor=caseworker, agency="IRCC", kind="hc", number="F123456789",
            submitted_on=datetime.date(2026, 3, 1), decided_on=datetime.date(2026, 2, 1),
        )  # fmt: skip
    assert not case.government_files.exists()


def test_the_assignment_list_names_people_not_logins(caseworker, director):
    director.first_name, director.last_name = "Dina", "Okoye"
    director.save()
    case = case_at(Status.SUBMITTED, member=caseworker, council=director)
    html = page(client_for(director), f"/cases/{case.reference}/")
    options = re.search(r'<select name="assign-assignee"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert "Dina Okoye" in options
    assert f">{director.get_username()}<" not in options


# Drafts


def test_a_draft_says_created_by_and_offers_delete_not_withdraw(caseworker):
    case = make_case(caseworker, people=0)
    html = page(client_for(caseworker), f"/cases/{case.reference}/")
    assert "Created by" in html
    assert "Submitted by" not in html
    assert f"/cases/{case.reference}/delete/" in html
    assert "/transition/withdraw/" not in html
    assert "Add at least one person" in html  # why Submit is not offered yet


def test_after_submitting_the_member_reads_what_happens_next(caseworker, director):
    case = make_case(caseworker, submitted=True)
    html = page(client_for(caseworker), f"/cases/{case.reference}/")
    assert "Submitted by" in html
    assert "What happens next" in html
    assert "What happens next" not in page(client_for(director), f"/cases/{case.reference}/")


def test_the_kind_chooser_describes_each_kind(caseworker):
    html = page(client_for(caseworker), "/cases/new/")
    assert "R.117(9)(d)" in html
    assert "may ask CBSA to defer" in html


def test_deleting_a_draft_removes_it_and_keeps_an_audit_line(
    caseworker, colleague, django_capture_on_commit_callbacks
):
    case = make_case(caseworker)
    services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())
    stored = case.documents.get().file.name
    case = Case.objects.get(pk=case.pk)
    client = client_for(colleague)
    assert "cannot be undone" in page(client, f"/cases/{case.reference}/delete/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.reference}/delete/", {"version": case.version})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    entry = AuditEntry.objects.get(action="case.draft_deleted")
    assert (entry.actor, entry.case_reference) == (colleague, case.reference)
    assert not case.documents.model.file.field.storage.exists(stored)


def test_a_stale_delete_changes_nothing(caseworker):
    case = make_case(caseworker)
    response = client_for(caseworker).post(
        f"/cases/{case.reference}/delete/", {"version": case.version - 1}
    )
    assert response.status_code == 302
    assert Case.objects.filter(pk=case.pk).exists()


def test_only_a_draft_is_deleted(caseworker):
    case = make_case(caseworker, submitted=True)
    with pytest.raises(PermissionDenied):
        services.case_delete_draft(case=case, actor=caseworker, expected_version=None)
    assert Case.objects.filter(pk=case.pk).exists()
