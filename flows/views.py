from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.cases.services import CaseError

from . import selectors, services
from .task_views import task_and_case


@require_GET
def inbox(request):
    mine, queue = selectors.inbox(request.user)
    return render(request, "flows/inbox.html", {"mine": mine, "queue": queue})


@require_GET
def inbox_section(request, section):
    """Every task of one section of the inbox, SECTION_ROWS a page."""
    number = request.GET.get("page", "")
    number = int(number) if number.isdigit() and int(number) > 0 else 1
    page = selectors.section_page(request.user, section, number)
    return render(
        request,
        "flows/section.html",
        {"section": section, "rows": page, "page": page, "claim": section == selectors.QUEUE},
    )


@require_POST
def task_claim(request, task_id):
    task, case = task_and_case(request, task_id)
    try:
        services.task_claim(task=task, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("This task was taken by someone else or is not yours to take."))
        return redirect("flows:inbox")
    except CaseError as error:
        messages.error(request, str(error))
        return redirect("flows:inbox")
    messages.success(request, _("You took case %(reference)s.") % {"reference": case.reference})
    return redirect(case)
