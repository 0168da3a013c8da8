"""Case pages. Every view fetches its case through access_case and writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from casework.accounts.models import Agency
from casework.audit.models import Action
from casework.audit.services import audit_record

from . import services
from .forms import (
    TRANSITION_FORMS,
    TRANSITION_LABELS,
    AssignForm,
    CaseFilterForm,
    CaseForm,
    ConsentForm,
    DocumentForm,
    DuplicateDismissForm,
    GovernmentFileForm,
    NoteForm,
    PersonForm,
    RemovalForm,
    UrgencyOverrideForm,
)
from .models import Case, Kind, Removal, can_change_case
from .permissions import access_case
from .selectors import (
    case_list,
    deadlines_due,
    duplicate_flags_of,
    events_visible_to,
    linked_cases,
    notes_visible_to,
)
from .uploads import ALLOWED_TYPES, safe_filename

CASE_LIST_PAGE_SIZE = 25
# The "due soon" page: overdue deadlines and those due within this many days.
DUE_SOON_DAYS = 14


@require_http_methods(["GET"])
def case_index(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    page = Paginator(case_list(request.user, form.filters()), CASE_LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": request.user.is_member,
        },
    )


@require_http_methods(["GET"])
def deadlines_due_soon(request):
    # "Today" in the user's own time zone (activated per request by the accounts middleware).
    today = timezone.localdate()
    page = Paginator(
        deadlines_due(request.user, today=today, within_days=DUE_SOON_DAYS),
        CASE_LIST_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "cases/due.html", {"page": page, "within_days": DUE_SOON_DAYS})


@require_http_methods(["GET", "POST"])
def case_create(request):
    if not request.user.is_member:
        raise PermissionDenied
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in Kind.values:
        return render(request, "cases/choose_kind.html", {"kinds": Kind.choices})
    form = CaseForm(request.POST or None, initial={"kind": kind})
    removal_form = (
        RemovalForm(request.POST or None)
        if kind in (Kind.REMOVAL_DEFERRAL, Kind.BORDER_INTERVENTION)
        else None
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (removal_form is None or removal_form.is_valid())
    ):
        fields = form.service_kwargs()
        if removal_form is not None:
            fields["removal"] = removal_form.service_kwargs()
        try:
            case = services.case_create(actor=request.user, **fields)
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Case %(reference)s was created as a draft. Add the people concerned, "
                    "then submit it."
                )
                % {"reference": case.reference},
            )
            return redirect(case)
    return render(
        request,
        "cases/form.html",
        {"form": form, "removal_form": removal_form, "kind_label": Kind(kind).label},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, reference):
    case = access_case(request.user, reference, write=True)
    if not services.can_edit_details(case, request.user):
        raise PermissionDenied
    removal = getattr(case, "removal", None) if case.is_removal else None
    form = CaseForm(request.POST or None, instance=case)
    removal_form = (
        RemovalForm(request.POST or None, instance=removal or Removal(case=case))
        if case.is_removal
        else None
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (removal_form is None or removal_form.is_valid())
    ):
        fields = form.service_kwargs()
        if removal_form is not None:
            fields["removal"] = removal_form.service_kwargs()
        try:
            services.case_update(
                case=case,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The case was saved."))
            return redirect(case)
    # A failed ModelForm validation has already written the input onto `case`.
    case.refresh_from_db()
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "removal_form": removal_form,
            "case": case,
            "kind_label": case.get_kind_display(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _transition_forms(case: Case, user) -> list[tuple[str, str, object]]:
    available = {t.name for t in case.get_available_user_status_transitions(user)}
    return [
        (name, label, TRANSITION_FORMS[name](initial={"version": case.version}, prefix=name))
        for name, label in TRANSITION_LABELS.items()
        if name in available
    ]


def _render_detail(request, case: Case, *, status: int = 200, bound: dict | None = None):
    """The case page; `bound` replaces blank forms with ones carrying the user's errors."""
    user = request.user
    bound = bound or {}
    can_edit = services.can_edit_details(case, user)
    is_council = user.has_perm("cases.triage_case")
    offered = {name: form for name, _label, form in _transition_forms(case, user)}
    # A refused transition keeps its form, and so its error, even when the case no longer
    # offers it (e.g. "add a person first"): otherwise the user gets a 400 with no reason.
    transitions = [
        (name, label, bound[name] if name in bound else offered[name])
        for name, label in TRANSITION_LABELS.items()
        if name in offered or name in bound
    ]
    context = {
        "case": case,
        "removal": getattr(case, "removal", None) if case.is_removal else None,
        "people": case.people.all(),
        "deadlines": case.deadlines.all(),
        "government_files": case.government_files.select_related("person"),
        "consents": case.consents.select_related("person"),
        "documents": case.documents.select_related("uploaded_by"),
        "notes": notes_visible_to(user, case),
        "events": events_visible_to(user, case),
        "transitions": transitions,
        "can_edit": can_edit,
        # Why "Submit" is not offered yet, for the member who must fix it.
        "submission_problems": case.submission_problems() if can_edit and case.is_editable else [],
        "is_council": is_council,
        "can_note": not case.is_terminal and (is_council or can_change_case(case, user)),
        # Agencies the case cannot be escalated to without an override: no consent covers them.
        "agencies_without_consent": [
            label for agency, label in Agency.choices if not services.consent_on_file(case, agency)
        ]
        if "escalate" in offered
        else [],
    }
    if can_edit:
        context |= {
            "person_form": bound.get("person", PersonForm(prefix="person")),
            "file_form": bound.get("file", GovernmentFileForm(prefix="file", case=case)),
            "consent_form": bound.get("consent", ConsentForm(prefix="consent", case=case)),
            "document_form": bound.get("document", DocumentForm(prefix="document")),
        }
    if context["can_note"]:
        context["note_form"] = bound.get("note", NoteForm(prefix="note"))
    if is_council:
        context["duplicate_flags"] = duplicate_flags_of(user, case)
        context["linked_cases"] = linked_cases(user, case)
    if is_council and not case.is_terminal:
        context["assign_form"] = AssignForm(
            prefix="assign", initial={"assignee": case.assigned_to_id}
        )
        context["urgency_form"] = bound.get(
            "urgency",
            UrgencyOverrideForm(
                prefix="urgency",
                initial={
                    "urgency": case.urgency_override,
                    "reason": case.urgency_override_reason,
                },
            ),
        )
    return render(request, "cases/detail.html", context, status=status)


@require_http_methods(["GET"])
def case_detail(request, reference):
    case = access_case(request.user, reference)
    audit_record(action=Action.CASE_VIEWED, request=request, case=case)
    return _render_detail(request, case)


@require_POST
def case_transition(request, reference, name):
    case = access_case(request.user, reference, write=True)
    form_class = TRANSITION_FORMS.get(name)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            case = services.case_transition(
                case=case,
                actor=request.user,
                name=name,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
                **form.service_kwargs(),
            )
        except services.StaleCase as error:
            messages.error(request, str(error))
            case.refresh_from_db()
            return _render_detail(request, case, status=409)
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Case %(reference)s is now “%(status)s”.")
                % {"reference": case.reference, "status": case.get_status_display()},
            )
            return redirect(case)
    return _render_detail(request, case, status=400, bound={name: form})


def _record_view(*, key, form_class, service, message, with_case=False):
    """A POST view for one of the small forms of the case page: validate, call the service."""

    @require_POST
    def view(request, reference):
        case = access_case(request.user, reference, write=True)
        extra = {"case": case} if with_case else {}
        form = form_class(request.POST, request.FILES, prefix=key, **extra)
        if form.is_valid():
            try:
                service(case=case, actor=request.user, **form.service_kwargs())
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return redirect(case)
        return _render_detail(request, case, status=400, bound={key: form})

    return view


person_add = _record_view(
    key="person", form_class=PersonForm, service=services.person_add,
    message=gettext_lazy("The person was added."),
)  # fmt: skip
government_file_add = _record_view(
    key="file", form_class=GovernmentFileForm, service=services.government_file_add,
    message=gettext_lazy("The government file was added."), with_case=True,
)  # fmt: skip
consent_add = _record_view(
    key="consent", form_class=ConsentForm, service=services.consent_add,
    message=gettext_lazy("The consent was recorded."), with_case=True,
)  # fmt: skip
document_add = _record_view(
    key="document", form_class=DocumentForm, service=services.document_add,
    message=gettext_lazy("The document was attached."),
)  # fmt: skip
note_add = _record_view(
    key="note", form_class=NoteForm, service=services.note_add,
    message=gettext_lazy("The note was added."),
)  # fmt: skip
case_urgency = _record_view(
    key="urgency", form_class=UrgencyOverrideForm, service=services.case_set_urgency_override,
    message=gettext_lazy("The urgency was updated."),
)  # fmt: skip
case_assign = _record_view(
    key="assign", form_class=AssignForm, service=services.case_assign,
    message=gettext_lazy("The assignment was updated."),
)  # fmt: skip


@require_http_methods(["GET", "POST"])
def person_edit(request, reference, person_id):
    case = access_case(request.user, reference, write=True)
    person = get_object_or_404(case.people, pk=person_id)
    if not services.can_edit_details(case, request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, **form.service_kwargs())
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The person was updated."))
            return redirect(case)
    return render(
        request,
        "cases/person_form.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def person_remove(request, reference, person_id):
    case = access_case(request.user, reference, write=True)
    person = get_object_or_404(case.people, pk=person_id)
    services.person_remove(person=person, actor=request.user)
    messages.success(request, _("The person was removed from the case."))
    return redirect(case)


@require_http_methods(["GET"])
def document_download(request, reference, document_id):
    case = access_case(request.user, reference)
    document = get_object_or_404(case.documents, pk=document_id)
    services.document_record_download(document=document, actor=request.user)
    audit_record(
        action=Action.DOCUMENT_DOWNLOADED,
        request=request,
        case=case,
        target=f"document {document.pk}",
    )
    # Always a download, under a cleaned name (RFC 5987 for non-ASCII), with a type the
    # browser may not second-guess: a stored file is never rendered as a page of this site.
    content_type = document.content_type
    if content_type not in ALLOWED_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=safe_filename(document.original_name),
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _open_flag(request, reference, flag_id):
    """The case and one of its open possible duplicates: 404 for anyone but council staff."""
    case = access_case(request.user, reference)
    return case, get_object_or_404(duplicate_flags_of(request.user, case), pk=flag_id)


@require_POST
def duplicate_link(request, reference, flag_id):
    case, flag = _open_flag(request, reference, flag_id)
    try:
        services.duplicate_flag_link(flag=flag, actor=request.user)
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The two cases are now linked."))
    return redirect(case)


@require_POST
def duplicate_dismiss(request, reference, flag_id):
    case, flag = _open_flag(request, reference, flag_id)
    form = DuplicateDismissForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Give a reason, in 2000 characters at most. Nothing was changed.")
        )
        return _render_detail(request, case, status=400)
    try:
        services.duplicate_flag_dismiss(flag=flag, actor=request.user, **form.service_kwargs())
    except services.CaseError as error:
        messages.error(request, str(error))
        return _render_detail(request, case, status=400)
    messages.success(request, _("The possible duplicate was dismissed."))
    return redirect(case)
