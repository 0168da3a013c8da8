"""Today, where signing in leads: what needs the user now, critical first, in a constant
number of queries; and "Take", which assigns a new submission and starts its review at once."""

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.cases import services
from casework.cases.models import Case, CaseEvent, Kind, Status, Urgency
from tests.cases.test_queries import make_cases
from tests.factories import (
    NOW,
    act,
    case_at,
    client_for,
    make_case,
    removal_fields,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# session, user with membership, my tasks, triage, deadlines, overdue answers, unread, reminders
TODAY_QUERIES_COUNCIL = 8
# ...members have no triage list and no overdue answers
TODAY_QUERIES_MEMBER = 6


def removal_in(member, delta: datetime.timedelta, **fields):
    """A submitted removal case: within 72 hours it is critical, within 14 days high."""
    return make_case(
        member,
        kind=Kind.REMOVAL_DEFERRAL,
        submitted=True,
        removal=removal_fields(removal_at=NOW + delta),
        **fields,
    )


def critical_removal(member, **fields):
    return removal_in(member, datetime.timedelta(hours=48), **fields)


def high_removal(member, **fields):
    return removal_in(member, datetime.timedelta(days=10), **fields)


def test_it_lists_new_critical_and_high_submissions_critical_first(caseworker, director):
    routine = make_case(caseworker, submitted=True)
    high = high_removal(caseworker, title="Dialysis patient")
    critical = critical_removal(caseworker, title="Removal Thursday")
    assert (critical.urgency, high.urgency) == (Urgency.CRITICAL, Urgency.HIGH)

    response = client_for(director).get("/today/")

    assert response.status_code == 200
    assert [case.reference for case in response.context["today"].triage] == [
        critical.reference,
        high.reference,
    ]
    page = response.content.decode()
    assert page.index(critical.reference) < page.index(high.reference)
    assert routine.reference not in page
    # the human label: the principal person's name and the title
    assert critical.principal_name in page and "Removal Thursday" in page
    assert "Take " + critical.reference in page


def test_a_member_sees_their_organisation_only_and_no_triage(caseworker, outsider, director):
    own = critical_removal(caseworker)
    other = critical_removal(outsider)
    services.note_add(case=own, actor=director, body="Call us.", internal=False)
    services.note_add(case=other, actor=director, body="Call us.", internal=False)

    response = client_for(caseworker).get("/today/")

    today = response.context["today"]
    assert today.triage == [] and today.overdue_answers == []
    assert [case.reference for case in today.unread] == [own.reference]
    assert {deadline.case.reference for deadline in today.deadlines} == {own.reference}
    assert other.reference not in response.content.decode()


def test_the_council_sees_the_members_messages_it_has_not_read_until_it_opens_the_case(
    caseworker, director, time_machine
):
    written = critical_removal(caseworker)
    read = critical_removal(caseworker)
    silent = critical_removal(caseworker)
    services.note_add(case=written, actor=caseworker, body="New facts.", internal=False)
    services.note_add(case=read, actor=caseworker, body="Old facts.", internal=False)
    client = client_for(director)
    client.get(f"/cases/{read.reference}/")
    assert [c.reference for c in client.get("/today/").context["today"].unread] == [
        written.reference
    ]

    time_machine.shift(datetime.timedelta(minutes=5))
    services.note_add(case=read, actor=caseworker, body="More facts.", internal=False)
    client.get(f"/cases/{written.reference}/")
    unread = client.get("/today/").context["today"].unread

    assert [case.reference for case in unread] == [read.reference]
    assert silent.reference not in {case.reference for case in unread}


def test_it_lists_deadlines_within_72_hours_and_overdue_government_answers(
    caseworker, director, time_machine
):
    soon = critical_removal(caseworker)
    later = high_removal(caseworker)
    escalated = case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(NOW + datetime.timedelta(days=20), tick=False)

    today = client_for(director).get("/today/").context["today"]

    assert [case.reference for case in today.overdue_answers] == [escalated.reference]
    assert today.overdue_answers[0].expected_on < timezone.localdate()
    # 20 days on, the removals are past: both count as overdue deadlines; none 72 h ahead.
    references = [deadline.case.reference for deadline in today.deadlines]
    assert soon.reference in references and later.reference in references


def test_my_tasks_are_the_tasks_assigned_to_me(caseworker, director, council_staff):
    mine = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    theirs = case_at(Status.IN_REVIEW, member=caseworker, council=council_staff)

    today = client_for(director).get("/today/").context["today"]

    assert [row.case.reference for row in today.my_tasks] == [mine.reference]
    assert theirs.reference not in [row.case.reference for row in today.my_tasks]


def test_a_government_contact_is_sent_to_the_disclosure_portal(cbsa_contact):
    response = client_for(cbsa_contact).get("/today/")
    assert (response.status_code, response["Location"]) == (302, "/disclosures/")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("director", TODAY_QUERIES_COUNCIL), ("caseworker", TODAY_QUERIES_MEMBER)],
)
def test_it_shows_today_in_the_same_number_of_queries_however_many_cases(
    request, caseworker, colleague, director, django_assert_num_queries, persona, expected
):
    client = client_for(request.getfixturevalue(persona))
    for count in (2, 12):
        for n in range(count):
            case = critical_removal(caseworker if n % 2 else colleague)
            if n % 3 == 0:
                services.note_add(case=case, actor=director, body="Call us.", internal=False)
                services.note_add(case=case, actor=caseworker, body="Called.", internal=False)
            if n % 4 in (0, 1):  # a review for the director
                case = act(case, director, "start_review")
            if n % 4 == 1:  # information for the caseworker to send
                case = act(case, director, "request_info", comment="The birth certificate.")
            services.reminder_add(
                case=case, actor=request.getfixturevalue(persona), remind_on=NOW.date()
            )
        escalated = case_at(Status.ESCALATED, member=caseworker, council=director)
        services.case_assign(case=escalated, actor=director, assignee=director)
        client.get("/today/")  # warm the process-wide caches
        with django_assert_num_queries(expected):
            response = client.get("/today/")
        assert response.status_code == 200
    today = response.context["today"]
    assert today.deadlines and today.unread and today.reminders and today.my_tasks


# Take: one step, not two.


def test_taking_a_case_assigns_it_and_starts_its_review(caseworker, director):
    case = critical_removal(caseworker)

    response = client_for(director).post(f"/cases/{case.reference}/take/")

    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (Status.IN_REVIEW, director)
    # The flow moved on: the review task is the director's, the triage task is done.
    review = Task.objects.get(process__artifact_object_id=case.pk, flow_task_type="HUMAN",
                              status__in=["NEW", "ASSIGNED", "STARTED"])  # fmt: skip
    assert review.owner == director
    assert CaseEvent.objects.filter(case=case, action="case.start_review").count() == 1


def test_a_case_someone_else_took_first_is_refused_and_left_as_it_is(
    caseworker, director, council_staff
):
    case = critical_removal(caseworker)
    services.case_take(case=case, actor=council_staff)
    before = snapshot(case)

    client = client_for(director)
    response = client.post(f"/cases/{case.reference}/take/", follow=True)

    assert snapshot(case) == before
    assert Case.objects.get(pk=case.pk).assigned_to == council_staff
    assert "took case" in response.content.decode()  # "Sam took case … first"


def test_two_takes_of_one_stale_case_keep_the_first(caseworker, director, council_staff):
    """Both read the case while it waited; the second to act is refused, not overwriting."""
    case = critical_removal(caseworker)
    stale = Case.objects.get(pk=case.pk)
    services.case_take(case=case, actor=director)
    with pytest.raises(services.CaseError):
        services.case_take(case=stale, actor=council_staff)
    case.refresh_from_db()
    assert case.assigned_to == director
    assert CaseEvent.objects.filter(case=case, action="case.start_review").count() == 1


def test_a_member_may_not_take(caseworker, colleague):
    case = critical_removal(caseworker)
    before = snapshot(case)
    assert client_for(colleague).post(f"/cases/{case.reference}/take/").status_code == 403
    assert snapshot(case) == before


def test_taking_from_the_inbox_starts_the_review_too(caseworker, director):
    case = critical_removal(caseworker)
    task = Task.objects.get(process__artifact_object_id=case.pk, flow_task_type="HUMAN")

    response = client_for(director).post(f"/tasks/{task.pk}/claim/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assigned_to) == (Status.IN_REVIEW, director)


def test_a_submission_a_colleague_holds_shows_their_name_not_take(
    caseworker, director, council_staff
):
    case = critical_removal(caseworker)
    services.case_assign(case=case, actor=director, assignee=council_staff)

    page = client_for(director).get("/today/").content.decode()

    assert case.reference in page
    assert f"Take {case.reference}" not in page
    assert "Assigned to Sam" in page


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("director", TODAY_QUERIES_COUNCIL), ("caseworker", TODAY_QUERIES_MEMBER)],
)
def test_it_shows_today_for_10_or_1000_cases_in_the_same_number_of_queries(
    request, caseworker, colleague, director, django_assert_num_queries, persona, expected
):
    """Cases of every kind and state, written in bulk (bench.generator): more rows than each
    list of Today shows."""
    client = client_for(request.getfixturevalue(persona))
    for count, seed in ((10, 3), (990, 4)):
        make_cases(caseworker, colleague, director, count, seed=seed)
        client.get("/today/")
        with django_assert_num_queries(expected):
            assert client.get("/today/").status_code == 200
