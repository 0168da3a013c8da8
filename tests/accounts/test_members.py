"""The organisation administrator's screen: people, roles, deactivation and reactivation."""

import pytest
from django.test import Client
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.accounts import rules, services
from casework.accounts.models import Membership, Role
from casework.audit.models import Action, AuditEntry
from casework.cases.models import CaseEvent, Status
from flows.selectors import inbox
from tests.factories import PASSWORD, act, case_at, client_for, make_case

from .helpers import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def member_page(user) -> str:
    return f"/accounts/members/{user.pk}/"


def test_the_screen_lists_people_with_role_and_last_sign_in(org_admin, caseworker, org_a):
    signed_in("alice")

    page = client_for(org_admin).get(f"/accounts/organisations/{org_a.pk}/").content.decode()

    assert "Alice" in page and "Caseworker" in page
    assert "Organisation administrator" in page
    assert "never" not in page.split("Alice", 1)[1].split("</tr>", 1)[0]  # she signed in
    assert f'href="{member_page(caseworker)}"' in page
    assert f'href="{member_page(org_admin)}"' not in page  # not her own account


def test_an_org_admin_changes_a_role(org_admin, caseworker):
    client = client_for(org_admin)
    assert client.get(member_page(caseworker)).status_code == 200

    response = client.post(member_page(caseworker), {"role": Role.ORG_ADMIN})

    assert response.status_code == 302
    assert Membership.objects.get(user=caseworker).role == Role.ORG_ADMIN
    entry = AuditEntry.objects.filter(action=Action.MEMBERSHIP_CHANGED).first()
    assert entry.actor == org_admin and "org_admin" in entry.target


def test_no_role_above_ones_own_and_none_outside_the_organisation(org_admin, caseworker):
    assert rules.roles_to_give(org_admin, caseworker) == [Role.CASEWORKER, Role.ORG_ADMIN]

    response = client_for(org_admin).post(member_page(caseworker), {"role": Role.COUNCIL_STAFF})

    assert response.status_code == 400
    assert Membership.objects.get(user=caseworker).role == Role.CASEWORKER


def test_an_org_admin_cannot_act_on_another_organisations_users(org_admin, outsider, director):
    client = client_for(org_admin)

    for user in (outsider, director):
        assert client.get(member_page(user)).status_code == 404
        assert client.post(member_page(user), {"role": Role.CASEWORKER}).status_code == 404
        assert client.post(member_page(user) + "deactivate/").status_code == 404
        assert client.post(member_page(user) + "reactivate/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.role == Role.CASEWORKER


def test_nobody_acts_on_their_own_account_nor_a_caseworker_on_anyone(
    org_admin, caseworker, colleague
):
    assert client_for(org_admin).post(member_page(org_admin) + "deactivate/").status_code == 403
    # A caseworker cannot even see the organisation's people.
    assert client_for(caseworker).get(member_page(colleague)).status_code == 404
    assert client_for(caseworker).post(member_page(colleague) + "deactivate/").status_code == 404
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_a_deactivated_user_cannot_sign_in_and_keeps_their_history(org_admin, caseworker):
    make_case(caseworker, submitted=True)
    session = signed_in("alice")

    response = client_for(org_admin).post(member_page(caseworker) + "deactivate/")

    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    # Her open session ends at once; signing in again is refused.
    assert session.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"
    again = Client()
    refused = again.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in again.session
    # What she did stays, under her name.
    assert CaseEvent.objects.filter(actor=caseworker, action="case.submit").exists()
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_DEACTIVATED)
    assert entry.actor == org_admin and "alice" in entry.target


def test_reactivating_lets_them_sign_in_again(org_admin, caseworker):
    services.member_deactivate(actor=org_admin, member=caseworker)

    response = client_for(org_admin).post(member_page(caseworker) + "reactivate/")

    assert response.status_code == 302
    assert signed_in("alice").get("/cases/").status_code == 200
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_REACTIVATED).exists()


def test_a_deactivated_caseworkers_information_request_goes_to_the_organisations_queue(
    org_admin, caseworker, colleague, director
):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    act(case, director, "request_info", comment="Send the school letters.")
    task = Task.objects.get(flow_task_type="HUMAN", status=STATUS.ASSIGNED, owner=caseworker)

    services.member_deactivate(actor=org_admin, member=caseworker)

    task.refresh_from_db()
    assert (task.owner, task.status) == (None, STATUS.NEW)
    mine, queue = inbox(colleague)
    assert [row.case for row in queue] == [case]
    # A colleague takes it; the case stays assigned to council staff (a member never is).
    response = client_for(colleague).post(f"/tasks/{task.pk}/claim/")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == colleague
    case.refresh_from_db()
    assert case.assigned_to == director
    # The council does not see it in its queue: it is the organisation's.
    assert inbox(director)[1] == []


def test_a_deactivated_staff_members_tasks_and_cases_return_to_the_council(
    caseworker, director, council_staff
):
    case = case_at(Status.SUBMITTED, member=caseworker, council=director)
    act(case, council_staff, "start_review")  # she owns the case and its review task
    case.refresh_from_db()
    assert case.assigned_to == council_staff

    client_for(director).post(member_page(council_staff) + "deactivate/")

    case.refresh_from_db()
    assert case.assigned_to is None
    assert case.events.filter(action="case.assigned").exists()
    task = Task.objects.get(
        flow_task_type="HUMAN", process__artifact_object_id=case.pk, status=STATUS.NEW
    )
    assert task.owner is None
    assert [row.case for row in inbox(director)[1]] == [case]
    # The next step is queued too, not given to the deactivated account.
    act(case, director, "accept")
    assert not Task.objects.filter(owner=council_staff, status=STATUS.ASSIGNED).exists()


def test_council_staff_cannot_deactivate_their_director_nor_each_other(
    council_staff, director, org_a, caseworker
):
    assert not rules.can_deactivate(council_staff, director)
    assert not rules.can_deactivate(council_staff, caseworker)  # no "manage members"
    assert rules.can_deactivate(director, council_staff)
    assert rules.can_deactivate(director, caseworker)  # the council looks after members
    assert client_for(council_staff).post(member_page(director) + "deactivate/").status_code == 403
