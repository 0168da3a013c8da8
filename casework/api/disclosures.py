"""The API of a government contact: the disclosures addressed to their agency (read only), and
their agency's response to an escalation (POST). The same selectors, form, rules and service
as the portal (casework.disclosures): a disclosure of another agency, a revoked one, or anyone
who is not a government contact, 404. The case resources stay closed to them
(rules.can_use_case_api)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response

from casework.cases import services as case_services
from casework.disclosures import rules, selectors
from casework.disclosures import services as disclosure_services
from casework.disclosures.escalation_forms import GovernmentResponseForm
from casework.disclosures.models import DisclosedItem, Disclosure, Escalation, GovernmentResponse

from .serializers import from_form
from .views import ApiView, CasePages, _body, _valid


class ReadsDisclosures(permissions.BasePermission):
    """A government contact's resources: 404 for anyone else, as for what does not exist."""

    def has_permission(self, request, view) -> bool:
        if not rules.reads_disclosures_only(request.user):
            raise exceptions.NotFound
        return True


class ResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = GovernmentResponse
        fields = [
            "received_on", "channel", "officer", "reference", "decision", "next_date", "summary",
            "recorded_at", "by_agency",
        ]  # fmt: skip


class EscalationSerializer(serializers.ModelSerializer):
    responses = ResponseSerializer(many=True, read_only=True)

    class Meta:
        model = Escalation
        fields = [
            "agency", "state", "requested_action", "sent_on", "reply_expected_on",
            "government_reference", "responses",
        ]  # fmt: skip


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisclosedItem
        fields = ["position", "kind", "sha256"]


class DisclosureSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    kind = serializers.CharField(source="case.kind", read_only=True)
    urgency = serializers.IntegerField(source="case.urgency", read_only=True)
    escalation = EscalationSerializer(read_only=True, allow_null=True)
    items = ItemSerializer(many=True, read_only=True)
    council_contact = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = [
            "id", "case", "kind", "urgency", "agency", "disclosed_at", "requested_action",
            "reply_expected_on", "government_reference", "council_contact", "escalation",
            "items",
        ]  # fmt: skip

    def get_council_contact(self, disclosure: Disclosure) -> str:
        contact = disclosure.council_contact
        return contact.display_name if contact else ""


class DisclosurePageSerializer(serializers.Serializer):
    """One page of a cursor-paginated list: follow `next` until it is null."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DisclosureSerializer(many=True)


def _with_escalations(disclosures):
    return disclosures.select_related("escalation").prefetch_related("escalation__responses")


class DisclosuresView(ApiView):
    permission_classes = [permissions.IsAuthenticated, ReadsDisclosures]

    @extend_schema(operation_id="disclosures_list", responses=DisclosurePageSerializer)
    def get(self, request):
        """The disclosures addressed to your agency that stand (not revoked), newest first."""
        disclosures = _with_escalations(selectors.disclosures_for(request.user))
        pages = CasePages()
        page = pages.paginate_queryset(disclosures, request, view=self)
        return pages.get_paginated_response(DisclosureSerializer(page, many=True).data)


def _disclosure(request, pk: int) -> Disclosure:
    return selectors.access_disclosure(request.user, pk)


class DisclosureView(ApiView):
    permission_classes = [permissions.IsAuthenticated, ReadsDisclosures]

    @extend_schema(operation_id="disclosures_retrieve", responses=DisclosureSerializer)
    def get(self, request, pk):
        """One disclosure: its escalation record, its responses, its items. Audited as an
        open, as on the portal."""
        disclosure = _disclosure(request, pk)
        disclosure_services.disclosure_record_open(disclosure=disclosure, actor=request.user)
        return Response(DisclosureSerializer(disclosure).data)


class DisclosureResponseView(ApiView):
    permission_classes = [permissions.IsAuthenticated, ReadsDisclosures]

    @extend_schema(
        operation_id="disclosures_response_create",
        request=from_form("GovernmentResponseInput", GovernmentResponseForm, exclude=("channel",)),
        responses={201: ResponseSerializer},
    )
    def post(self, request, pk):
        """Your agency's answer to the escalation of this disclosure (channel: the portal).
        It stops the escalation's follow-up; it cannot be changed afterwards."""
        disclosure = _disclosure(request, pk)
        escalation = disclosure.escalation
        if escalation is None or not rules.can_record_response(request.user, escalation):
            raise exceptions.NotFound
        form = _valid(GovernmentResponseForm(_body(request), by_agency=True))
        try:
            response = case_services.government_response_record(
                escalation=escalation, actor=request.user, **form.service_kwargs()
            )
        except case_services.CaseError as error:
            raise exceptions.ValidationError({"non_field_errors": [str(error)]}) from error
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)
