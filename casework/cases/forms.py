"""Forms check input and turn it into arguments for services; they never save."""

import datetime
import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import Transition

from casework.accounts.models import Agency, User
from casework.accounts.selectors import (
    MEMBER_CHOICES_SECONDS,
    member_organisation_choices,
    member_organisation_choices_version,
    staff,
    staff_choices,
)
from casework.dates import date_display
from casework.disclosures.models import GovernmentResponse
from casework.forms_rendering import OnePassSelect
from casework.inputs import CleanInputFormMixin

from . import rules
from .facts import Facts, facts_fields, facts_model, facts_of
from .identifiers import normalise_file_number, normalise_uci
from .models import (
    Case,
    Consent,
    Document,
    GovernmentFile,
    Kind,
    Outcome,
    Person,
    Removal,
    Status,
    Urgency,
)
from .selectors import CaseFilters
from .uploads import ALLOWED_TYPES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MemberOrganisationField(forms.TypedChoiceField):
    """A member organisation, by id; its choices are read when the form is validated or drawn,
    in the reader's language, from accounts.selectors.member_organisation_choices' cache."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now() -> list:
        return [("", _("Any organisation")), *member_organisation_choices(get_language())]


def _after_any(label, choices) -> Callable[[], list]:
    """`choices` after an empty one, `label` ("Any status"), as a callable: Django copies a
    form's fields for each form it makes, and copying lists of translatable labels took most
    of the case list's filter form to make (a function is not copied)."""
    return lambda: [("", label), *choices]


class CaseFilterForm(CleanInputFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Names, reference, UCI or file number"), "type": "search"}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_after_any(_("Any status"), Status.choices),
        widget=OnePassSelect,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_after_any(_("Any kind"), Kind.choices),
        widget=OnePassSelect,
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_after_any(_("Any urgency"), Urgency.choices),
        widget=OnePassSelect,
    )
    organisation = MemberOrganisationField(
        label=_("Organisation"), required=False, widget=OnePassSelect
    )
    state = forms.ChoiceField(
        label=_("Open or finished"),
        required=False,
        choices=_after_any(
            _("Open and finished"), [("open", _("Open")), ("finished", _("Finished"))]
        ),
        widget=OnePassSelect,
    )
    submission = forms.ChoiceField(
        label=_("Waiting for triage"),
        required=False,
        choices=_after_any(
            _("Any"), [("new", _("New submissions")), ("info_received", _("Information received"))]
        ),
        widget=OnePassSelect,
    )
    removal_within = forms.IntegerField(
        label=_("Removal within (days)"), required=False, min_value=1, max_value=366
    )
    overdue = forms.BooleanField(label=_("Government follow-up overdue"), required=False)

    def __init__(self, data=None, *, user: User):
        super().__init__(data)
        if not rules.can_see_submitted_cases(user):
            # Members see their own organisation's cases only: nothing to choose.
            del self.fields["organisation"]

    # How long cases/list.html keeps the markup of the filters other than the search box
    # ({% cache %}, under markup_key): as long as the organisations it offers are kept.
    MARKUP_SECONDS = MEMBER_CHOICES_SECONDS

    def markup_key(self) -> str:
        """What the filters other than the search box are drawn from: the values given for
        them, valid or not (an error is drawn too), and the organisations offered, if any. The
        search text is not part of it: nobody's words are kept with the markup."""
        given = [(name, self[name].data) for name in self.fields if name != "q"]
        if "organisation" in self.fields:
            given.append(("organisations", member_organisation_choices_version()))
        return repr(given)

    def query(self) -> str:
        """The valid filters as the list's query string (what a saved filter keeps)."""
        if not self.is_bound or not self.is_valid():
            return ""
        kept = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            kept[name] = "on" if value is True else value
        return urlencode(kept)

    def filters(self) -> CaseFilters:
        """The valid filters; an invalid one is ignored (and its error shown on the form)."""
        if not self.is_bound:
            return CaseFilters()
        self.is_valid()
        data = self.cleaned_data
        return CaseFilters(
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            urgency=data.get("urgency"),
            organisation=data.get("organisation"),
            text=data.get("q", ""),
            state=data.get("state", ""),
            submission=data.get("submission", ""),
            removal_within=data.get("removal_within"),
            overdue=data.get("overdue", False),
        )


class ServiceModelForm(CleanInputFormMixin, forms.ModelForm):
    """A model form that validates only: the service saves, from service_kwargs()."""

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ServiceForm(CleanInputFormMixin, forms.Form):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CaseForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = [
            "kind", "title", "summary", "grounds", "requested_action", "correspondence_language",
            "deadline", "deadline_note",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "grounds": forms.Textarea(attrs={"rows": 6}),
            "requested_action": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The kind decides the flow; it is fixed once the case exists.
            self.fields["kind"].disabled = True
            self.fields["version"].initial = self.instance.version

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        if self.instance.pk:
            data.pop("kind")
        return data


# A removal date further away than this is a typing error (removals are enforced within
# weeks or months of the order being in force).
REMOVAL_HORIZON = datetime.timedelta(days=2 * 366)


class RemovalForm(ServiceModelForm):
    prefix = "removal"

    class Meta:
        model = Removal
        fields = [
            "removal_at", "location", "destination", "order_type", "detained",
            "detention_facility", "cbsa_office", "prra_notified_on", "prra_notice_mode",
        ]  # fmt: skip
        widgets = {
            "removal_at": DateTimeInput(),
            "prra_notified_on": DateInput(),
            "destination": OnePassSelect,
        }
        help_texts = {"removal_at": _("In your own time zone.")}

    def clean_removal_at(self):
        removal_at = self.cleaned_data["removal_at"]
        changed = self.instance.pk is None or removal_at != self.instance.removal_at
        if removal_at and changed and removal_at < timezone.now():
            raise ValidationError(_("The removal date must be in the future."))
        if removal_at and changed and removal_at > timezone.now() + REMOVAL_HORIZON:
            raise ValidationError(
                _("A removal is scheduled at most two years ahead: check the year.")
            )
        return removal_at


class FactsForm(ServiceModelForm):
    """The facts of one kind of case (casework.cases.facts); built by facts_form_class, for
    services.case_facts_update."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        instance = facts_of(case) or facts_model(case.kind)(case=case)
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["version"].initial = case.version

    def service_kwargs(self) -> dict:
        names = facts_fields(self.instance.case.kind)
        return {
            "expected_version": self.cleaned_data["version"],
            "data": {name: self.cleaned_data[name] for name in names},
        }


def facts_form(*args, case: Case, **kwargs) -> FactsForm:
    """The facts form of the case's kind, on its recorded facts (or a blank record)."""
    return facts_form_class(case.kind)(*args, case=case, **kwargs)


def _facts_widget(field):
    if isinstance(field, models.DateField):
        return DateInput()
    if field.choices and not isinstance(field, models.BooleanField):
        return OnePassSelect
    return None


@functools.cache
def facts_form_class(kind: str) -> type[FactsForm]:
    model: type[Facts] = facts_model(kind)
    names = facts_fields(kind)
    widgets = {
        name: widget
        for name in names
        if (widget := _facts_widget(model._meta.get_field(name))) is not None
    }
    meta = type("Meta", (), {"model": model, "fields": names, "widgets": widgets})
    return type(f"{model.__name__}Form", (FactsForm,), {"Meta": meta})


class PersonForm(ServiceModelForm):
    # Longer than the 10 stored digits: people type the displayed form, 12-3456-7890.
    uci = forms.CharField(
        label=_("UCI"),
        required=False,
        max_length=20,
        help_text=_("Unique client identifier: 8 or 10 digits."),
    )

    class Meta:
        model = Person
        fields = [
            "role", "family_name", "given_names", "date_of_birth", "date_of_birth_precision",
            "citizenship", "uci", "relationship",
        ]  # fmt: skip
        widgets = {"date_of_birth": DateInput(), "citizenship": OnePassSelect}

    def clean_uci(self):
        uci = self.cleaned_data["uci"]
        return normalise_uci(uci) if uci else ""

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise ValidationError(_("A date of birth cannot be in the future."))
        if born and born < datetime.date(1900, 1, 1):
            raise ValidationError(_("Check the year of birth."))
        return born


class GovernmentFileForm(ServiceModelForm):
    class Meta:
        model = GovernmentFile
        fields = [
            "agency", "kind", "number", "person", "submitted_on", "decided_on", "decision",
            "notified_on", "decided_outside_canada",
        ]  # fmt: skip
        widgets = {
            "submitted_on": DateInput(),
            "decided_on": DateInput(),
            "notified_on": DateInput(),
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.people.all()

    def clean(self):
        cleaned = super().clean()
        agency, number = cleaned.get("agency"), cleaned.get("number")
        if agency and number:
            try:
                cleaned["number"] = normalise_file_number(number, agency=agency)
            except ValidationError as error:
                self.add_error("number", error)
        return cleaned


class ConsentForm(ServiceModelForm):
    class Meta:
        model = Consent
        fields = [
            "person", "signed_by", "signer_name", "instrument", "covers_council",
            "covers_ircc", "covers_cbsa", "signed_on", "expires_on",
        ]  # fmt: skip
        widgets = {"signed_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.people.all()


def blank_first(choices) -> list:
    """A required choice with nothing chosen at first: the person picks it, never a default."""
    return [("", _("Choose…")), *choices]


class DocumentForm(ServiceForm):
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=blank_first(Document.DocumentKind.choices)
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, Word (.docx) or OpenDocument (.odt)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(sorted(set().union(*ALLOWED_TYPES.values())))}
        ),
    )


class NoteForm(ServiceForm):
    """A message to the other side, with a document if one is chosen; or, for council staff,
    a note kept for the council."""

    body = forms.CharField(
        label=_("Message"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
    upload = forms.FileField(
        label=_("Attach a document"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word (.docx) or OpenDocument (.odt)."),
    )
    document_kind = forms.ChoiceField(
        label=_("Kind of document"),
        required=False,
        choices=blank_first(Document.DocumentKind.choices),
    )
    internal = forms.BooleanField(
        label=_("Council only"),
        required=False,
        help_text=_("Not shown to the member organisation, and not e-mailed."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("upload") and not cleaned.get("document_kind"):
            self.add_error("document_kind", _("Say what kind of document it is."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = {"body": self.cleaned_data["body"], "internal": self.cleaned_data["internal"]}
        if self.cleaned_data.get("upload"):
            data["upload"] = self.cleaned_data["upload"]
            data["document_kind"] = self.cleaned_data["document_kind"]
        return data


class DeleteDraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DuplicateDismissForm(ServiceForm):
    reason = forms.CharField(
        label=_("Why they are different people"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StaffChoices(forms.models.ModelChoiceIterator):
    """The staff select's options from accounts.selectors.staff_choices (a minute's copy):
    reading and naming them took a query and about 1.5 ms of each council case page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from staff_choices()

    def __len__(self):
        return len(staff_choices()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(staff_choices())


class StaffChoiceField(forms.ModelChoiceField):
    """Council staff by their names, as colleagues know them, not by their logins; the
    account chosen is looked up among them in the database when the form is sent."""

    iterator = StaffChoices


def staff_choice(label) -> StaffChoiceField:
    """Who a case may be assigned to (council staff), or nobody."""
    return StaffChoiceField(
        label=label,
        required=False,
        empty_label=_("Nobody"),
        widget=OnePassSelect,
        queryset=staff(),
    )


class AssignForm(ServiceForm):
    assignee = staff_choice(_("Assign to"))


# How many cases one bulk action may name: a page of the list.
BULK_MAX_CASES = 100


class BulkActionForm(CleanInputFormMixin, forms.Form):
    """The case list's bulk action: the ticked cases (ids), and take them or assign them."""

    TAKE, ASSIGN = "take", "assign"
    cases = forms.TypedMultipleChoiceField(coerce=int, required=True)
    action = forms.ChoiceField(
        label=_("With the selected cases"),
        choices=[(TAKE, _("Take them (assign to me)")), (ASSIGN, _("Assign them to"))],
        widget=OnePassSelect,
    )
    assignee = staff_choice(_("Colleague"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here: the view keeps only the cases the user may see.
        self.fields["cases"].valid_value = lambda value: True
        self.fields["cases"].error_messages["required"] = _("Tick at least one case.")

    def clean_cases(self):
        ids = self.cleaned_data["cases"]
        if len(ids) > BULK_MAX_CASES:
            raise ValidationError(_("Choose %(count)d cases at most.") % {"count": BULK_MAX_CASES})
        return ids


class SavedFilterForm(CleanInputFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the filter"), max_length=80)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)


class ReminderForm(ServiceForm):
    remind_on = forms.DateField(label=_("Remind me on"), widget=DateInput())
    note = forms.CharField(label=_("Note to yourself (optional)"), required=False, max_length=200)
    email = forms.BooleanField(
        label=_("Also e-mail me that day (the e-mail names the case reference only)"),
        required=False,
    )


class UrgencyOverrideForm(ServiceForm):
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("As computed")), *Urgency.choices],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


# Transition forms. `version` detects a stale page; `comment` is kept in the history.


class AboutCaseForm(CleanInputFormMixin, forms.Form):
    """A form about one case: its choices come from the case."""

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case


class TransitionForm(AboutCaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_kwargs(self) -> dict:
        return {}

    @classmethod
    def initial_for(cls, case: Case) -> dict:
        """What the form proposes for this case before anyone types."""
        return {"version": case.version}


class ReasonForm(TransitionForm):
    comment = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentChoice(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if value and not isinstance(value, list | tuple):  # e.g. a number sent to the API
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        # Ids only: a number too large for the database is not a choice (SQLite would raise).
        for each in value or ():
            if not (isinstance(each, str) and each.isdigit() and len(each) < 19):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": each},
                )
        return super().clean(value)

    def label_from_instance(self, document: Document) -> str:
        return f"{document.get_kind_display()}: {document.original_name}"


class BriefingChoice(forms.ModelChoiceField):
    def label_from_instance(self, briefing) -> str:
        return _("Version %(number)d, for %(recipient)s, in %(language)s") % {
            "number": briefing.number,
            "recipient": briefing.recipient,
            "language": briefing.get_language_display(),
        }


class DisclosureItemsMixin(forms.Form):
    """What goes to the agency with a disclosure: a briefing version and chosen documents.

    Nothing is chosen by default. The service checks the briefing's recipient and the consent.
    """

    briefing = BriefingChoice(
        label=_("Briefing version to disclose"),
        required=False,
        queryset=None,
        empty_label=_("None"),
        widget=OnePassSelect,
    )
    documents = DocumentChoice(
        label=_("Documents to disclose"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the agency needs to know. None is chosen by default."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["briefing"].queryset = case.briefings.order_by("-number")
        self.fields["documents"].queryset = case.documents.order_by("pk")

    def item_kwargs(self) -> dict:
        return {
            "briefing": self.cleaned_data["briefing"],
            "documents": list(self.cleaned_data["documents"]),
        }


class EscalateForm(DisclosureItemsMixin, TransitionForm):
    target = forms.ChoiceField(label=_("Escalate to"), choices=Agency.choices)
    sent_on = forms.DateField(label=_("Date sent"), widget=DateInput())
    government_reference = forms.CharField(
        label=_("Government reference"), required=False, max_length=60
    )
    comment = forms.CharField(
        label=_("Comment or justification"),
        required=False,
        max_length=4000,
        help_text=_("Required when an urgent removal is escalated without review."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent_override = forms.BooleanField(
        label=_("Escalate without a consent on file"),
        required=False,
        help_text=_(
            "Only when the people concerned cannot sign in time; the reason is kept in the "
            "case history."
        ),
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for escalating without consent"), required=False, max_length=2000
    )

    @classmethod
    def initial_for(cls, case: Case) -> dict:
        # The kind says where the case goes: removals and the border to CBSA, else IRCC.
        return super().initial_for(case) | {"target": case.agency}

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise ValidationError(_("The date sent cannot be in the future."))
        return sent_on

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("consent_override_reason", "").strip()
        if cleaned.get("consent_override") and not reason:
            self.add_error(
                "consent_override_reason",
                _("Give the reason for escalating without a consent on file."),
            )
        return cleaned

    def service_kwargs(self) -> dict:
        return {
            "target": self.cleaned_data["target"],
            "sent_on": self.cleaned_data["sent_on"],
            "government_reference": self.cleaned_data["government_reference"],
            "consent_override_reason": (
                self.cleaned_data["consent_override_reason"]
                if self.cleaned_data["consent_override"]
                else ""
            ),
            **self.item_kwargs(),
        }


class EscalationChoice(forms.ModelChoiceField):
    def label_from_instance(self, escalation) -> str:
        return _("To %(agency)s, sent on %(date)s") % {
            "agency": escalation.agency,
            "date": date_display(escalation.sent_on, "DATE_FORMAT"),
        }


class RecordResponseForm(TransitionForm):
    """The first answer of the government: the case moves to responded. The details of the
    answer (which escalation, channel, decision...) are optional here; the case's ledger
    records each agency's answers in full."""

    escalation = EscalationChoice(
        label=_("Response to"),
        required=False,
        queryset=None,
        empty_label=_("The escalation waiting for an answer"),
        widget=OnePassSelect,
    )
    received_on = forms.DateField(label=_("Response received on"), widget=DateInput())
    channel = forms.ChoiceField(
        label=_("Received by"),
        required=False,
        choices=[
            ("", _("Not stated")),
            *[
                (value, label)
                for value, label in GovernmentResponse.Channel.choices
                if value in {"email", "phone", "letter"}
            ],
        ],
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("Other")), *GovernmentResponse.Decision.choices],
    )
    officer = forms.CharField(label=_("Officer"), required=False, max_length=150)
    reference = forms.CharField(label=_("Their reference"), required=False, max_length=60)
    next_date = forms.DateField(label=_("Next date, if any"), required=False, widget=DateInput())
    response = forms.CharField(
        label=_("What the government answered"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["escalation"].queryset = case.escalations.filter(state="open")

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(_("The response cannot be received in the future."))
        return received_on

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "response": data["response"],
            "escalation": data["escalation"],
            "channel": data["channel"] or GovernmentResponse.Channel.NOT_STATED,
            "decision": data["decision"] or GovernmentResponse.Decision.OTHER,
            "officer": data["officer"],
            "reference": data["reference"],
            "next_date": data["next_date"],
        }


class CloseForm(TransitionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=blank_first([c for c in Outcome.choices if c[0] != Outcome.WITHDRAWN]),
    )

    def service_kwargs(self) -> dict:
        return {"outcome": self.cleaned_data["outcome"]}


def transition_form_class(transition: Transition) -> type[TransitionForm]:
    """The form of a transition, as its declaration names it (Case, `custom["form"]`)."""
    return _TRANSITION_FORM_CLASSES[transition.custom["form"]]


_TRANSITION_FORM_CLASSES = {
    form.__name__: form
    for form in (TransitionForm, ReasonForm, EscalateForm, RecordResponseForm, CloseForm)
}
