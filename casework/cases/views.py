"""Case pages. Every view fetches its case through access_case and writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from casework.accounts.forms import ShareForm
from casework.accounts.models import Agency
from casework.accounts.selectors import case_shares as case_shares_of
from casework.accounts.selectors import share_candidate
from casework.disclosures.selectors import escalations_of

from . import rules, services
from .facts import derived_facts, facts_model, facts_of
from .forms import (
    AssignForm,
    BulkActionForm,
    CaseFilterForm,
    CaseForm,
    ConsentForm,
    DeleteDraftForm,
    DocumentForm,
    DuplicateDismissForm,
    GovernmentFileForm,
    NoteForm,
    PersonForm,
    ReminderForm,
    RemovalForm,
    SavedFilterForm,
    UrgencyOverrideForm,
    facts_form,
    transition_form_class,
)
from .models import KIND_DESCRIPTIONS, Case, Kind, Removal, Status, case_transitions
from .permissions import access_case
from .selectors import (
    case_list_page,
    cases_for_case_page,
    cases_visible_to,
    consent_covers,
    deadlines_due,
    duplicate_flags_of,
    events_visible_to,
    linked_cases,
    notes_visible_to,
    open_information_request,
    reminders_on_case,
    saved_filters_of,
)
from .uploads import ALLOWED_TYPES, safe_filename

CASE_LIST_PAGE_SIZE = 25
# The case page shows the latest lines of the history (downloads alone can make it long); the
# history page shows them all.
HISTORY_ON_CASE_PAGE = 20
HISTORY_PAGE_SIZE = 50
# The "due soon" page: overdue deadlines and those due within this many days.
DUE_SOON_DAYS = 14
# The states in which the member waits for the council.
WAITING_FOR_COUNCIL = {Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED}


# The header the search-as-you-type script sends (static/js/case-search.js): the list's results
# alone, without the page around them.
RESULTS_ONLY_HEADER = "X-Casework-Results"


@require_http_methods(["GET"])
def case_index(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    page = case_list_page(
        request.user, form.filters(), number=request.GET.get("page"), per_page=CASE_LIST_PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    can_bulk = rules.can_act_in_bulk(request.user)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_export": rules.can_export_case_list(request.user),
        "can_bulk": can_bulk,
        "bulk_form": BulkActionForm(prefix="bulk") if can_bulk else None,
    }
    if request.headers.get(RESULTS_ONLY_HEADER):
        return render(request, "cases/_results.html", context)
    return render(
        request,
        "cases/list.html",
        context
        | {
            # A filter other than the search box is in use: show them all.
            "filtered": any(value for key, value in query.items() if key != "q"),
            "can_create": rules.can_create_case(request.user),
            "saved_filters": saved_filters_of(request.user),
            "saved_filter_form": SavedFilterForm(initial={"query": form.query()}),
        },
    )


def _back(request, default):
    """The page the form came from (a `next` field of this site), else `default`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@require_POST
def case_take(request, reference):
    """Take a new submission from the queue: it becomes the user's and its review starts."""
    case = access_case(request.user, reference, write=True)
    if not rules.can_triage(request.user):
        raise PermissionDenied
    try:
        case = services.case_take(case=case, actor=request.user)
    except services.CaseError as error:
        messages.error(request, str(error))
        return _back(request, "reports:today")
    messages.success(
        request,
        _("You took case %(reference)s; its review has started.") % {"reference": case.reference},
    )
    return redirect(case)


@require_POST
def case_bulk(request):
    """Take or assign the cases ticked on the list (council staff). A case the user may not
    see is ignored, as if it did not exist; one they may not change is reported, untouched."""
    if not rules.can_act_in_bulk(request.user):
        raise PermissionDenied
    form = BulkActionForm(request.POST, prefix="bulk")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, "cases:list")
    data = form.cleaned_data
    cases = list(
        cases_visible_to(request.user)
        .filter(pk__in=data["cases"])
        .select_related("assigned_to", "organisation")
        .order_by("reference")
    )
    result = services.cases_bulk_assign(
        cases=cases,
        actor=request.user,
        assignee=data["assignee"],
        take=data["action"] == BulkActionForm.TAKE,
    )
    if result.done:
        messages.success(
            request,
            _("Done for %(count)d case(s): %(references)s.")
            % {"count": len(result.done), "references": ", ".join(result.done)},
        )
    for reference, why in result.refused:
        messages.error(
            request,
            _("Case %(reference)s was not changed: %(why)s") % {"reference": reference, "why": why},
        )
    missing = len(set(data["cases"])) - len(cases)
    if missing:
        messages.error(
            request,
            _("%(count)d selected case(s) could not be found. Nothing was done to them.")
            % {"count": missing},
        )
    return _back(request, "cases:list")


@require_POST
def saved_filter_create(request):
    """Save the list's current filters under a name (checked by the list's own filter form)."""
    form = SavedFilterForm(request.POST)
    filters = CaseFilterForm(QueryDict(request.POST.get("query", "")), user=request.user)
    if not form.is_valid() or (filters.is_bound and not filters.is_valid()):
        messages.error(
            request, _("The filter could not be saved: give it a name, with valid filters.")
        )
        return redirect("cases:list")
    try:
        saved = services.saved_filter_create(
            actor=request.user, name=form.cleaned_data["name"], query=filters.query()
        )
    except services.CaseError as error:
        messages.error(request, str(error))
        return redirect("cases:list")
    messages.success(request, _("The filter “%(name)s” was saved.") % {"name": saved.name})
    return redirect(f"{reverse('cases:list')}?{saved.query}" if saved.query else "cases:list")


def _own_saved_filter(request, filter_id):
    return get_object_or_404(saved_filters_of(request.user), pk=filter_id)


@require_http_methods(["GET"])
def saved_filter_open(request, filter_id):
    saved = _own_saved_filter(request, filter_id)
    return redirect(f"{reverse('cases:list')}?{saved.query}" if saved.query else "cases:list")


@require_POST
def saved_filter_delete(request, filter_id):
    saved = _own_saved_filter(request, filter_id)
    services.saved_filter_delete(saved_filter=saved, actor=request.user)
    messages.success(request, _("The filter “%(name)s” was deleted.") % {"name": saved.name})
    return redirect("cases:list")


@require_POST
def reminder_add(request, reference):
    case = _page_case(request, reference)
    if not rules.can_set_reminder(request.user, case):
        raise PermissionDenied
    form = ReminderForm(request.POST, prefix="reminder")
    if form.is_valid() and _call(form, services.reminder_add, case=case, actor=request.user):
        messages.success(request, _("The reminder was set. Only you will see it."))
        return redirect(case)
    return _render_detail(request, case, status=400, bound={"reminder": form})


@require_POST
def reminder_dismiss(request, reference, reminder_id):
    case = access_case(request.user, reference)
    reminder = get_object_or_404(reminders_on_case(request.user, case), pk=reminder_id)
    services.reminder_dismiss(reminder=reminder, actor=request.user)
    messages.success(request, _("The reminder was dismissed."))
    return _back(request, case.get_absolute_url())


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
    if not rules.can_create_case(request.user):
        raise PermissionDenied
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in Kind.values:
        kinds = [(value, label, KIND_DESCRIPTIONS[value]) for value, label in Kind.choices]
        return render(request, "cases/choose_kind.html", {"kinds": kinds})
    # Correspondence in the author's own language unless they choose otherwise.
    form = CaseForm(
        request.POST or None,
        initial={"kind": kind, "correspondence_language": request.user.language[:2]},
    )
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
    if not rules.can_edit_details(request.user, case):
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
                data=fields,
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


def _page_case(request, reference: str, *, write: bool = False) -> Case:
    """access_case for a view that may answer with the case page (_render_detail)."""
    return access_case(
        request.user, reference, write=write, cases=cases_for_case_page(request.user)
    )


def _render_detail(request, case: Case, *, status: int = 200, bound: dict | None = None):
    """The case page; `bound` replaces blank forms with ones carrying the user's errors.

    Forms that ask for more than a click (adding a person, a file, a consent, a document; a
    transition that needs a reason or details) have pages of their own: the case page links to
    them instead of rendering forms (and a 250-country select) on every view.
    """
    user = request.user
    bound = bound or {}
    can_edit = rules.can_edit_details(user, case)
    events = list(events_visible_to(user, case)[: HISTORY_ON_CASE_PAGE + 1])
    people = case.people.all()
    facts = facts_of(case)
    can_delete_draft = rules.can_delete_draft(user, case)
    transitions = rules.transitions_offered(user, case)
    context = {
        "case": case,
        "removal": getattr(case, "removal", None) if case.is_removal else None,
        "facts": facts,
        "facts_title": capfirst(facts_model(case.kind)._meta.verbose_name),
        "fact_rows": facts.rows() if facts else [],
        "derived_facts": derived_facts(case, facts, people, today=timezone.localdate()),
        "people": people,
        "deadlines": case.deadlines.all(),
        "government_files": case.government_files.select_related("person"),
        "consents": case.consents.select_related("person"),
        "documents": case.documents.all(),
        # Every agency the case went to, each with its responses (none read before escalation).
        "escalations": escalations_of(case) if case.escalated_at else (),
        "notes": notes_visible_to(user, case),
        # The council's open question, pinned at the top with the answer box under it.
        "info_request": open_information_request(case),
        "events": events[:HISTORY_ON_CASE_PAGE],
        "more_history": len(events) > HISTORY_ON_CASE_PAGE,
        "transitions": transitions,
        "can_delete_draft": can_delete_draft,
        # After submitting, the member is told what the council does next.
        "waiting_for_council": case.status in WAITING_FOR_COUNCIL
        and rules.acts_for_case_organisation(user, case),
        "can_edit": can_edit,
        # Why "Submit" is not offered yet, for the member who must fix it.
        "submission_problems": _submission_problems(case) if can_edit and case.is_editable else [],
        "can_generate_briefing": rules.can_generate_briefing(user, case),
        "can_see_access_history": rules.can_see_access_history(user, case),
        "can_see_ledger": rules.can_see_disclosure_ledger(user, case),
        "can_manage_shares": rules.can_withdraw_share(user, case),
    }
    if rules.can_add_note(user, case):
        context["note_form"] = bound.get("note", NoteForm(prefix="note"))
        context["can_add_internal_note"] = rules.can_add_internal_note(user, case)
        # The member answers the council's question right under it.
        context["reply_at_top"] = context["info_request"] is not None and not rules.can_triage(user)
    if rules.can_review_duplicates(user):
        # Read only for a case that has some (cases_for_case_page says so).
        if case.has_duplicate_flags:
            context["duplicate_flags"] = duplicate_flags_of(user, case)
        if case.has_links:
            context["linked_cases"] = linked_cases(user, case)
    if rules.can_assign(user, case):
        context["assign_form"] = AssignForm(
            prefix="assign", initial={"assignee": case.assigned_to_id}
        )
    context["can_override_urgency"] = rules.can_override_urgency(user, case)
    if rules.can_set_reminder(user, case):
        context["reminders"] = reminders_on_case(user, case)
        context["reminder_form"] = bound.get("reminder", ReminderForm(prefix="reminder"))
    return render(request, "cases/detail.html", context, status=status)


def _submission_problems(case: Case) -> list:
    """What keeps the case from going to the council, for the member who must fix it."""
    problems = case.submission_problems()
    if not rules.may_submit(case.organisation):
        problems.insert(0, services.NOT_A_MEMBER_NOW)
    return problems


@require_http_methods(["GET"])
def case_detail(request, reference):
    case = _page_case(request, reference)
    services.case_page_opened(case=case, actor=request.user)
    return _render_detail(request, case)


@require_http_methods(["GET"])
def case_history(request, reference):
    case = access_case(request.user, reference)
    page = Paginator(events_visible_to(request.user, case), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/history.html", {"case": case, "page": page})


@require_http_methods(["GET", "POST"])
def case_transition(request, reference, name):
    """A transition's page (GET: its form) and the transition itself (POST)."""
    case = _page_case(request, reference, write=True)
    transition = case_transitions().get(name)
    if transition is None:
        raise Http404
    form_class = transition_form_class(transition)
    if request.method == "GET":
        if transition not in rules.transitions_for(request.user, case):
            raise PermissionDenied
        form = form_class(initial=form_class.initial_for(case), prefix=name, case=case)
        return _render_transition(request, case, transition, form)
    form = form_class(request.POST, prefix=name, case=case)
    if form.is_valid():
        try:
            case = services.TRANSITION_SERVICES[name](
                case=case,
                actor=request.user,
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
    return _render_transition(request, case, transition, form, status=400)


@require_http_methods(["GET", "POST"])
def case_delete_draft(request, reference):
    """Ask (GET), then delete the draft for good (POST)."""
    case = access_case(request.user, reference, write=True)
    if not rules.can_delete_draft(request.user, case):
        raise PermissionDenied
    form = DeleteDraftForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_delete_draft(
                case=case, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        except services.CaseError as error:
            messages.error(request, str(error))
            return redirect(case)
        messages.success(
            request, _("The draft %(reference)s was deleted.") % {"reference": case.reference}
        )
        return redirect("cases:list")
    return render(
        request,
        "cases/delete_draft.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _render_transition(request, case: Case, transition, form, *, status: int = 200):
    context = {
        "case": case,
        "info_request": open_information_request(case) if transition.name == "resubmit" else None,
        "name": transition.name,
        "title": transition.custom["label"],
        "form": form,
    }
    if transition.name == "escalate":
        # The case's agency, if no consent covers sharing the case with it: the other agency's
        # consent is nobody's concern here.
        context["agencies_without_consent"] = [
            label
            for agency, label in Agency.choices
            if agency == case.agency and not consent_covers(case, agency)
        ]
    return render(request, "cases/transition.html", context, status=status)


def _call(form, service, **arguments) -> bool:
    """Call the service with the form's values; a refusal becomes the form's error."""
    try:
        service(**arguments, **form.service_kwargs())
    except services.CaseError as error:
        form.add_error(None, str(error))
        return False
    return True


def _record_page(
    *,
    key,
    form_class,
    service,
    title,
    message,
    with_case=False,
    rule=rules.can_edit_details,
    initial=None,
):
    """A page of one form about the case (add a person, a file...): GET the form, POST it.

    `rule(user, case)` says who may use it; `initial(case)` fills the form from the case;
    `title` may be a function of the case.
    """

    @require_http_methods(["GET", "POST"])
    def view(request, reference):
        case = access_case(request.user, reference, write=True)
        if not rule(request.user, case):
            raise PermissionDenied
        extra = {"case": case} if with_case else {}
        form = form_class(
            request.POST or None,
            request.FILES or None,
            prefix=key,
            initial=initial(case) if initial else None,
            **extra,
        )
        if request.method == "POST":
            if form.is_valid() and _call(form, service, case=case, actor=request.user):
                messages.success(request, message)
                return redirect(case)
        return render(
            request,
            "cases/record_form.html",
            {"case": case, "form": form, "title": title(case) if callable(title) else title},
            status=400 if request.method == "POST" else 200,
        )

    return view


def _case_page_form(*, key, form_class, service, message):
    """A small form of the case page (a note, the assignment...): POST only."""

    @require_POST
    def view(request, reference):
        case = _page_case(request, reference, write=True)
        form = form_class(request.POST, request.FILES or None, prefix=key)
        if form.is_valid() and _call(form, service, case=case, actor=request.user):
            messages.success(request, message)
            return redirect(case)
        return _render_detail(request, case, status=400, bound={key: form})

    return view


person_add = _record_page(
    key="person", form_class=PersonForm, service=services.person_add,
    title=gettext_lazy("Add a person"), message=gettext_lazy("The person was added."),
)  # fmt: skip
government_file_add = _record_page(
    key="file", form_class=GovernmentFileForm, service=services.government_file_add,
    title=gettext_lazy("Add a government file"),
    message=gettext_lazy("The government file was added."), with_case=True,
)  # fmt: skip
consent_add = _record_page(
    key="consent", form_class=ConsentForm, service=services.consent_add,
    title=gettext_lazy("Record a consent"), message=gettext_lazy("The consent was recorded."),
    with_case=True,
)  # fmt: skip
document_add = _record_page(
    key="document", form_class=DocumentForm, service=services.document_add,
    title=gettext_lazy("Attach a document"), message=gettext_lazy("The document was attached."),
)  # fmt: skip
note_add = _case_page_form(
    key="note", form_class=NoteForm, service=services.note_add,
    message=gettext_lazy("The note was added."),
)  # fmt: skip
case_urgency = _record_page(
    key="urgency", form_class=UrgencyOverrideForm, service=services.case_set_urgency_override,
    title=gettext_lazy("Set the urgency by hand"), message=gettext_lazy("The urgency was updated."),
    rule=rules.can_override_urgency,
    initial=lambda case: {"urgency": case.urgency_override, "reason": case.urgency_override_reason},
)  # fmt: skip
# The facts of the case's kind (R.117(9)(d), the child at risk, the removal, the border).
case_facts = _record_page(
    key="facts", form_class=facts_form, service=services.case_facts_update,
    title=lambda case: capfirst(facts_model(case.kind)._meta.verbose_name),
    message=gettext_lazy("The facts of the case were saved."), with_case=True,
)  # fmt: skip
case_assign = _case_page_form(
    key="assign", form_class=AssignForm, service=services.case_assign,
    message=gettext_lazy("The assignment was updated."),
)  # fmt: skip


@require_http_methods(["GET", "POST"])
def person_edit(request, reference, person_id):
    case = access_case(request.user, reference, write=True)
    person = get_object_or_404(case.people, pk=person_id)
    if not rules.can_edit_details(request.user, case):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, data=form.service_kwargs())
        except services.CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The person was updated."))
            return redirect(case)
    return render(
        request,
        "cases/record_form.html",
        {"case": case, "form": form, "title": _("Edit person")},
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
    return document_file_response(document)


def document_file_response(document) -> FileResponse:
    """The document's file, as the case page and the API hand it out."""
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
    case = _page_case(request, reference)
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


@require_http_methods(["GET", "POST"])
def case_shares(request, reference):
    """Who outside the organisation may read the case; share it with a named person (POST)."""
    case = access_case(request.user, reference, write=True)
    if not rules.can_withdraw_share(request.user, case):
        raise PermissionDenied
    can_share = rules.can_share(request.user, case)
    form = ShareForm(request.POST or None)
    if request.method == "POST":
        if not can_share:
            raise PermissionDenied
        if form.is_valid():
            person = share_candidate(case, form.cleaned_data["email"])
            if person is None:
                form.add_error(
                    "email",
                    _(
                        "No active account of another member organisation has this address. "
                        "Check it with the person."
                    ),
                )
            else:
                try:
                    services.case_share(case=case, actor=request.user, user=person)
                except services.CaseError as error:
                    form.add_error("email", str(error))
                else:
                    messages.success(
                        request,
                        _("%(name)s can now read case %(reference)s.")
                        % {"name": person.display_name, "reference": case.reference},
                    )
                    return redirect("cases:shares", reference=case.reference)
    return render(
        request,
        "cases/shares.html",
        {"case": case, "shares": case_shares_of(case), "form": form if can_share else None},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def case_unshare(request, reference, user_id):
    case = access_case(request.user, reference, write=True)
    if not rules.can_withdraw_share(request.user, case):
        raise PermissionDenied
    person = get_object_or_404(case_shares_of(case), pk=user_id)
    services.case_unshare(case=case, actor=request.user, user=person)
    messages.success(
        request,
        _("%(name)s can no longer read case %(reference)s.")
        % {"name": person.display_name, "reference": case.reference},
    )
    return redirect("cases:shares", reference=case.reference)
