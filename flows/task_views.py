"""The page every task node of the flows opens: the case page, where tasks are worked.

Kept apart from views.py, which writes through services: the flows import this module, and
services import the flows (flows.registry), so it must import neither.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET
from viewflow.workflow.models import Task

from casework.cases.selectors import cases_visible_to


def task_and_case(request, task_id):
    """The task and its case, or 404 when the user may not see the case."""
    task = get_object_or_404(Task.objects.select_related("process"), pk=task_id)
    case = cases_visible_to(request.user).filter(pk=task.process.artifact_object_id).first()
    if case is None:
        raise Http404
    return task, case


@require_GET
def task_open(request, task_id, **kwargs):
    """Tasks are worked on the case page: every task node's view leads there."""
    _task, case = task_and_case(request, task_id)
    return redirect(case)
