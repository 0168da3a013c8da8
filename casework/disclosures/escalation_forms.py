"""Forms of an escalation to another agency and of a government response (council staff on a
case's ledger, an agency's contact on the portal)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.accounts.models import Agency
from casework.cases.forms import AboutCaseForm, DateInput, DisclosureItemsMixin, blank_first
from casework.inputs import CleanInputFormMixin

from .models import GovernmentResponse

Channel = GovernmentResponse.Channel
# What council staff choose from: the portal is the contact's own channel, "not stated" the
# migrated responses'.
STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value in {
    Channel.EMAIL, Channel.PHONE, Channel.LETTER
}]  # fmt: skip


def _not_in_future(day, message):
    if day is not None and day > timezone.localdate():
        raise ValidationError(message)
    return day


class GovernmentResponseForm(CleanInputFormMixin, forms.Form):
    """An agency's answer to one escalation. `by_agency`: the contact answers on the portal
    (no channel to choose: it is the portal)."""

    received_on = forms.DateField(label=_("Response received on"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Received by"), choices=blank_first(STAFF_CHANNELS))
    decision = forms.ChoiceField(
        label=_("Decision"), choices=blank_first(GovernmentResponse.Decision.choices)
    )
    officer = forms.CharField(label=_("Officer"), required=False, max_length=150)
    reference = forms.CharField(label=_("Their reference"), required=False, max_length=60)
    next_date = forms.DateField(
        label=_("Next date, if any"),
        required=False,
        widget=DateInput(),
        help_text=_("A date the agency set (a decision due, a new removal date): a deadline."),
    )
    summary = forms.CharField(
        label=_("What the agency answered"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, by_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_agency:
            del self.fields["channel"]

    def clean_received_on(self):
        return _not_in_future(
            self.cleaned_data["received_on"],
            _("The response cannot be received in the future."),
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "channel": data.get("channel", Channel.PORTAL),
            "decision": data["decision"],
            "officer": data["officer"],
            "reference": data["reference"],
            "next_date": data["next_date"],
            "summary": data["summary"],
        }


class EscalationForm(DisclosureItemsMixin, AboutCaseForm):
    """Ask another agency about the case, with the items disclosed to it (none by default)."""

    agency = forms.ChoiceField(label=_("Escalate to"), choices=blank_first(Agency.choices))
    requested_action = forms.CharField(
        label=_("What is asked of the agency"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sent_on = forms.DateField(label=_("Date sent"), widget=DateInput())
    reply_expected_on = forms.DateField(
        label=_("Reply expected by"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the follow-up falls due after the usual delay."),
    )
    government_reference = forms.CharField(
        label=_("Government reference"), required=False, max_length=60
    )
    consent_override = forms.BooleanField(
        label=_("Escalate without a consent on file"),
        required=False,
        help_text=_("Only when the people concerned cannot sign in time; the reason is kept."),
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for escalating without consent"), required=False, max_length=2000
    )

    def clean_sent_on(self):
        return _not_in_future(
            self.cleaned_data["sent_on"], _("The date sent cannot be in the future.")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_override") and not cleaned.get("consent_override_reason"):
            self.add_error(
                "consent_override_reason",
                _("Give the reason for escalating without a consent on file."),
            )
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "agency": data["agency"],
            "requested_action": data["requested_action"],
            "sent_on": data["sent_on"],
            "reply_expected_on": data["reply_expected_on"],
            "government_reference": data["government_reference"],
            "consent_override_reason": (
                data["consent_override_reason"] if data["consent_override"] else ""
            ),
            **self.item_kwargs(),
        }
