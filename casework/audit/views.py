"""The access history of a case, for council staff only."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.cases import rules
from casework.cases.permissions import access_case

from .models import Action
from .selectors import case_access_history
from .services import audit_record

HISTORY_PAGE_SIZE = 50


@require_GET
def case_access(request, reference):
    """Who looked at, downloaded or shared the case: 404 for outsiders, 403 for members."""
    case = access_case(request.user, reference)
    if not rules.can_see_access_history(request.user, case):
        raise PermissionDenied
    # Reading the history is itself on the record, before the page is read.
    audit_record(action=Action.ACCESS_HISTORY_VIEWED, request=request, case=case)
    page = Paginator(case_access_history(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/case_access.html", {"case": case, "page": page})
