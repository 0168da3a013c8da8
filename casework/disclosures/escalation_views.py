"""Escalations and government responses: council staff from a case's ledger, an agency's
contact from the portal.

The portal's page fetches through selectors.access_disclosure: 404 for a disclosure of another
agency, a revoked one, one without an escalation, or anyone who is not a government contact.
The ledger's pages fetch the case through access_case (404 when invisible) and answer 403 to
those who see the case but may not act on its escalations.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework.cases import services as case_services
from casework.cases.permissions import access_case

from . import rules, selectors
from .escalation_forms import EscalationForm, GovernmentResponseForm


def _form_page(request, form, *, title, back_url, intro="", escalation=None):
    return render(
        request,
        "disclosures/escalation_form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "intro": intro,
            "escalation": escalation,
        },
        status=400 if form.is_bound else 200,
    )


def _record_response(request, form, escalation) -> bool:
    """Record the response the form holds; False (the form says why) when it cannot be."""
    if not form.is_valid():
        return False
    try:
        case_services.government_response_record(
            escalation=escalation, actor=request.user, **form.service_kwargs()
        )
    except case_services.CaseError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("The response is recorded: this escalation's follow-up stops."))
    return True


@require_http_methods(["GET", "POST"])
def portal_respond(request, pk):
    """The agency's contact records their agency's answer to the escalation disclosed."""
    user = request.user
    if not rules.reads_disclosures_only(user):
        raise Http404
    disclosure = selectors.access_disclosure(user, pk)
    escalation = disclosure.escalation
    if escalation is None or not rules.can_record_response(user, escalation):
        raise Http404
    form = GovernmentResponseForm(request.POST or None, by_agency=True)
    if request.method == "POST" and _record_response(request, form, escalation):
        return redirect("disclosures:detail", disclosure.pk)
    return _form_page(
        request,
        form,
        title=_("Record your agency's response"),
        back_url=reverse("disclosures:detail", args=[disclosure.pk]),
        intro=_("The council sees your response at once; it cannot be changed afterwards."),
        escalation=escalation,
    )


def _ledger_case(request, reference):
    case = access_case(request.user, reference)
    if not rules.can_see_ledger(request.user, case):
        raise PermissionDenied
    return case


@require_http_methods(["GET", "POST"])
def escalation_add(request, reference):
    """Ask another agency about the case (council staff)."""
    case = _ledger_case(request, reference)
    if not rules.can_add_escalation(request.user, case):
        raise PermissionDenied
    form = EscalationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            case_services.case_escalation_add(
                case=case, actor=request.user, **form.service_kwargs()
            )
        except case_services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The escalation is recorded and disclosed to the agency."))
            return redirect("case_disclosures:ledger", case.reference)
    return _form_page(
        request,
        form,
        title=_("Escalate to another agency"),
        back_url=reverse("case_disclosures:ledger", args=[case.reference]),
        intro=_(
            "The agency's contacts see this escalation record and what you choose here, "
            "nothing else of the case."
        ),
    )


@require_http_methods(["GET", "POST"])
def escalation_respond(request, reference, pk):
    """Record an agency's answer to one escalation of the case (council staff)."""
    case = _ledger_case(request, reference)
    escalation = get_object_or_404(selectors.escalations_of(case), pk=pk)
    if not rules.can_record_response(request.user, escalation):
        raise PermissionDenied
    form = GovernmentResponseForm(request.POST or None)
    if request.method == "POST" and _record_response(request, form, escalation):
        return redirect("case_disclosures:ledger", case.reference)
    return _form_page(
        request,
        form,
        title=_("Record the agency's response"),
        back_url=reverse("case_disclosures:ledger", args=[case.reference]),
        escalation=escalation,
    )
