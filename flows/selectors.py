"""The task inbox: what a user must do next, and what waits in the council's queue."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Subquery
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.accounts.models import User
from casework.cases.models import Case
from casework.cases.selectors import cases_visible_to, with_unread

# A task still waiting for someone.
OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


@dataclass(frozen=True)
class InboxRow:
    task: Task
    case: Case


def _rows(tasks, user: User) -> list[InboxRow]:
    tasks = list(tasks)
    cases = with_unread(Case.objects.select_related("organisation"), user).in_bulk(
        [task.process.artifact_object_id for task in tasks]
    )
    return [InboxRow(task, cases[task.process.artifact_object_id]) for task in tasks]


INBOX_LIMIT = 200


def inbox(user: User) -> tuple[list[InboxRow], list[InboxRow]]:
    """(tasks assigned to the user, unassigned tasks the user may claim), most urgent first."""
    case = Case.objects.filter(pk=OuterRef("process__artifact_object_id"))
    tasks = (
        Task.objects.filter(
            flow_task_type="HUMAN",
            status__in=OPEN_STATUSES,
            process__artifact_content_type=ContentType.objects.get_for_model(Case),
            process__artifact_object_id__in=cases_visible_to(user).values("pk"),
        )
        .select_related("process")
        .annotate(
            case_urgency=Subquery(case.values("urgency")),
            case_deadline=Subquery(case.values("next_deadline")),
        )
        .order_by("case_urgency", F("case_deadline").asc(nulls_last=True), "created")
    )
    mine = _rows(tasks.filter(owner=user)[:INBOX_LIMIT], user)
    queue = _rows(
        tasks.filter(owner__isnull=True, owner_permission__in=user.get_all_permissions())[
            :INBOX_LIMIT
        ],
        user,
    )
    return mine, queue
