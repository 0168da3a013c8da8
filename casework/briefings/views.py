"""Briefing pages: the versions of a case (GET), generate one (POST), download one.

Every view fetches the case through access_case: 404 for a user who may not see it. Only
council staff generate (403 for others who can see the case); the others download the versions
shared with them (404 for the rest, as if they did not exist).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casework.cases import rules
from casework.cases.permissions import access_case

from . import selectors, services, tasks
from .forms import BriefingForm


# Rendering may run inline (no broker): never inside a request-wide transaction.
@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def briefing_list(request, reference):
    case = access_case(request.user, reference)
    user = request.user
    if request.method == "POST" and not rules.can_triage(user):
        raise PermissionDenied
    form = None
    status = 200
    if rules.can_generate_briefing(user, case):
        form = BriefingForm(request.POST or None, case=case)
    if request.method == "POST":
        if form is None:
            messages.error(
                request, _("A briefing can be generated once the case has been submitted.")
            )
            return redirect("briefings:list", case.reference)
        if form.is_valid():
            try:
                services.check_generate(case=case, actor=user)
                number = tasks.render_briefing_soon(
                    case_id=case.pk, actor_id=user.pk, **form.service_kwargs()
                )
            except services.BriefingError as error:
                form.add_error(None, str(error))
            else:
                if number is not None:
                    messages.success(
                        request,
                        _("Version %(number)d of the briefing is ready.") % {"number": number},
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "The briefing is being prepared. It will appear in this list in a "
                            "minute: reload the page."
                        ),
                    )
                return redirect("briefings:list", case.reference)
        status = 400
    return render(
        request,
        "briefings/list.html",
        {
            "case": case,
            "briefings": selectors.briefings_visible_to(user, case),
            "form": form,
            "sees_every_version": rules.can_see_every_briefing(user, case),
        },
        status=status,
    )


@require_GET
def briefing_download(request, reference, number):
    case = access_case(request.user, reference)
    briefing = selectors.briefings_visible_to(request.user, case).filter(number=number).first()
    if briefing is None:
        raise Http404
    briefing.case = case
    services.briefing_record_download(briefing=briefing, actor=request.user)
    return briefing_file_response(briefing)


def briefing_file_response(briefing) -> FileResponse:
    """The briefing's PDF, as the briefings page and the API hand it out."""
    response = FileResponse(
        briefing.file.open("rb"),
        as_attachment=True,
        filename=briefing.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
