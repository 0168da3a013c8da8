"""The follow-up timer: an escalation the government leaves unanswered for FOLLOW_UP_DAYS days
raises one follow-up task and one e-mail, fired by `workflow_timers` or the beat task."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.accounts.models import Agency
from casework.cases.models import Kind, Outcome, Status
from flows import tasks
from flows.selectors import inbox
from flows.services import process_of
from tests.factories import act, case_at, make_case, removal_fields
from tests.flows.test_flows import open_tasks, task_names

pytestmark = pytest.mark.django_db

DAYS = 14


@pytest.fixture(autouse=True)
def _follow_up_days(settings):
    settings.CASEWORK = settings.CASEWORK | {"FOLLOW_UP_DAYS": DAYS}


@pytest.fixture
def fire(django_capture_on_commit_callbacks):
    """Run the timer sweep as beat would, sending the e-mails it queues; returns how many fired."""

    def fire() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.fire_timers()

    return fire


def follow_ups(case) -> list[Task]:
    return list(
        Task.objects.filter(process=process_of(case), flow_task_type="HUMAN").filter(
            flow_task__endswith=".follow_up"
        )
    )


def test_it_raises_one_follow_up_when_the_government_has_not_answered_in_time(
    caseworker, director, now, time_machine, fire
):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)

    time_machine.move_to(now + datetime.timedelta(days=DAYS - 1), tick=False)
    assert fire() == 0
    assert open_tasks(case) == ["await_response"]
    assert mail.outbox == []

    time_machine.move_to(now + datetime.timedelta(days=DAYS, minutes=1), tick=False)
    assert fire() == 1

    assert open_tasks(case) == ["await_response", "follow_up"]
    mine, queue = inbox(director)
    assert sorted(task_names(mine)) == [
        ("await_response", case.reference),
        ("follow_up", case.reference),
    ]
    assert queue == []
    [message] = mail.outbox
    assert message.to == [director.email]
    assert message.subject == (
        f"[Casework] Case {case.reference}: no response from IRCC, follow up"
    )
    assert f"IRCC has not responded on case {case.reference} 14 days after the escalation." in (
        message.body
    )
    assert "When: 18 May 2026, 10:01 EDT (America/Toronto)" in message.body
    event = case.events.get(action="case.follow_up_due")
    assert (event.actor, event.data) == (None, {"days": DAYS})
    assert event.label == "raised a follow-up: no response from the government yet"

    # Firing again changes nothing: the timer is spent.
    time_machine.move_to(now + datetime.timedelta(days=DAYS + 3), tick=False)
    assert fire() == 0
    assert len(follow_ups(case)) == 1
    assert len(mail.outbox) == 1

    # The response settles the follow-up with the wait; closing ends the process.
    case = act(
        case, director, "record_response", received_on=datetime.date(2026, 5, 21), response="OK."
    )
    assert open_tasks(case) == ["record_outcome"]
    assert [task.status for task in follow_ups(case)] == [STATUS.DONE]
    assert process_of(case).status != PROCESS.DONE
    act(case, director, "close", outcome=Outcome.FAVOURABLE)
    assert process_of(case).status == PROCESS.DONE
    assert open_tasks(case) == []


def test_it_fires_from_the_management_command_too(caseworker, director, now, time_machine):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(now + datetime.timedelta(days=DAYS), tick=False)

    out = io.StringIO()
    call_command("workflow_timers", stdout=out)

    assert out.getvalue().startswith("1 timer(s) fired")
    assert open_tasks(case) == ["await_response", "follow_up"]


def test_it_reads_the_delay_when_the_case_is_escalated(
    caseworker, director, now, time_machine, settings, fire
):
    settings.CASEWORK = settings.CASEWORK | {"FOLLOW_UP_DAYS": 3}
    case = case_at(Status.ESCALATED, member=caseworker, council=director)

    time_machine.move_to(now + datetime.timedelta(days=3), tick=False)

    assert fire() == 1
    assert len(follow_ups(case)) == 1


def test_it_cancels_the_timer_when_the_government_answers_in_time(
    caseworker, director, now, time_machine, fire
):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(now + datetime.timedelta(days=5), tick=False)
    act(case, director, "record_response", received_on=datetime.date(2026, 5, 9), response="OK.")

    time_machine.move_to(now + datetime.timedelta(days=DAYS + 1), tick=False)

    assert fire() == 0
    assert follow_ups(case) == []
    [timer] = Task.objects.filter(process=process_of(case), flow_task_type="TIMER")
    assert timer.status == STATUS.CANCELED
    assert mail.outbox == []


def test_it_starts_a_new_round_when_the_council_follows_up_after_a_response(
    caseworker, director, now, time_machine, fire
):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(now + datetime.timedelta(days=DAYS), tick=False)
    assert fire() == 1
    case = act(
        case, director, "record_response", received_on=datetime.date(2026, 5, 18), response="?"
    )
    case = act(case, director, "follow_up", comment="IRCC asked for school records.")
    assert open_tasks(case) == ["await_response"]

    time_machine.move_to(now + datetime.timedelta(days=2 * DAYS), tick=False)
    assert fire() == 1

    assert open_tasks(case) == ["await_response", "follow_up"]
    assert len(follow_ups(case)) == 2
    assert case.events.filter(action="case.follow_up_due").count() == 2


def test_it_gives_an_unassigned_follow_up_to_the_council_queue(
    caseworker, director, council_staff, now, time_machine, fire
):
    # An urgent removal escalated straight from submission: nobody reviewed, nobody assigned.
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        submitted=True,
        removal=removal_fields(removal_at=now + datetime.timedelta(hours=48)),
    )
    case = act(
        case,
        director,
        "escalate",
        comment="Removal in two days.",
        target=Agency.CBSA,
        sent_on=datetime.date(2026, 5, 4),
    )
    assert case.assigned_to is None

    time_machine.move_to(now + datetime.timedelta(days=DAYS), tick=False)
    assert fire() == 1

    for staff in (director, council_staff):
        mine, queue = inbox(staff)
        assert mine == []
        assert sorted(task_names(queue)) == [
            ("await_response", case.reference),
            ("follow_up", case.reference),
        ]
    assert {m.to[0] for m in mail.outbox} == {council_staff.email, director.email}
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == (
        f"[Casework] Case {case.reference}: no response from CBSA, follow up"
    )


def test_it_ends_the_process_when_a_case_with_a_follow_up_is_withdrawn(
    caseworker, director, now, time_machine, fire
):
    case = case_at(Status.ESCALATED, member=caseworker, council=director)
    time_machine.move_to(now + datetime.timedelta(days=DAYS), tick=False)
    fire()

    act(case, caseworker, "withdraw", comment="The family left Canada.")

    assert open_tasks(case) == []
    assert process_of(case).status == PROCESS.DONE
    assert inbox(director) == ([], [])
