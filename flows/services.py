"""Writes to flow tasks. The case itself changes only through casework.cases.services."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from casework.accounts.models import User
from casework.cases.models import Case
from casework.cases.services import case_assign

from .registry import flow_for
from .selectors import OPEN_STATUSES


def process_of(case: Case) -> Process | None:
    return Process.objects.filter(
        artifact_content_type=ContentType.objects.get_for_model(Case),
        artifact_object_id=case.pk,
    ).first()


def advance_process(*, case: Case, actor: User) -> None:
    """Move the case's process past the task the transition just settled.

    The first submission starts the process. After that, the open human tasks (one per
    waiting state, plus the follow-up the timer may have raised beside await_response) are
    completed in the actor's name: the flow routes on the case's new status to the next task,
    or to the end, and the follow-up branch to its own end.
    """
    flow_class = flow_for(case)
    process = process_of(case)
    if process is None:
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


@transaction.atomic
def task_claim(*, task: Task, actor: User) -> Task:
    """A council member takes a queued task, and with it the case."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    activation = task.flow_task.activation_class(task)
    if task.status != STATUS.NEW or not task.flow_task.can_assign(actor, task):
        raise PermissionDenied
    activation.assign(actor)
    case = task.process.artifact
    if case.assigned_to_id is None:
        case_assign(case=case, actor=actor, assignee=actor)
    return task
