from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from viewflow.workflow.models import Task

from casework.cases.selectors import cases_visible_to

from . import selectors, services


@require_GET
def inbox(request):
    mine, queue = selectors.inbox(request.user)
    return render(request, "flows/inbox.html", {"mine": mine, "queue": queue})


def _task_case(request, task_id):
    task = get_object_or_404(Task.objects.select_related("process"), pk=task_id)
    case = cases_visible_to(request.user).filter(pk=task.process.artifact_object_id).first()
    if case is None:
        raise Http404
    return task, case


@require_GET
def task_open(request, task_id, **kwargs):
    """Tasks are worked on the case page: every task node's view leads there."""
    _task, case = _task_case(request, task_id)
    return redirect(case)


@require_POST
def task_claim(request, task_id):
    task, case = _task_case(request, task_id)
    try:
        services.task_claim(task=task, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("This task was taken by someone else or is not yours to take."))
        return redirect("flows:inbox")
    messages.success(request, _("You took case %(reference)s.") % {"reference": case.reference})
    return redirect(case)
