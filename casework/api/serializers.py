"""What the API answers with (serializers used for output only) and how its request bodies are
described.

Input is validated by the same Django forms as the pages (casework.cases.forms), then written
by the same services: the serializers made by `from_form` only describe a form's fields in the
OpenAPI schema, so the two can never disagree.
"""

from django import forms
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from casework.briefings.models import Briefing
from casework.cases import rules
from casework.cases.forms import ConsentForm, GovernmentFileForm, MemberOrganisationField
from casework.cases.models import Case, Consent, Document, GovernmentFile, Note, Person, Removal
from casework.cases.services import PERSON_DETAILS, REMOVAL_DETAILS

_FIELD_TYPES = (
    # (form field class, serializer field class); the first match wins (subclasses first).
    (forms.ModelChoiceField, serializers.IntegerField),
    (MemberOrganisationField, serializers.IntegerField),  # an id among hundreds
    (forms.TypedChoiceField, serializers.ChoiceField),
    (forms.ChoiceField, serializers.ChoiceField),
    (forms.BooleanField, serializers.BooleanField),
    (forms.IntegerField, serializers.IntegerField),
    (forms.DateTimeField, serializers.DateTimeField),
    (forms.DateField, serializers.DateField),
    (forms.FileField, serializers.FileField),
    (forms.CharField, serializers.CharField),
)


def _describe(field: forms.Field, *, optional: bool = False) -> serializers.Field:
    options = {
        "required": field.required and not optional,
        "help_text": str(field.help_text or "") or None,
    }
    serializer_class = next(
        (described for kind, described in _FIELD_TYPES if isinstance(field, kind)), None
    )
    if serializer_class is None:  # a new kind of form field: add it to _FIELD_TYPES
        raise TypeError(f"no serializer field for {type(field).__name__}")
    if serializer_class is serializers.ChoiceField:
        choices = [(value, str(label)) for value, label in field.choices if value != ""]
        if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
            options["choices"] = [(int(value), label) for value, label in choices]
            options["allow_null"] = not field.required
        else:
            options["choices"] = choices
            options["allow_blank"] = not field.required
    elif serializer_class is serializers.CharField:
        options["allow_blank"] = not field.required
        if field.max_length:
            options["max_length"] = field.max_length
    elif serializer_class is serializers.IntegerField:
        options["allow_null"] = not field.required
        for bound in ("min_value", "max_value"):
            if getattr(field, bound, None) is not None:
                options[bound] = getattr(field, bound)
    elif serializer_class in (serializers.DateField, serializers.DateTimeField):
        options["allow_null"] = not field.required
    if serializer_class is serializers.BooleanField:
        options["required"] = False
    return serializer_class(**options)


def from_form(
    name: str,
    *form_classes: type[forms.BaseForm],
    partial: bool = False,
    exclude: tuple[str, ...] = (),
    **extra: serializers.Field,
) -> type[serializers.Serializer]:
    """A serializer describing the forms' fields, for the schema only (the forms validate).

    Fields of the second and later forms are optional (a transition's own fields); `partial`
    makes every field optional (an update sends what changes); `extra` adds or replaces fields.
    """
    fields = {}
    for position, form_class in enumerate(form_classes):
        for key, field in form_class.base_fields.items():
            if key not in exclude and key not in fields:
                fields[key] = _describe(field, optional=partial or position > 0)
    return type(name, (serializers.Serializer,), {**fields, **extra})


class RemovalSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Removal
        fields = list(REMOVAL_DETAILS)


class CaseSummarySerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    assigned_to = serializers.CharField(
        source="assigned_to.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Case
        fields = [
            "reference", "kind", "status", "urgency", "organisation", "summary", "version",
            "next_deadline", "assigned_to", "created_at", "updated_at", "submitted_at",
        ]  # fmt: skip


class CaseSerializer(CaseSummarySerializer):
    removal = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField(
        help_text="The transitions you may take now (POST .../transitions/{name}/)."
    )

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "grounds", "requested_action", "correspondence_language", "deadline",
            "deadline_note", "urgency_override", "urgency_override_reason", "escalation_target",
            "escalation_sent_on", "government_reference", "response_received_on",
            "response_summary", "outcome", "escalated_at", "closed_at", "removal", "transitions",
        ]  # fmt: skip

    def get_removal(self, case: Case) -> RemovalSerializer(allow_null=True):  # type: ignore[valid-type]
        removal = getattr(case, "removal", None) if case.is_removal else None
        return RemovalSerializer(removal).data if removal is not None else None

    def get_transitions(self, case: Case) -> list[str]:
        return [t.name for t in rules.transitions_for(self.context["request"].user, case)]


class CasePageSerializer(serializers.Serializer):
    """One page of a cursor-paginated list: follow `next` until it is null."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSummarySerializer(many=True)


class PersonSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", *PERSON_DETAILS]


class GovernmentFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = GovernmentFile
        fields = ["id", *GovernmentFileForm.Meta.fields]


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", *ConsentForm.Meta.fields]


class DocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_by",
            "uploaded_at",
        ]  # fmt: skip


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "author", "body", "internal", "created_at"]


class BriefingSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.display_name", read_only=True)

    class Meta:
        model = Briefing
        fields = [
            "number", "language", "recipient", "created_by", "created_at", "sha256", "size",
            "shared_with_organisation",
        ]  # fmt: skip


class TaskSerializer(serializers.Serializer):
    """A task of the inbox: what to do, on which case."""

    id = serializers.IntegerField(source="task.pk")
    title = serializers.CharField(source="task.flow_task.task_title")
    created = serializers.DateTimeField(source="task.created")
    case = CaseSummarySerializer()


class InboxSerializer(serializers.Serializer):
    mine = TaskSerializer(many=True, help_text="Tasks assigned to you, most urgent first.")
    queue = TaskSerializer(many=True, help_text="Tasks waiting for someone who may take them.")


class _Count(serializers.Serializer):
    label = serializers.CharField()
    cases = serializers.CharField(help_text='A number, or "<5" in shareable figures.')


class _Section(serializers.Serializer):
    title = serializers.CharField()
    rows = _Count(many=True)


class _Median(serializers.Serializer):
    median_days = serializers.CharField(help_text="Empty when withheld or unknown.")
    cases = serializers.CharField()


class _Times(serializers.Serializer):
    agency = serializers.CharField()
    to_escalation = _Median()
    to_response = _Median()


class StatisticsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    shareable = serializers.BooleanField()
    notice = serializers.CharField()
    total = serializers.CharField()
    sections = _Section(many=True)
    times = _Times(many=True)
