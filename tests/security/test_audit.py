"""The audit log: who did what, when, from where; readable by council staff; never editable."""

import contextlib
import logging

import pytest
from django.db.models import ProtectedError
from django.test import Client, RequestFactory
from django.utils import timezone

from casework.accounts.models import Agency
from casework.audit.models import Action, AuditEntry, AuditLogIsAppendOnly
from casework.audit.services import audit_record, current_request
from casework.briefings import rendering
from casework.cases import services
from tests.factories import PASSWORD, case_at, client_for, make_case, pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

ADDRESS = "203.0.113.7"  # documentation range (RFC 5737)


def from_address(user) -> Client:
    client = client_for(user)
    client.defaults["REMOTE_ADDR"] = ADDRESS
    return client


def recorded(action: str, **filters) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(action=action, **filters).values_list(
            "username", "case_reference", "target", "ip_address"
        )
    )


@contextlib.contextmanager
def during_request_of(user):
    """As inside a request of `user` (what AuditRequestMiddleware provides to receivers)."""
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS)
    request.user = user
    token = current_request.set(request)
    try:
        yield
    finally:
        current_request.reset(token)


@pytest.fixture
def fast_briefings(monkeypatch):
    # A blank PDF instead of weasyprint: rendering is tested in tests/briefings.
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())


def test_a_case_view_is_recorded_with_who_when_and_from_where(caseworker, now):
    case = make_case(caseworker)

    assert from_address(caseworker).get(f"/cases/{case.reference}/").status_code == 200

    entry = AuditEntry.objects.get(action=Action.CASE_VIEWED)
    assert (entry.actor, entry.username, entry.case_reference, entry.ip_address) == (
        caseworker,
        "alice",
        case.reference,
        ADDRESS,
    )
    assert entry.at == now


def test_a_refused_case_view_records_nothing(caseworker, outsider):
    case = make_case(caseworker)

    assert from_address(outsider).get(f"/cases/{case.reference}/").status_code == 404

    assert recorded(Action.CASE_VIEWED) == []


def test_a_document_download_is_recorded(caseworker):
    case = make_case(caseworker)
    document = services.document_add(case=case, actor=caseworker, kind="identity", upload=upload())

    response = from_address(caseworker).get(f"/cases/{case.reference}/documents/{document.pk}/")
    b"".join(response.streaming_content)  # reading it to the end closes the file

    assert response.status_code == 200
    assert recorded(Action.DOCUMENT_DOWNLOADED) == [
        ("alice", case.reference, f"document {document.pk}", ADDRESS)
    ]


def test_a_briefing_export_and_its_download_are_recorded(caseworker, director, fast_briefings):
    case = case_at("accepted", member=caseworker, council=director)
    client = from_address(director)

    response = client.post(f"/cases/{case.reference}/briefings/", {"recipient": Agency.IRCC})
    assert response.status_code == 302
    response = client.get(f"/cases/{case.reference}/briefings/1.pdf")
    b"".join(response.streaming_content)  # reading it to the end closes the file

    assert response.status_code == 200
    assert recorded(Action.BRIEFING_EXPORTED) == [("director", case.reference, "v1", ADDRESS)]
    assert recorded(Action.BRIEFING_DOWNLOADED) == [("director", case.reference, "v1", ADDRESS)]


def test_a_case_share_is_recorded_with_who_shared_it(caseworker, org_admin, outsider):
    case = make_case(caseworker)

    with during_request_of(org_admin):
        services.case_share(case=case, actor=org_admin, user=outsider)

    assert recorded(Action.CASE_SHARED, actor=org_admin) == [
        ("adele", case.reference, "view_case → Charlie (charlie)", ADDRESS)
    ]


def test_group_membership_changes_are_recorded_both_ways(director, caseworker, org_b):
    with during_request_of(director):
        caseworker.groups.add(org_b.group)
        org_b.group.user_set.remove(caseworker)

    assert recorded(Action.GROUP_JOINED, actor=director) == [
        ("director", "", "alice · org:Member B", ADDRESS)
    ]
    assert recorded(Action.GROUP_LEFT, actor=director) == [
        ("director", "", "alice · org:Member B", ADDRESS)
    ]


def test_a_new_account_records_its_organisation_role_and_group(caseworker):
    assert recorded(Action.MEMBERSHIP_CHANGED) == [("", "", "alice · Member A · caseworker", None)]
    assert recorded(Action.GROUP_JOINED) == [("", "", "alice · org:Member A", None)]


def test_sign_in_and_sign_out_are_recorded(caseworker):
    client = Client(REMOTE_ADDR=ADDRESS)

    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    client.post("/accounts/logout/")

    assert recorded(Action.LOGIN) == [("alice", "", "", ADDRESS)]
    assert recorded(Action.LOGOUT) == [("alice", "", "", ADDRESS)]


def test_a_failed_sign_in_keeps_the_attempted_username_in_the_audit_table_only(caseworker, caplog):
    typed = "alice-Tr0ub4dor&3"  # a password typed into the username field

    with caplog.at_level(logging.DEBUG):
        response = Client(REMOTE_ADDR=ADDRESS).post(
            "/accounts/login/", {"username": typed, "password": "wrong password"}
        )

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert (entry.actor, entry.username, entry.ip_address) == (None, typed, ADDRESS)
    assert caplog.records, "the sign-in path logs (django-axes): the check below must mean it"
    assert not [record for record in caplog.records if typed in record.getMessage()]


def test_council_staff_read_the_access_history_of_a_case(caseworker, council_staff):
    case = make_case(caseworker, submitted=True)
    from_address(caseworker).get(f"/cases/{case.reference}/")
    client = from_address(council_staff)

    detail = client.get(f"/cases/{case.reference}/")
    response = client.get(f"/cases/{case.reference}/access/")

    assert f'href="/cases/{case.reference}/access/"' in detail.content.decode()
    assert response.status_code == 200
    rows = [(entry.username, entry.action, entry.ip_address) for entry in response.context["page"]]
    assert rows == [
        ("sam", Action.ACCESS_HISTORY_VIEWED, ADDRESS),
        ("sam", Action.CASE_VIEWED, ADDRESS),
        ("alice", Action.CASE_VIEWED, ADDRESS),
    ]
    page = response.content.decode()
    assert "Alice" in page and "viewed the case" in page and ADDRESS in page


def test_members_get_no_link_to_the_access_history(caseworker):
    case = make_case(caseworker, submitted=True)

    detail = client_for(caseworker).get(f"/cases/{case.reference}/")

    assert "/access/" not in detail.content.decode()
    # Refusals for members (403) and outsiders (404): tests/security/test_access_matrix.py.


def test_the_access_history_costs_the_same_queries_for_3_or_60_entries(
    caseworker, council_staff, django_assert_num_queries
):
    case = make_case(caseworker, submitted=True)
    client = client_for(council_staff)
    url = f"/cases/{case.reference}/access/"
    client.get(url)  # warm up
    # session, user, the case, the INSERT of this view, the count, one page of entries with
    # their actors and organisations.
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for _ in range(57):
        audit_record(action=Action.CASE_VIEWED, actor=caseworker, case=case)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["page"]) == 50


def test_recording_costs_one_insert(caseworker, django_assert_num_queries):
    case = make_case(caseworker)
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS)
    request.user = caseworker

    with django_assert_num_queries(1):
        audit_record(action=Action.CASE_VIEWED, request=request, case=case)


def test_an_audit_entry_cannot_be_changed_or_deleted_through_the_orm(caseworker):
    entry = audit_record(action=Action.LOGIN, actor=caseworker)

    entry.target = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(target="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    # An account with history is deactivated, never deleted: its history stays attributed.
    with pytest.raises(ProtectedError):
        caseworker.delete()
    assert AuditEntry.objects.get(pk=entry.pk).target == ""


@pytest.fixture
def superuser(db):
    from casework.accounts.models import User

    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


def test_the_admin_shows_the_audit_log_and_changes_nothing(superuser, caseworker):
    entry = audit_record(action=Action.LOGIN, actor=caseworker)
    client = client_for(superuser)
    change_url = f"/admin/audit/auditentry/{entry.pk}/change/"

    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(change_url).status_code == 200  # view-only page
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(change_url, {"target": "rewritten"}).status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).target == ""


def test_entries_are_kept_in_order_newest_first(caseworker, time_machine):
    first = audit_record(action=Action.LOGIN, actor=caseworker)
    time_machine.shift(60)
    second = audit_record(action=Action.LOGOUT, actor=caseworker)

    assert list(AuditEntry.objects.filter(actor=caseworker)) == [second, first]
    assert second.at > first.at and first.at <= timezone.now()
