"""The route every case takes through the council, shared by both flows.

A flow never changes a case: the case changes through its services (casework.cases.services),
and each transition moves the flow on (receivers.py). The flow decides who must act next: one
human task per waiting state, in the council's queue (permission `cases.triage_case`) or
assigned to a named person.

    submitted       -> triage               council queue
    in_review       -> review               the assigned staff member, else the council queue
    info_requested  -> provide_information  the caseworker who created the case, else the
                                            organisation's queue (permission `cases.add_case`)
    accepted        -> prepare_escalation   the assigned staff member, else the council queue
    escalated       -> await_response       the assigned staff member, else the council queue
    responded       -> record_outcome       the assigned staff member, else the council queue
    declined, withdrawn, closed -> end

The follow-up timer. While the case waits for the government (await_response), a timer runs
for CASEWORK["FOLLOW_UP_DAYS"] days. If the task is still open then, the timer fires (the
`workflow_timers` command or the flows.fire_timers beat task): it records a "follow-up due"
event, e-mails the assigned staff member (else the council) and opens a `follow_up` task beside
await_response, which it does not interrupt. The follow-up is a side branch that ends in its
own plain End node: viewflow's End finishes the process only when no other task is open, so
the branch never ends the case's process and the process ends, DONE, with whichever branch
finishes last. advance_process completes every open human task on a transition, so the
follow-up is completed as soon as the case moves on (response recorded, withdrawn).

    await_response --(FOLLOW_UP_DAYS, non-interrupting)--> raise_follow_up -> follow_up
        -> follow_up_end

One timer per await_response task, so one follow-up per round of escalation; a `follow_up`
transition (responded -> escalated) opens a new await_response and with it a new round. A timer
whose await_response completes first is canceled by viewflow and never fires.
"""

import copy
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.base import Node

from casework.cases.models import Status
from casework.cases.services import case_follow_up_due
from casework.notifications.tasks import notify_soon

from .task_views import task_open

COUNCIL = "cases.triage_case"
# Members of the case's organisation: the inbox shows a queued task only to those who may see
# its case, so this is the organisation's own queue.
MEMBERS = "cases.add_case"


def _case(activation):
    return activation.process.artifact


def _active(user):
    """A deactivated account gets no new task: it goes to the queue instead."""
    return user if user is not None and user.is_active else None


def _assigned_staff(activation):
    return _active(_case(activation).assigned_to)


def _status_is(status: str):
    return lambda activation: _case(activation).status == status


class CaseLifecycle:
    """Nodes shared by the family-reunification and removal flows (not a flow itself)."""

    lock_impl = lock.select_for_update_lock

    def __init_subclass__(cls, **kwargs):
        # viewflow copies each node into a flow with copy.copy(), which leaves the list of the
        # node's boundary events shared: the two flows built from these nodes would each arm
        # both flows' timers on every await_response (two follow-ups per escalation). Each
        # flow gets its own copies, with their own list, before viewflow wires them.
        for name, node in vars(CaseLifecycle).items():
            if isinstance(node, Node):
                node = copy.copy(node)
                node._boundary_events = []
                setattr(cls, name, node)
        super().__init_subclass__(**kwargs)

    start = flow.StartHandle(this.start_process).Next(this.route)

    route = (
        flow.Switch()
        .Case(this.triage, _status_is(Status.SUBMITTED))
        .Case(this.review, _status_is(Status.IN_REVIEW))
        .Case(this.provide_information, _status_is(Status.INFO_REQUESTED))
        .Case(this.prepare_escalation, _status_is(Status.ACCEPTED))
        .Case(this.await_response, _status_is(Status.ESCALATED))
        .Case(this.record_outcome, _status_is(Status.RESPONDED))
        .Default(this.end)
    )

    triage = (
        flow.View(task_open)
        .Annotation(title=_("Triage the submission"))
        .Permission(COUNCIL)
        .Next(this.route)
    )
    review = (
        flow.View(task_open)
        .Annotation(title=_("Review: accept, decline or ask for information"))
        .Permission(COUNCIL)
        .Assign(_assigned_staff)
        .Next(this.route)
    )
    provide_information = (
        flow.View(task_open)
        .Annotation(title=_("Provide the information the council asked for"))
        .Permission(MEMBERS)
        .Assign(lambda activation: _active(_case(activation).created_by))
        .Next(this.route)
    )
    prepare_escalation = (
        flow.View(task_open)
        .Annotation(title=_("Prepare and send the escalation"))
        .Permission(COUNCIL)
        .Assign(_assigned_staff)
        .Next(this.route)
    )
    await_response = (
        flow.View(task_open)
        .Annotation(title=_("Await the government's response"))
        .Permission(COUNCIL)
        .Assign(_assigned_staff)
        .OnTimeout(
            this.follow_up_delay,
            this.raise_follow_up,
            interrupting=False,
            title=_("No response in time"),
        )
        .Next(this.route)
    )
    record_outcome = (
        flow.View(task_open)
        .Annotation(title=_("Record the outcome and close"))
        .Permission(COUNCIL)
        .Assign(_assigned_staff)
        .Next(this.route)
    )

    end = flow.End()

    raise_follow_up = (
        flow.SendHandle(this.follow_up_due)
        .Annotation(title=_("Record the follow-up and e-mail the council"))
        .Next(this.follow_up)
    )
    follow_up = (
        flow.View(task_open)
        .Annotation(title=_("Follow up with the government: no response yet"))
        .Permission(COUNCIL)
        .Assign(_assigned_staff)
        .Next(this.follow_up_end)
    )
    # A plain End, not a TerminateEnd: it must not cancel await_response.
    follow_up_end = flow.End()

    def start_process(self, activation, case):
        activation.process.artifact = case
        return activation.process

    def follow_up_delay(self, activation) -> datetime.timedelta:
        # Read when each timer is armed, not at import: a changed setting applies to the next
        # escalation (timers already armed keep their due moment).
        return datetime.timedelta(days=settings.CASEWORK["FOLLOW_UP_DAYS"])

    def follow_up_due(self, activation) -> None:
        notify_soon(event=case_follow_up_due(case=_case(activation)))
