"""The disclosure portal (government contacts) and a case's ledger (council staff).

The portal's pages fetch through selectors.access_disclosure: 404 for a disclosure of another
agency, a revoked one, or anyone who is not a government contact. The ledger's pages fetch the
case through access_case (404 when invisible) and answer 403 to those who see the case but may
not see or change its ledger.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.cases import rules as case_rules
from casework.cases.permissions import access_case

from . import links, rules, selectors, services
from .forms import DisclosureForm, RevokeForm
from .models import DisclosedItem

PAGE_SIZE = 25


def _portal_user(request):
    if not rules.reads_disclosures_only(request.user):
        raise Http404
    return request.user


@require_GET
def portal_list(request):
    user = _portal_user(request)
    page = Paginator(selectors.disclosures_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosures/portal_list.html", {"page": page})


@require_GET
def portal_detail(request, pk):
    user = _portal_user(request)
    disclosure = selectors.access_disclosure(user, pk)
    services.disclosure_record_open(disclosure=disclosure, actor=user)
    return render(request, "disclosures/portal_detail.html", {"disclosure": disclosure})


@require_GET
def portal_item(request, pk, position):
    user = _portal_user(request)
    disclosure = selectors.access_disclosure(user, pk)
    item = selectors.disclosed_item(disclosure, position=position)
    services.disclosure_record_download(disclosure=disclosure, actor=user, what=item.position)
    if item.kind == DisclosedItem.Kind.BRIEFING:
        file, name, content_type = item.briefing.file, item.briefing.filename, "application/pdf"
    else:
        document = item.document
        file, name, content_type = document.file, document.original_name, document.content_type
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def portal_package(request, pk):
    """The briefing package: the briefing and the annexes in one PDF (its digest is in the
    ledger)."""
    user = _portal_user(request)
    disclosure = selectors.access_disclosure(user, pk)
    package = getattr(disclosure, "package", None)
    if package is None or not package.file:
        raise Http404
    services.disclosure_record_download(disclosure=disclosure, actor=user, what="package")
    response = FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=package.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def case_ledger(request, reference):
    """What the council disclosed about the case, to whom; a new disclosure (POST)."""
    user = request.user
    case = access_case(user, reference)
    if not rules.can_see_ledger(user, case):
        raise PermissionDenied
    may_disclose = rules.can_disclose(user, case)
    if request.method == "POST" and not may_disclose:
        raise PermissionDenied
    form = DisclosureForm(request.POST or None, case=case) if may_disclose else None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.disclosure_create(case=case, actor=user, **form.service_kwargs())
            except services.DisclosureError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The disclosure is in the ledger."))
                return redirect("case_disclosures:ledger", case.reference)
    return _render_ledger(request, case, form=form, status=400 if request.method == "POST" else 200)


def _ledger_entry(user, reference, pk, may):
    """The case and one disclosure of its ledger, if `may(user, disclosure)`: 404 when the case
    is invisible or the disclosure not of it, 403 otherwise."""
    case = access_case(user, reference)
    if not rules.can_see_ledger(user, case):
        raise PermissionDenied
    disclosure = get_object_or_404(selectors.ledger_of(case), pk=pk)
    if not may(user, disclosure):
        raise PermissionDenied
    return case, disclosure


def _refused(request, case):
    """The ledger again, with the message already given (400): nothing was changed."""
    may_disclose = rules.can_disclose(request.user, case)
    return _render_ledger(
        request, case, form=DisclosureForm(case=case) if may_disclose else None, status=400
    )


@require_POST
def case_revoke(request, reference, pk):
    user = request.user
    case, disclosure = _ledger_entry(user, reference, pk, rules.can_revoke)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.disclosure_revoke(
                disclosure=disclosure, actor=user, reason=form.cleaned_data["reason"]
            )
        except services.DisclosureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The disclosure is revoked: the agency no longer sees it."))
            return redirect("case_disclosures:ledger", case.reference)
    else:
        messages.error(request, _("Give a reason: it is kept in the ledger and the case history."))
    return _refused(request, case)


@require_POST
def case_send_again(request, reference, pk):
    """E-mail the agency's contacts a new link to the disclosure."""
    user = request.user
    case, disclosure = _ledger_entry(user, reference, pk, rules.can_send_again)
    try:
        services.disclosure_send_again(disclosure=disclosure, actor=user)
    except services.DisclosureError as error:
        messages.error(request, str(error))
        return _refused(request, case)
    messages.success(request, _("A new link to the disclosure is on its way to the agency."))
    return redirect("case_disclosures:ledger", case.reference)


def _render_ledger(request, case, *, form=None, status=200):
    return render(
        request,
        "disclosures/ledger.html",
        {
            "case": case,
            "disclosures": selectors.ledger_with_deliveries(case),
            "form": form,
            "may_send_again": case_rules.can_triage(request.user),
            "escalations": selectors.escalations_of(case),
            "may_add_escalation": rules.can_add_escalation(request.user, case),
        },
        status=status,
    )


@login_not_required
@require_GET
def portal_link(request, token):
    """The link e-mailed with a disclosure (links.py): to that disclosure in the portal.

    Open without a session so that a link that no longer works says so at once (404 when it is
    not one of ours, 410 when it expired, was revoked or its recipient may no longer read it);
    otherwise the sign-in (and the second step, if owed) comes first and brings the person back
    here (?next=). Someone signed in who is not its recipient gets 404, as for any disclosure
    that is not theirs.
    """
    user = request.user
    try:
        link = links.link_read(token)
    except links.LinkExpired:
        return _link_refused(request, None, LINK_EXPIRED, status=410)
    except links.LinkInvalid:
        return _link_refused(request, None, LINK_INVALID, status=404)
    if user.is_authenticated and user.pk != link.recipient_id:
        raise Http404
    disclosure = selectors.linked_disclosure(link.disclosure_id)
    recipient = user if user.is_authenticated else selectors.link_recipient(link.recipient_id)
    if disclosure is None or recipient is None or not rules.can_follow_link(recipient, disclosure):
        return _link_refused(request, disclosure, LINK_CLOSED, status=410)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    services.disclosure_record_link_followed(disclosure=disclosure, actor=user)
    return redirect("disclosures:detail", disclosure.pk)


LINK_INVALID = gettext_lazy(
    "This link is not valid. Check that you copied all of it from the e-mail, or open your "
    "disclosures from the sign-in page."
)
LINK_EXPIRED = gettext_lazy(
    "This link has expired. Sign in to find the disclosure in your portal if it is still "
    "disclosed to you, or ask the council to send it again."
)
LINK_CLOSED = gettext_lazy(
    "This link no longer works: the council withdrew the disclosure, or your account may no "
    "longer read it. Ask the council contact who wrote to you."
)


def _link_refused(request, disclosure, reason, *, status):
    services.disclosure_record_link_refused(disclosure=disclosure)
    return render(request, "disclosures/link_refused.html", {"reason": reason}, status=status)
