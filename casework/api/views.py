"""The REST API's views (/api/v1/). Thin: each one fetches through the same selectors and
access_case as the pages, validates with the same forms, writes through the same services and
asks the same rules (casework.cases.rules). Nothing here decides who may do what."""

from django.contrib.auth.decorators import login_not_required
from django.forms import Field, model_to_dict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.briefings import selectors as briefing_selectors
from casework.briefings import services as briefing_services
from casework.briefings import tasks as briefing_tasks
from casework.briefings.forms import BriefingForm
from casework.briefings.views import briefing_file_response
from casework.cases import rules, services
from casework.cases.forms import (
    CaseFilterForm,
    CaseForm,
    ConsentForm,
    DocumentForm,
    GovernmentFileForm,
    NoteForm,
    PersonForm,
    RemovalForm,
    TransitionForm,
    transition_form_class,
)
from casework.cases.models import Case, Kind, case_transitions
from casework.cases.permissions import access_case
from casework.cases.selectors import case_list, notes_visible_to
from casework.cases.views import document_file_response
from casework.reports.views import INTERNAL, SHAREABLE, requested_statistics, statistics_shown
from flows import selectors as flow_selectors

from . import serializers as out

REFERENCE = OpenApiParameter(
    "reference", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. CCR-2026-00042"
)


class UsesCaseApi(permissions.BasePermission):
    """Case resources: for the people rules.can_use_case_api names; 404 for anyone else, the
    same answer as for a case that does not exist."""

    def has_permission(self, request, view) -> bool:
        if not rules.can_use_case_api(request.user):
            raise exceptions.NotFound
        return True


class ApiView(APIView):
    """Signed in by token or session (401 otherwise, never the login page's redirect)."""

    permission_classes = [permissions.IsAuthenticated, UsesCaseApi]

    @classmethod
    def as_view(cls, **initkwargs):
        # DRF authenticates inside the view; Django's LoginRequiredMiddleware, which knows only
        # the session, must let the request reach it.
        return login_not_required(super().as_view(**initkwargs))


class NotFoundView(ApiView):
    """Any other address under /api/: 404 as problem details, not the site's HTML page."""

    permission_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound


def _valid(form):
    """The form, validated; its errors otherwise, as a 400 problem that changes nothing."""
    if not form.is_valid():
        errors = {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in form.errors.items()
        }
        raise exceptions.ValidationError(errors)
    return form


def _body(request) -> dict:
    if not hasattr(request.data, "get"):
        raise exceptions.ValidationError(
            {"non_field_errors": [exceptions.ParseError.default_detail]}
        )
    return request.data


def _case(request, reference: str, *, write: bool = False) -> Case:
    """The case through access_case (404 / 403), and a read recorded in the audit log as the
    case page records one."""
    case = access_case(request.user, reference, write=write)
    if not write:
        services.case_record_view(case=case, actor=request.user)
    return case


class CasePages(CursorPagination):
    # The newest first, by a unique, indexed, never-null key: a stable cursor however the list
    # changes between pages (members' systems page through it to synchronise).
    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def _removal_form(kind: str, data: dict):
    """The removal details of a new removal or border case (None for other kinds)."""
    if kind not in (Kind.REMOVAL_DEFERRAL, Kind.BORDER_INTERVENTION):
        return None
    removal = data.get("removal") or {}
    if not hasattr(removal, "get"):
        raise exceptions.ValidationError({"removal": [_("Expected an object.")]})
    return RemovalForm(removal, prefix="")


_FILTERS = out.from_form("CaseFilters", CaseFilterForm)
CaseInput = out.from_form(
    "CaseInput",
    CaseForm,
    exclude=("version",),
    removal=out.from_form("RemovalInput", RemovalForm)(
        required=False, help_text="For a removal or border case: the removal's details."
    ),
)


class CaseListView(ApiView):
    @extend_schema(
        operation_id="cases_list",
        parameters=[_FILTERS],
        responses=out.CasePageSerializer,
        description="The cases you may see, with the case list page's filters and search (q).",
    )
    def get(self, request):
        form = _valid(CaseFilterForm(request.query_params, user=request.user))
        pages = CasePages()
        page = pages.paginate_queryset(case_list(request.user, form.filters()), request, self)
        return pages.get_paginated_response(
            out.CaseSummarySerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        operation_id="cases_create",
        request=CaseInput,
        responses={201: out.CaseSerializer},
        description="A draft case of your organisation.",
    )
    def post(self, request):
        if not rules.can_create_case(request.user):
            raise exceptions.PermissionDenied
        data = _body(request)
        form = _valid(CaseForm(data))
        fields = form.service_kwargs()
        removal_form = _removal_form(form.cleaned_data["kind"], data)
        if removal_form is not None:
            fields["removal"] = _valid(removal_form).service_kwargs()
        case = services.case_create(actor=request.user, **fields)
        return Response(
            out.CaseSerializer(case, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


CaseUpdate = out.from_form(
    "CaseUpdate",
    CaseForm,
    partial=True,
    exclude=("kind",),
    version=serializers.IntegerField(help_text="The version you read (409 if it changed)."),
    removal=out.from_form("RemovalUpdate", RemovalForm, partial=True)(required=False),
)


class CaseDetailView(ApiView):
    @extend_schema(operation_id="cases_retrieve", parameters=[REFERENCE],
                   responses=out.CaseSerializer)  # fmt: skip
    def get(self, request, reference):
        case = _case(request, reference)
        return Response(out.CaseSerializer(case, context={"request": request}).data)

    @extend_schema(
        operation_id="cases_update",
        parameters=[REFERENCE],
        request=CaseUpdate,
        responses=out.CaseSerializer,
        description=(
            "Change the case's details while you may edit it (draft or information requested "
            "for its organisation). `version` is the version you read: 409 if it changed."
        ),
    )
    def patch(self, request, reference):
        case = _case(request, reference, write=True)
        if not rules.can_edit_details(request.user, case):
            raise exceptions.PermissionDenied
        data = _body(request)
        if "version" not in data:
            raise exceptions.ValidationError(
                {"version": [Field.default_error_messages["required"]]}
            )
        # A PATCH sends what changes: the rest is the case as it is.
        current = model_to_dict(case, fields=CaseForm.Meta.fields)
        form = _valid(CaseForm({**current, **data}, instance=case))
        fields = form.service_kwargs()
        if "removal" in data and case.is_removal:
            removal = getattr(case, "removal", None)
            changes = data.get("removal") or {}
            if not hasattr(changes, "get"):
                raise exceptions.ValidationError({"removal": [_("Expected an object.")]})
            current = model_to_dict(removal, fields=RemovalForm.Meta.fields) if removal else {}
            removal_form = RemovalForm({**current, **changes}, prefix="", instance=removal)
            fields["removal"] = _valid(removal_form).service_kwargs()
        case = services.case_update(
            case=case,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            data=fields,
        )
        return Response(out.CaseSerializer(case, context={"request": request}).data)


TransitionInput = out.from_form(
    "TransitionInput",
    TransitionForm,
    *sorted({transition_form_class(t) for t in case_transitions().values()}, key=str),
)


class CaseTransitionView(ApiView):
    @extend_schema(
        operation_id="cases_transition",
        parameters=[
            REFERENCE,
            OpenApiParameter(
                "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(case_transitions())
            ),
        ],
        request=TransitionInput,
        responses=out.CaseSerializer,
        description=(
            "Take a transition of the case (submit, request_info, accept, escalate...). "
            "`version` is the version you read: 409 if someone changed the case meanwhile. "
            "Each transition needs its own fields (escalate: target and sent_on; "
            "record_response: received_on and response; close: outcome; decline, withdraw, "
            "request_info and follow_up: comment)."
        ),
    )
    def post(self, request, reference, name):
        case = access_case(request.user, reference, write=True)
        transition = case_transitions().get(name)
        if transition is None:
            raise exceptions.NotFound
        form = _valid(transition_form_class(transition)(_body(request), case=case))
        case = services.TRANSITION_SERVICES[name](
            case=case,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
            **form.service_kwargs(),
        )
        return Response(out.CaseSerializer(case, context={"request": request}).data)


def _records(*, name, read, serializer, form_class, service, with_case=False,
             parsers=(JSONParser, FormParser, MultiPartParser)):  # fmt: skip
    """A list of the case's records (GET) and adding one (POST), as the page of that record
    does it: the same form, the same rule (can_edit_details), the same service."""

    class View(ApiView):
        parser_classes = parsers

        @extend_schema(operation_id=f"cases_{name}_list", parameters=[REFERENCE],
                       responses=serializer(many=True))  # fmt: skip
        def get(self, request, reference):
            case = _case(request, reference)
            return Response(serializer(read(request.user, case), many=True).data)

        @extend_schema(
            operation_id=f"cases_{name}_create",
            parameters=[REFERENCE],
            request=out.from_form(f"{form_class.__name__.removesuffix('Form')}Input", form_class),
            responses={201: serializer},
        )
        def post(self, request, reference):
            case = access_case(request.user, reference, write=True)
            rule = rules.can_add_note if form_class is NoteForm else rules.can_edit_details
            if not rule(request.user, case):
                raise exceptions.PermissionDenied
            extra = {"case": case} if with_case else {}
            form = _valid(form_class(_body(request), request.FILES or None, **extra))
            record = service(case=case, actor=request.user, **form.service_kwargs())
            return Response(serializer(record).data, status=status.HTTP_201_CREATED)

    View.__name__ = View.__qualname__ = f"Case{name.title().replace('_', '')}View"
    return View


CasePeopleView = _records(
    name="people", read=lambda user, case: case.people.all(), serializer=out.PersonSerializer,
    form_class=PersonForm, service=services.person_add,
)  # fmt: skip
CaseGovernmentFilesView = _records(
    name="government_files", read=lambda user, case: case.government_files.all(),
    serializer=out.GovernmentFileSerializer, form_class=GovernmentFileForm,
    service=services.government_file_add, with_case=True,
)  # fmt: skip
CaseConsentsView = _records(
    name="consents", read=lambda user, case: case.consents.all(),
    serializer=out.ConsentSerializer, form_class=ConsentForm, service=services.consent_add,
    with_case=True,
)  # fmt: skip
CaseDocumentsView = _records(
    name="documents", read=lambda user, case: case.documents.select_related("uploaded_by"),
    serializer=out.DocumentSerializer, form_class=DocumentForm, service=services.document_add,
    parsers=(MultiPartParser,),
)  # fmt: skip
CaseNotesView = _records(
    name="notes", read=notes_visible_to, serializer=out.NoteSerializer, form_class=NoteForm,
    service=services.note_add,
)  # fmt: skip


class DocumentDownloadView(ApiView):
    @extend_schema(
        operation_id="cases_documents_download",
        parameters=[REFERENCE],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, reference, document_id):
        case = access_case(request.user, reference)
        document = get_object_or_404(case.documents, pk=document_id)
        services.document_record_download(document=document, actor=request.user)
        return document_file_response(document)


# Briefings, the task inbox, statistics: each through the same selectors, forms and services
# as its page.


class CaseBriefingsView(ApiView):
    @extend_schema(operation_id="cases_briefings_list", parameters=[REFERENCE],
                   responses=out.BriefingSerializer(many=True))  # fmt: skip
    def get(self, request, reference):
        case = _case(request, reference)
        briefings = briefing_selectors.briefings_visible_to(request.user, case)
        return Response(out.BriefingSerializer(briefings, many=True).data)

    @extend_schema(
        operation_id="cases_briefings_create",
        parameters=[REFERENCE],
        request=out.from_form("BriefingInput", BriefingForm),
        responses={201: out.BriefingSerializer, 202: None},
        description=(
            "Generate a new version of the briefing (council staff). 201 with the version when "
            "it was rendered at once; 202 when it is being rendered (list the versions again)."
        ),
    )
    def post(self, request, reference):
        case = access_case(request.user, reference)
        if not rules.can_generate_briefing(request.user, case):
            raise exceptions.PermissionDenied
        form = _valid(BriefingForm(_body(request), case=case))
        briefing_services.check_generate(case=case, actor=request.user)
        number = briefing_tasks.render_briefing_soon(
            case_id=case.pk, actor_id=request.user.pk, **form.service_kwargs()
        )
        if number is None:
            return Response(status=status.HTTP_202_ACCEPTED)
        briefing = case.briefings.select_related("created_by").get(number=number)
        return Response(out.BriefingSerializer(briefing).data, status=status.HTTP_201_CREATED)


class BriefingDownloadView(ApiView):
    @extend_schema(
        operation_id="cases_briefings_download",
        parameters=[REFERENCE],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, reference, number):
        case = access_case(request.user, reference)
        briefings = briefing_selectors.briefings_visible_to(request.user, case)
        briefing = get_object_or_404(briefings, number=number)
        briefing.case = case
        briefing_services.briefing_record_download(briefing=briefing, actor=request.user)
        return briefing_file_response(briefing)


class TasksView(ApiView):
    @extend_schema(operation_id="tasks_list", responses=out.InboxSerializer)
    def get(self, request):
        mine, queue = flow_selectors.inbox(request.user)
        return Response(out.InboxSerializer({"mine": mine, "queue": queue}).data)


class StatisticsView(ApiView):
    # Not a case resource: whoever may see statistics (rules.can_see_statistics), as the page.
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="statistics",
        parameters=[
            # PeriodForm's fields are made per request ("from" is a keyword): named here.
            OpenApiParameter("from", OpenApiTypes.DATE, description="Default: 1 January."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Default: today."),
            OpenApiParameter("audience", OpenApiTypes.STR, enum=[SHAREABLE, INTERNAL]),
        ],
        responses=out.StatisticsSerializer,
        description=(
            'The statistics page\'s figures. Counts from 1 to 4 are "<5" and medians over '
            "fewer than 5 cases are left out, unless council staff ask for audience=internal."
        ),
    )
    def get(self, request):
        form, shareable, stats = requested_statistics(request)
        if stats is None:
            _valid(form)
        return Response(out.StatisticsSerializer(statistics_shown(stats, shareable)).data)
