import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.accounts.models import Membership
from casework.accounts.services import membership_sync_groups
from casework.cases.models import Case, Kind, Status
from flows.detention import DetentionFlow
from flows.family_reunification import FamilyReunificationFlow
from flows.removal import RemovalFlow
from flows.resettlement import ResettlementReferralFlow
from flows.selectors import inbox
from flows.services import process_of
from tests.factories import act, case_at, client_for, make_case

pytestmark = pytest.mark.django_db


def task_names(rows) -> list[tuple[str, str]]:
    return [(row.task.flow_task.name, row.case.reference) for row in rows]


def open_tasks(case) -> list[str]:
    return sorted(
        task.flow_task.name
        for task in Task.objects.filter(
            process=process_of(case),
            flow_task_type="HUMAN",
            status__in=(STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED),
        )
    )


def test_it_starts_a_process_with_a_triage_task_in_the_council_queue_on_submission(
    caseworker, director
):
    case = make_case(caseworker)
    assert process_of(case) is None

    case = act(case, caseworker, "submit")

    process = process_of(case)
    assert process.flow_class is FamilyReunificationFlow
    assert process.artifact == case
    mine, queue = inbox(director)
    assert mine == []
    assert task_names(queue) == [("triage", case.reference)]
    assert queue[0].task.owner is None


def test_it_runs_a_removal_case_in_the_removal_flow(caseworker):
    case = make_case(caseworker, kind=Kind.BORDER_INTERVENTION, submitted=True)
    assert process_of(case).flow_class is RemovalFlow


@pytest.mark.parametrize(
    ("kind", "flow_class"),
    [(Kind.DETENTION, DetentionFlow), (Kind.RESETTLEMENT_REFERRAL, ResettlementReferralFlow)],
)
def test_the_new_kinds_run_in_their_own_flows_to_the_end(caseworker, director, kind, flow_class):
    case = make_case(caseworker, kind=kind, submitted=True)
    process = process_of(case)
    assert process.flow_class is flow_class
    assert open_tasks(case) == ["triage"]

    case = case_at(Status.CLOSED, member=caseworker, council=director, kind=kind)

    assert process_of(case).status == PROCESS.DONE


def test_it_never_shows_the_council_queue_to_members_or_government(
    caseworker, colleague, cbsa_contact
):
    make_case(caseworker, submitted=True)
    for user in (caseworker, colleague, cbsa_contact):
        assert inbox(user) == ([], [])


def test_it_gives_the_review_to_whoever_starts_it(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    mine, queue = inbox(director)
    assert task_names(mine) == [("review", case.reference)]
    assert queue == []
    assert open_tasks(case) == ["review"]


def test_it_puts_the_information_request_in_the_caseworkers_own_list(
    caseworker, colleague, director
):
    case = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)

    mine, queue = inbox(caseworker)
    assert task_names(mine) == [("provide_information", case.reference)]
    assert mine[0].task.owner == caseworker
    assert queue == []
    assert inbox(colleague) == ([], [])
    assert inbox(director) == ([], [])


def test_it_returns_a_resubmitted_case_to_the_triage_queue(caseworker, director):
    case = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    act(case, caseworker, "resubmit")

    assert inbox(caseworker) == ([], [])
    assert task_names(inbox(director)[1]) == [("triage", case.reference)]
    assert open_tasks(case) == ["triage"]


@pytest.mark.parametrize(
    ("status", "task"),
    [
        (Status.ACCEPTED, "prepare_escalation"),
        (Status.ESCALATED, "await_response"),
        (Status.RESPONDED, "record_outcome"),
    ],
)
def test_it_keeps_one_open_task_for_the_assigned_staff_at_each_step(
    caseworker, director, status, task
):
    case = case_at(status, member=caseworker, council=director)
    assert open_tasks(case) == [task]
    assert task_names(inbox(director)[0]) == [(task, case.reference)]


def test_it_goes_back_to_awaiting_a_response_on_follow_up(caseworker, director):
    case = case_at(Status.RESPONDED, member=caseworker, council=director)
    act(case, director, "follow_up", comment="IRCC asked for school records.")
    assert open_tasks(case) == ["await_response"]


@pytest.mark.parametrize("status", [Status.CLOSED, Status.DECLINED])
def test_it_ends_the_process_when_the_case_is_finished(caseworker, director, status):
    case = case_at(status, member=caseworker, council=director)
    process = process_of(case)
    assert process.status == PROCESS.DONE
    assert open_tasks(case) == []
    assert inbox(director) == ([], [])


def test_it_ends_the_process_when_a_submitted_case_is_withdrawn(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    act(case, caseworker, "withdraw", comment="Client has a lawyer now.")
    assert process_of(case).status == PROCESS.DONE
    assert inbox(director) == ([], [])


def test_it_creates_no_process_for_a_withdrawn_draft(caseworker):
    case = act(make_case(caseworker), caseworker, "withdraw", comment="Duplicate.")
    assert process_of(case) is None
    assert not Task.objects.exists()


def test_it_never_shows_a_caseworker_tasks_of_another_organisations_cases(
    caseworker, outsider, director
):
    ours = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    theirs = case_at(Status.INFO_REQUESTED, member=outsider, council=director)

    assert task_names(inbox(caseworker)[0]) == [("provide_information", ours.reference)]
    assert task_names(inbox(outsider)[0]) == [("provide_information", theirs.reference)]


def test_it_drops_tasks_from_the_inbox_of_an_account_moved_to_another_organisation(
    caseworker, director, org_b
):
    case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    Membership.objects.filter(user=caseworker).update(organisation=org_b)
    membership_sync_groups(caseworker)

    assert inbox(caseworker) == ([], [])


def test_it_lists_the_queue_most_urgent_first(caseworker, director):
    routine = make_case(caseworker, kind=Kind.BORDER_INTERVENTION, submitted=True)
    medium = make_case(caseworker, submitted=True)
    assert [row.case for row in inbox(director)[1]] == [medium, routine]


# Claiming a queued task


def test_it_lets_council_staff_take_a_queued_task_and_the_case(caseworker, director):
    """Taking a new submission from the queue starts its review: one step, not two."""
    case = make_case(caseworker, submitted=True)
    [row] = inbox(director)[1]

    response = client_for(director).post(f"/tasks/{row.task.pk}/claim/")

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.reference}/"
    task = Task.objects.get(pk=row.task.pk)
    assert (task.owner, task.status) == (director, STATUS.DONE)
    case = Case.objects.get(pk=case.pk)
    assert (case.assigned_to, case.status) == (director, Status.IN_REVIEW)
    assert case.events.first().action == "case.start_review"
    assert task_names(inbox(director)[0]) == [("review", case.reference)]
    assert inbox(director)[1] == []


def test_it_refuses_to_give_a_task_already_taken(caseworker, director, council_staff):
    make_case(caseworker, submitted=True)
    [row] = inbox(director)[1]
    client_for(council_staff).post(f"/tasks/{row.task.pk}/claim/")

    response = client_for(director).post(f"/tasks/{row.task.pk}/claim/", follow=True)

    assert response.redirect_chain == [("/tasks/", 302)]
    assert "taken by someone else" in response.content.decode()
    assert Task.objects.get(pk=row.task.pk).owner == council_staff


def test_it_refuses_a_claim_by_a_caseworker(caseworker, director):
    case = make_case(caseworker, submitted=True)
    [row] = inbox(director)[1]

    response = client_for(caseworker).post(f"/tasks/{row.task.pk}/claim/")

    assert response.status_code == 302
    assert response["Location"] == "/tasks/"
    assert Task.objects.get(pk=row.task.pk).owner is None
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_it_hides_another_organisations_task_from_an_outsider(caseworker, director, outsider):
    case_at(Status.INFO_REQUESTED, member=caseworker, council=director)
    task = Task.objects.get(status=STATUS.ASSIGNED, owner=caseworker)
    client = client_for(outsider)
    assert client.post(f"/tasks/{task.pk}/claim/").status_code == 404
    assert client.get(f"/tasks/{task.pk}/").status_code == 404


def test_it_refuses_to_claim_by_get(caseworker, director):
    make_case(caseworker, submitted=True)
    [row] = inbox(director)[1]
    assert client_for(director).get(f"/tasks/{row.task.pk}/claim/").status_code == 405


def test_it_opens_a_task_on_its_case_page(caseworker, director):
    case = make_case(caseworker, submitted=True)
    [row] = inbox(director)[1]
    response = client_for(director).get(f"/tasks/{row.task.pk}/")
    assert (response.status_code, response["Location"]) == (302, f"/cases/{case.reference}/")


def test_it_shows_the_inbox_page(caseworker, director):
    case = make_case(caseworker, submitted=True)
    response = client_for(director).get("/tasks/")
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert response.context["queue"][0].case == case


def test_it_sends_anonymous_visitors_of_the_inbox_to_log_in(anonymous):
    response = anonymous.get("/tasks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
