"""Writes to flow tasks. The case itself changes only through casework.cases.services."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from casework.accounts.models import User
from casework.cases import rules
from casework.cases.models import NON_TERMINAL, Case
from casework.cases.services import case_assign, case_take

from .registry import flow_for
from .selectors import OPEN_STATUSES


def process_of(case: Case) -> Process | None:
    """The case's latest process (a reopened case has had more than one)."""
    return (
        Process.objects.filter(
            artifact_content_type=ContentType.objects.get_for_model(Case),
            artifact_object_id=case.pk,
        )
        .order_by("-pk")
        .first()
    )


def advance_process(*, case: Case, actor: User) -> None:
    """Move the case's process past the task the transition just settled.

    The first submission starts the process, and so does reopening a finished case (its
    process ended with it). After that, the open human tasks (one per
    waiting state, plus the follow-up the timer may have raised beside await_response) are
    completed in the actor's name: the flow routes on the case's new status to the next task,
    or to the end, and the follow-up branch to its own end.
    """
    flow_class = flow_for(case)
    process = process_of(case)
    if process is None or (process.finished is not None and not case.is_terminal):
        if case.was_submitted:
            flow_class.start.run(case=case)
        return
    with flow_class.lock(process.pk):
        for task in Task.objects.filter(
            process=process, flow_task_type="HUMAN", status__in=OPEN_STATUSES
        ):
            activation = task.flow_task.activation_class(task)
            if task.status == STATUS.NEW:
                activation.assign(actor)
            if task.status == STATUS.ASSIGNED:
                activation.start(None)
            activation.execute()


# The queue's first task: taking it is taking the case (services.case_take).
TRIAGE = "triage"


@transaction.atomic
def task_claim(*, task: Task, actor: User) -> Task:
    """A council member takes a queued task, and with it the case.

    Taking a new submission (the triage task) starts its review at once: one step, not two
    (casework.cases.services.case_take, which raises CaseError if someone took it first).
    """
    task = Task.objects.select_for_update().get(pk=task.pk)
    activation = task.flow_task.activation_class(task)
    if task.status != STATUS.NEW or not task.flow_task.can_assign(actor, task):
        raise PermissionDenied
    if task.flow_task.name == TRIAGE:
        case_take(case=task.process.artifact, actor=actor)
        return task
    activation.assign(actor)
    case = task.process.artifact
    # Council staff take the case with the task; a member taking their organisation's task
    # (provide_information) is not the case's assignee: only council staff are.
    if case.assigned_to_id is None and rules.can_be_assigned(actor):
        case_assign(case=case, actor=actor, assignee=actor)
    return task


def tasks_release(*, account: User, actor: User) -> int:
    """A deactivated account's open tasks go back to their queue: the council's, or its
    organisation's for the information the council asked for. The open cases it was assigned
    lose their assignee (a line in each history), so the next task is queued too.

    Returns how many tasks were released. Runs in the deactivation's transaction.
    """
    released = 0
    tasks = Task.objects.filter(
        owner=account, flow_task_type="HUMAN", status__in=OPEN_STATUSES
    ).select_related("process")
    for task in tasks:
        case = task.process.artifact
        with flow_for(case).lock(task.process_id):
            task = Task.objects.get(pk=task.pk)
            activation = task.flow_task.activation_class(task)
            task.owner_permission = task.flow_task.calc_owner_permission(activation)
            if task.status == STATUS.ASSIGNED:
                activation.unassign()
            else:
                task.owner = None
                task.status = STATUS.NEW
                task.save()
            released += 1
    for case in Case.objects.filter(assigned_to=account, status__in=NON_TERMINAL):
        if rules.can_assign(actor, case):
            case_assign(case=case, actor=actor, assignee=None)
    return released
